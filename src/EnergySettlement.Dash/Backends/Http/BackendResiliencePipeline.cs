using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace EnergySettlement.Dash.Backends.Http;

/// <summary>
/// Builds the pipeline every backend HTTP exchange runs through: retry (outermost) with exponential back-off and jitter
/// for transient faults, or exactly the server's <c>Retry-After</c> when it rate-limits us; then a circuit breaker; then
/// a per-attempt timeout. A host replaces it with <see cref="UtxoBackendOptions.ConfigureResilience"/>.
/// </summary>
internal static class BackendResiliencePipeline
{
    public static ResiliencePipeline Build(UtxoBackendOptions options, TimeProvider time, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var builder = new ResiliencePipelineBuilder { Name = name, TimeProvider = time };
        if (options.ConfigureResilience is { } configure)
        {
            configure(builder);
            return builder.Build();
        }

        var maxRetryAfter = options.MaxRetryAfter;
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, maxRetryAfter)),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                DelayGenerator = static args => ValueTask.FromResult(RetryAfterOf(args.Outcome.Exception)),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)),
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            BreakDuration = options.CircuitBreakerBreakDuration,
        });
        builder.AddTimeout(options.RequestTimeout);
        return builder.Build();
    }

    /// <summary>Transient failures are retried, except a rate limit that asks us to wait longer than we are willing to.</summary>
    internal static bool ShouldRetry(Exception? exception, TimeSpan maxRetryAfter) => exception switch
    {
        RateLimitedException { RetryAfter: { } wait } => wait <= maxRetryAfter,
        _ => IsTransient(exception),
    };

    /// <summary>The server's own delay for a rate-limited answer; <see langword="null"/> lets the back-off decide.</summary>
    internal static TimeSpan? RetryAfterOf(Exception? exception) => exception is RateLimitedException { RetryAfter: { } wait } ? wait : null;

    private static bool IsTransient(Exception? exception) =>
        exception is EnergySettlementException { IsTransient: true } or TimeoutRejectedException;
}
