namespace EnergySettlement.Chains;

/// <summary>How an <see cref="Acceleration"/>'s transaction speeds up a stuck one.</summary>
public enum AccelerationKind
{
    /// <summary>
    /// A replacement at the same account sequence with a higher fee (Ethereum): it pays the same batch instead of the
    /// stuck transaction. The chain includes at most one of the two; whichever is final settles the batch, and the other
    /// becomes <see cref="SettlementState.Conflicted"/>.
    /// </summary>
    Replacement = 0,

    /// <summary>
    /// A child that spends the stuck transaction's change and pays a fee high enough for both (child pays for parent,
    /// on UTXO chains without replace-by-fee, such as Dash). The stuck transaction still settles the batch; the child
    /// pays nobody but the payer and cannot be included without it.
    /// </summary>
    ChildPaysForParent = 1,
}
