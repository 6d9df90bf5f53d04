namespace EnergySettlement.Settlement;

/// <summary>What the planner does with a trade when a party's reading for the period is missing. A missing reading is
/// never taken as zero, and never stops the trades of everyone else from settling.</summary>
public enum MissingReadingPolicy
{
    /// <summary>The trade is held (listed in <see cref="SettlementPlan.HeldTrades"/>) and settles in a later window once
    /// the reading arrives; so are the imbalances of its parties in that period. The default.</summary>
    Hold = 0,

    /// <summary>The missing party is assumed to have metered exactly its contracts in the period (exported what it sold,
    /// imported what it bought); the trade settles now as contracted and its obligations are marked provisional. When the
    /// reading arrives, any difference settles as adjustment obligations.</summary>
    SettleAsContracted = 1,
}
