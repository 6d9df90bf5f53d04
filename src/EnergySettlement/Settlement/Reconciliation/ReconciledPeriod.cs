namespace EnergySettlement.Settlement;

/// <summary>What reconciliation found for one period, in the planner's indices: delivered energy per trade (−1 when held)
/// and the imbalance of every participant whose position is known.</summary>
internal sealed class ReconciledPeriod(int period, int start, long[] delivered, bool[] provisional, List<ReconciledPeriod.Imbalance> imbalances)
{
    public int Period { get; } = period;

    /// <summary>Gets the index of the period's first trade in <see cref="PlanningInput.Trades"/>.</summary>
    public int Start { get; } = start;

    /// <summary>Gets the delivered Wh per trade of the period (index − <see cref="Start"/>), or −1 when the trade is held.</summary>
    public long[] Delivered { get; } = delivered;

    /// <summary>Gets whether a trade's delivery rests on an assumed reading.</summary>
    public bool[] Provisional { get; } = provisional;

    /// <summary>Gets the imbalances of participants whose position is known, in participant order.</summary>
    public List<Imbalance> Imbalances { get; } = imbalances;

    public readonly record struct Imbalance(int Participant, long Shortfall, long Surplus, bool Provisional);
}
