namespace EnergySettlement.Settlement;

/// <summary>What each payout of a planned batch carries on chain as its settlement reference.</summary>
public enum PayoutReferences
{
    /// <summary>No reference: the journal maps each payout to its leg, and batches are sized by
    /// <see cref="Chains.ChainCapabilities.MaxPayoutsPerTransaction"/> alone. The default.</summary>
    None = 0,

    /// <summary>Each payout carries its <see cref="SettlementLegId"/> (35 bytes) where the chain supports memos; batches are
    /// also sized so that the references fit <see cref="Chains.ChainCapabilities.MaxMemoBytes"/> per transaction.</summary>
    LegId = 1,
}
