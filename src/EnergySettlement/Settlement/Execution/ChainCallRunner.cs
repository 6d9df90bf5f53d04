using System.Collections.Concurrent;
using EnergySettlement.Chains;
using EnergySettlement.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace EnergySettlement.Settlement;

/// <summary>
/// Runs every chain call of the settlement service through the chain's resilience pipeline (one per chain, so one
/// chain's outage never opens another's circuit), and tells an unreachable chain apart from a definite answer.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class ChainCallRunner
{
    private readonly ConcurrentDictionary<ChainId, ResiliencePipeline> _pipelines = new();
    private readonly SettlementOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ChainCallRunner(SettlementOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether an exception means the chain could not be reached (so the batch waits), rather than a definite answer.</summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is ExecutionRejectedException or TimeoutRejectedException || (exception is EnergySettlementException { IsTransient: true });

    /// <summary>Runs <paramref name="call"/> through the chain's pipeline.</summary>
    /// <returns>The call's result, or the failure that says the chain could not be reached after the pipeline's retries (or
    /// its circuit is open). Definite failures are thrown.</returns>
    public async Task<ChainCall<T>> RunAsync<T>(ChainId chain, string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var pipeline = _pipelines.GetOrAdd(chain, Build);
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            var value = await pipeline.ExecuteAsync(
                static async (ctx, state) => await state(ctx.CancellationToken).ConfigureAwait(false),
                context,
                call).ConfigureAwait(false);
            return new ChainCall<T>(value, null);
        }
        catch (Exception ex) when (IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            EnergySettlementTelemetry.ChainUnavailable.Add(1, new KeyValuePair<string, object?>("chain.id", chain.ToString()), new KeyValuePair<string, object?>("operation", operation));
            return new ChainCall<T>(default, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ResiliencePipeline Build(ChainId chain)
    {
        var builder = new ResiliencePipelineBuilder { Name = "EnergySettlement.Settlement", InstanceName = chain.ToString(), TimeProvider = _time };
        if (_options.ConfigureResilience is { } configure)
        {
            configure(builder, chain);
            return builder.Build();
        }

        var transient = new PredicateBuilder()
            .Handle<EnergySettlementException>(static ex => ex.IsTransient)
            .Handle<TimeoutRejectedException>();
        if (_options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = _options.MaxRetryAttempts,
                Delay = _options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    var operation = args.Context.OperationKey ?? "call";
                    EnergySettlementTelemetry.ChainRetries.Add(1, new KeyValuePair<string, object?>("chain.id", chain.ToString()), new KeyValuePair<string, object?>("operation", operation));
                    Log.ChainRetry(_logger, operation, chain, args.AttemptNumber + 1, args.Outcome.Exception?.Message ?? "no result");
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transient,
            FailureRatio = _options.CircuitBreakerFailureRatio,
            MinimumThroughput = _options.CircuitBreakerMinimumThroughput,
            SamplingDuration = _options.CircuitBreakerSamplingDuration,
            BreakDuration = _options.CircuitBreakerBreakDuration,
        });
        return builder.Build();
    }
}

/// <summary>The outcome of a chain call: its value, or the failure that says the chain could not be reached.</summary>
internal readonly record struct ChainCall<T>(T? Value, Exception? Unavailable)
{
    public bool IsAvailable => Unavailable is null;
}
