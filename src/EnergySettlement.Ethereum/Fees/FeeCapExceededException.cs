using EnergySettlement.Chains;

namespace EnergySettlement.Ethereum.Fees;

/// <summary>
/// The fee a transaction needs is above the configured cap (<see cref="EthereumOptions.MaxFeePerGasCap"/>): nothing was
/// signed or sent. Transient: fees fall again, or the operator raises the cap.
/// </summary>
public sealed class FeeCapExceededException : ChainRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="requiredMaxFeePerGas">The max fee per gas the transaction would need, in wei.</param>
    /// <param name="capMaxFeePerGas">The configured cap, in wei.</param>
    /// <param name="message">What was estimated and why it is refused.</param>
    public FeeCapExceededException(ChainId chainId, string requiredMaxFeePerGas, ulong capMaxFeePerGas, string message)
        : base(chainId, "fee cap exceeded", message, isTransient: true)
    {
        RequiredMaxFeePerGas = requiredMaxFeePerGas;
        CapMaxFeePerGas = capMaxFeePerGas;
    }

    /// <summary>Gets the max fee per gas the transaction would need, in wei, as decimal text.</summary>
    public string RequiredMaxFeePerGas { get; }

    /// <summary>Gets the configured cap on the max fee per gas, in wei.</summary>
    public ulong CapMaxFeePerGas { get; }
}
