using EnergySettlement.Chains;

namespace EnergySettlement;

/// <summary>The chain's node or API could not be reached or did not answer in time. Always transient.</summary>
public sealed class ChainUnavailableException : ChainRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="chainId">The chain whose node could not be reached.</param>
    /// <param name="message">What was tried and what happened (endpoint without credentials).</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public ChainUnavailableException(ChainId chainId, string message, Exception? innerException = null)
        : base(chainId, errorCode: null, message, isTransient: true, innerException)
    {
    }
}
