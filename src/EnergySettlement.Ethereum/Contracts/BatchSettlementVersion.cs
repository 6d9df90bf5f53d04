namespace EnergySettlement.Ethereum.Contracts;

/// <summary>Which batch-settlement contract is deployed at <see cref="EthereumOptions.ContractAddress"/>.</summary>
public enum BatchSettlementVersion
{
    /// <summary>Ask the contract on first use: <c>batchSettlementVersion()</c> answers 2 on version 2, and version 1 is
    /// recognised by its <c>settled(address,bytes32)</c> view; anything else is refused.</summary>
    Detect = 0,

    /// <summary><c>BatchSettlement</c>: per-payout references and <c>Payout</c> events on chain, a fresh storage slot per
    /// batch id, <c>transferFrom</c> per token payout. Supported for existing deployments.</summary>
    V1 = 1,

    /// <summary><c>BatchSettlementV2</c>: one commitment per batch, once-only bits per (payer, batch number), packed
    /// payouts, one <c>transferFrom</c> per token batch with a fee-on-transfer check. About 5 % cheaper than a plain
    /// disperse contract per payout at 200 payouts (docs/ethereum.md).</summary>
    V2 = 2,
}
