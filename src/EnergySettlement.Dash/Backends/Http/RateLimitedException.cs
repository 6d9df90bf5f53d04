using EnergySettlement.Chains;

namespace EnergySettlement.Dash.Backends.Http;

/// <summary>
/// The backend answered HTTP 429. Thrown inside the resilience pipeline so that the retry strategy can wait for
/// <see cref="RetryAfter"/>; callers see a <see cref="ChainUnavailableException"/> wrapping it.
/// </summary>
internal sealed class RateLimitedException : ChainRequestException
{
    public RateLimitedException(ChainId chainId, string message, TimeSpan? retryAfter)
        : base(chainId, "429", message, isTransient: true)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>Gets how long the server asked us to wait, when it said (<c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; }
}
