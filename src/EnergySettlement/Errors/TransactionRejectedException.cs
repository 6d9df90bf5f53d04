using EnergySettlement.Chains;

namespace EnergySettlement;

/// <summary>The chain refused a transaction definitively (invalid, underpriced, reverted, …). Not transient: the same bytes will not succeed.</summary>
public class TransactionRejectedException : ChainRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="chainId">The chain that rejected the transaction.</param>
    /// <param name="errorCode">The node's error code or classification.</param>
    /// <param name="message">What the node said and what was sent.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public TransactionRejectedException(ChainId chainId, string? errorCode, string message, Exception? innerException = null)
        : base(chainId, errorCode, message, isTransient: false, innerException)
    {
    }
}
