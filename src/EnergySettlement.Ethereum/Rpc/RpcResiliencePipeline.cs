using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace EnergySettlement.Ethereum.Rpc;

/// <summary>
/// Builds the resilience pipeline every JSON-RPC HTTP exchange runs through: retry with exponential back-off and jitter
/// for transient faults only (<see cref="EnergySettlementException.IsTransient"/>, attempt timeouts), then a circuit
/// breaker, then a per-attempt timeout. A host replaces it entirely with <see cref="EthereumOptions.ConfigureResilience"/>.
/// </summary>
internal static class RpcResiliencePipeline
{
    public static ResiliencePipeline Build(EthereumOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var builder = new ResiliencePipelineBuilder { Name = "EnergySettlement.Ethereum.Rpc", TimeProvider = time };
        if (options.ConfigureResilience is { } configure)
        {
            configure(builder);
            return builder.Build();
        }

        var transient = new PredicateBuilder()
            .Handle<EnergySettlementException>(static ex => ex.IsTransient)
            .Handle<TimeoutRejectedException>();
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transient,
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = options.CircuitBreakerBreakDuration,
        });
        builder.AddTimeout(options.RequestTimeout);
        return builder.Build();
    }
}
