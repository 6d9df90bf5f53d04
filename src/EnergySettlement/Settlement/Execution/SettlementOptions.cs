using EnergySettlement.Chains;
using Polly;

namespace EnergySettlement.Settlement;

/// <summary>
/// How the <see cref="SettlementService"/> executes batches: when a transaction counts as dropped for good or stuck, how
/// long final batches are watched for reorganisations, how blocked batches are retried, and the resilience pipeline every
/// chain call runs through. Validated at start-up; every problem is reported at once.
/// </summary>
/// <remarks>A mutable options object read when the service is created. Not thread-safe while being configured.</remarks>
public sealed class SettlementOptions
{
    /// <summary>
    /// Gets or sets how long a transaction may stay dropped (not pending and not in the chain, although it is re-sent
    /// unchanged every pass) before it is given up as dead, released and its batch re-planned.
    /// </summary>
    /// <value>The default is 30 minutes. Must be positive.</value>
    /// <remarks>A dropped transaction is not provably dead: a node may still hold it. Chains that refuse a batch id twice
    /// (the simulated chain, the Ethereum settlement contract) make the re-planned transaction safe; on others keep this long.</remarks>
    public TimeSpan DropTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets how long a transaction may wait unconfirmed after it was first sent before it is accelerated
    /// (fee-bumped replacement or child pays for parent), where the chain's provider can.</summary>
    /// <value>The default is 10 minutes. Must be positive.</value>
    public TimeSpan AccelerateAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the most accelerating transactions one attempt of a batch may get.</summary>
    /// <value>The default is 3. 0 disables acceleration.</value>
    public int MaxAccelerationsPerAttempt { get; set; } = 3;

    /// <summary>
    /// Gets or sets how long after finality a batch's transaction is still re-checked, so a reorganisation deeper than the
    /// chain's finality rule is noticed: the receipt is reversed and the batch resumes (re-sending the same bytes).
    /// </summary>
    /// <value>The default is 1 hour. <see cref="TimeSpan.Zero"/> stops watching at finality.</value>
    public TimeSpan ReorgWatch { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how long a blocked batch (refused by its chain before anything was sent: insufficient funds, a
    /// rejected payout) waits before it is tried again; the wait doubles with each consecutive refusal, up to 64 times this.</summary>
    /// <value>The default is 5 minutes. Must be positive.</value>
    public TimeSpan BlockedRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how often the background worker runs a settlement pass, and how often receipt watchers look
    /// for receipts written by other processes.</summary>
    /// <value>The default is 15 seconds. Must be positive.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets how many times a chain call that failed transiently is retried within one pass, with
    /// exponential back-off and jitter, before the chain's batches wait for the next pass.</summary>
    /// <value>The default is 3. 0 disables retries.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the first retry's delay; later ones grow exponentially.</summary>
    /// <value>The default is 1 second. Must not be negative.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the share of failed chain calls (within <see cref="CircuitBreakerSamplingDuration"/>) that opens
    /// a chain's circuit: its batches then wait in the journal without calling the chain until the break ends.</summary>
    /// <value>The default is 0.5. Must be above 0 and at most 1.</value>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets the fewest calls within the sampling duration before the circuit may open.</summary>
    /// <value>The default is 10. Must be at least 2.</value>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Gets or sets the window over which the failure ratio is measured.</summary>
    /// <value>The default is 30 seconds. Must be at least 500 milliseconds.</value>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an open circuit refuses calls before it lets one through to test the chain.</summary>
    /// <value>The default is 1 minute. Must be at least 500 milliseconds.</value>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets a replacement for the default resilience pipeline of a chain's calls: it receives a builder (named
    /// <c>EnergySettlement.Settlement</c>, with the service's <see cref="TimeProvider"/>) and the chain, adds strategies,
    /// and the service builds it. Treat an exception whose <see cref="EnergySettlementException.IsTransient"/> is
    /// <see langword="true"/> as retryable; anything the pipeline finally throws that is transient, or a Polly
    /// <see cref="ExecutionRejectedException"/>, makes the chain's batches wait in the journal.
    /// </summary>
    /// <value>The default is <see langword="null"/>: retry (<see cref="MaxRetryAttempts"/>, <see cref="RetryBaseDelay"/>)
    /// then circuit breaker (the <c>CircuitBreaker…</c> options), both for transient failures only.</value>
    public Action<ResiliencePipelineBuilder, ChainId>? ConfigureResilience { get; set; }

    /// <summary>Checks the options and returns every problem found.</summary>
    /// <returns>The problems (empty when valid).</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Positive(errors, DropTimeout, nameof(DropTimeout));
        Positive(errors, AccelerateAfter, nameof(AccelerateAfter));
        Positive(errors, BlockedRetryDelay, nameof(BlockedRetryDelay));
        Positive(errors, PollInterval, nameof(PollInterval));
        if (ReorgWatch < TimeSpan.Zero)
        {
            errors.Add($"ReorgWatch must not be negative; found {ReorgWatch}.");
        }

        if (MaxAccelerationsPerAttempt < 0)
        {
            errors.Add(FormattableString.Invariant($"MaxAccelerationsPerAttempt must not be negative; found {MaxAccelerationsPerAttempt}."));
        }

        if (MaxRetryAttempts < 0)
        {
            errors.Add(FormattableString.Invariant($"MaxRetryAttempts must not be negative; found {MaxRetryAttempts}."));
        }

        if (RetryBaseDelay < TimeSpan.Zero)
        {
            errors.Add($"RetryBaseDelay must not be negative; found {RetryBaseDelay}.");
        }

        if (!(CircuitBreakerFailureRatio > 0 && CircuitBreakerFailureRatio <= 1))
        {
            errors.Add(FormattableString.Invariant($"CircuitBreakerFailureRatio must be above 0 and at most 1; found {CircuitBreakerFailureRatio}."));
        }

        if (CircuitBreakerMinimumThroughput < 2)
        {
            errors.Add(FormattableString.Invariant($"CircuitBreakerMinimumThroughput must be at least 2; found {CircuitBreakerMinimumThroughput}."));
        }

        if (CircuitBreakerSamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add($"CircuitBreakerSamplingDuration must be at least 500 ms; found {CircuitBreakerSamplingDuration}.");
        }

        if (CircuitBreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add($"CircuitBreakerBreakDuration must be at least 500 ms; found {CircuitBreakerBreakDuration}.");
        }

        return errors;
    }

    private static void Positive(List<string> errors, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} must be positive; found {value}.");
        }
    }
}
