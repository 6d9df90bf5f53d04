using EnergySettlement.Chains;

namespace EnergySettlement;

/// <summary>
/// A request to a chain (through its node, API or wallet) failed. Carries the chain and the chain's own error code
/// so callers and logs can tell one node error from another.
/// </summary>
/// <remarks>Subtypes say how to handle it: <see cref="ChainUnavailableException"/> (retry later),
/// <see cref="TransactionRejectedException"/> (will not succeed as is).</remarks>
public class ChainRequestException : EnergySettlementException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="chainId">The chain the request went to.</param>
    /// <param name="errorCode">The chain's or node's error code or classification, if any.</param>
    /// <param name="message">What was expected and what was found.</param>
    /// <param name="isTransient">Whether repeating the request later may succeed.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public ChainRequestException(ChainId chainId, string? errorCode, string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        ChainId = chainId;
        ErrorCode = errorCode;
        Transient = isTransient;
    }

    /// <summary>Gets the chain the request went to.</summary>
    public ChainId ChainId { get; }

    /// <summary>Gets the chain's or node's error code or classification (for example <c>-32000</c> or <c>nonce too low</c>), if any.</summary>
    public string? ErrorCode { get; }

    /// <inheritdoc />
    public override bool IsTransient => Transient;

    private bool Transient { get; }
}
