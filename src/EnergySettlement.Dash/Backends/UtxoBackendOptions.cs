using EnergySettlement.Chains;
using Polly;

namespace EnergySettlement.Dash.Backends;

/// <summary>
/// What every HTTP backend shares: the chain it serves and the resilience of its requests (retry with back-off on
/// transient failures and on HTTP 429 honouring <c>Retry-After</c>, a circuit breaker, a per-request timeout).
/// </summary>
/// <remarks>Configure once at start-up; not thread-safe while being configured, read-only afterwards.</remarks>
public abstract class UtxoBackendOptions
{
    /// <summary>Initialises the shared options with their defaults.</summary>
    protected UtxoBackendOptions()
    {
    }

    /// <summary>Gets or sets the chain the backend serves, as a CAIP-2 id; exceptions carry it (Dash mainnet is
    /// <c>bip122:00000ffd590b1485b3caadc19b22e637</c>).</summary>
    /// <value>The default is the default <see cref="Chains.ChainId"/>, which fails validation.</value>
    public ChainId ChainId { get; set; }

    /// <summary>Gets or sets the timeout of one HTTP attempt (each retry gets its own).</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many times a transient failure (unreachable, timeout, HTTP 5xx, HTTP 429) is retried;
    /// 0 disables retries.</summary>
    /// <value>The default is 3.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the first retry delay; later delays grow exponentially, with jitter. A rate-limited answer
    /// that says when to come back (<c>Retry-After</c>) is retried after exactly that delay instead.</summary>
    /// <value>The default is 200 milliseconds.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets the longest <c>Retry-After</c> that is waited for. A rate-limited answer asking for longer
    /// fails at once with <see cref="ChainUnavailableException"/>, so that a caller with other backends moves on.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the share of failed attempts (0 to 1) within <see cref="CircuitBreakerSamplingDuration"/>
    /// that opens the circuit breaker.</summary>
    /// <value>The default is 0.5.</value>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets the least number of attempts within <see cref="CircuitBreakerSamplingDuration"/> before the
    /// circuit breaker may open.</summary>
    /// <value>The default is 20.</value>
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    /// <summary>Gets or sets the window over which the circuit breaker counts failures.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an open circuit breaker refuses requests (each refused request throws
    /// <see cref="ChainUnavailableException"/> without reaching the backend).</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets or sets a callback that builds the resilience pipeline instead of the default one (retry, circuit breaker,
    /// timeout from the options above). Strategies should treat exceptions whose
    /// <see cref="EnergySettlementException.IsTransient"/> is <see langword="true"/> as transient.
    /// </summary>
    /// <value>The default is <see langword="null"/> (use the default pipeline).</value>
    public Action<ResiliencePipelineBuilder>? ConfigureResilience { get; set; }
}
