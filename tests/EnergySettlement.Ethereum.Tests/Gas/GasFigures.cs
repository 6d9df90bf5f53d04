namespace EnergySettlement.Ethereum.Tests.Gas;

/// <summary>
/// Gas used (receipt gasUsed, refunds applied) by one batch of a <see cref="GasCase"/> through each contract, with the same
/// payout amounts and equally fresh or funded payees.
/// </summary>
/// <param name="Disperse">The baseline: the Disperse-style contract of Contracts/Disperse.sol.</param>
/// <param name="V2">BatchSettlementV2 with references off chain, the payer's once-only word already non-zero (the steady state).</param>
/// <param name="V2WithReferences">BatchSettlementV2 with PublishReferences (a Payout event and the reference per payout).</param>
/// <param name="V1">BatchSettlement version 1 (references and a Payout event per payout, a fresh slot per batch).</param>
/// <param name="FirstInWordExtra">What V2 pays more when the batch is the first of its 256-number word (a fresh slot).</param>
public sealed record GasFigures(long Disperse, long V2, long V2WithReferences, long V1, long FirstInWordExtra)
{
    /// <summary>V2 averaged over a word of 256 batch numbers: one batch in 256 pays the fresh slot.</summary>
    public double V2Amortized => V2 + (FirstInWordExtra / 256.0);
}
