namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// Uniform-price call auction: one clearing price that maximises matched energy; every fill trades at it.
/// </summary>
/// <remarks>
/// <para>Price, in order of the tie rules (D(p): buy quantity with limit ≥ p; S(p): sell quantity with limit ≤ p):</para>
/// <list type="number">
/// <item><description>Candidates are the ticks p with D(p+1) ≤ S(p) and S(p−1) ≤ D(p): the clearing conditions (no
/// buyer above the price and no seller below it stays unfilled). Each candidate maximises the matched energy
/// min(D(p), S(p)); when anything crosses, they form a non-empty interval.</description></item>
/// <item><description>Among them, those with the least surplus |D(p) − S(p)| (an interval [lo, hi]).</description></item>
/// <item><description>Its midpoint (lo + hi) / 2; when that falls between two ticks, the even tick of the two (round half
/// to even, also for negative ticks).</description></item>
/// </list>
/// <para>Allocation: buyers above and sellers below the price fill completely, as does the short side at the price;
/// the long side at the price shares the rest R pro rata: ⌊R·qᵢ/Q⌋ Wh each (Q: the level's quantity), then one more
/// Wh each to the orders with the largest remainders R·qᵢ mod Q (ties: earlier sequence, then lower index).
/// Fills are listed in ascending order index. When nothing crosses there are no fills and no price.</para>
/// <para>Time O(n + band) with one bucket per tick when the band of order prices is at most max(65,536, 4n) ticks
/// wide (counting-sort style, Garg &amp; Sarswat, arXiv:2403.03046), otherwise O(n log n); plus sorting the orders at
/// the marginal tick. Allocation-free in steady state: working arrays live in the <see cref="ClearingResult"/>.
/// Stateless and thread-safe.</para>
/// </remarks>
public sealed class UniformPriceClearingRule : ClearingRule
{
    /// <summary>Gets a shared instance (the rule is stateless).</summary>
    public static UniformPriceClearingRule Instance { get; } = new();

    /// <inheritdoc/>
    /// <value><c>uniform-price</c>.</value>
    public override string Name => "uniform-price";

    /// <inheritdoc/>
    public override void Clear(ReadOnlySpan<AuctionOrder> orders, ClearingResult result) =>
        CallAuctionClearing.Clear(orders, result, payAsBid: false);

    /// <inheritdoc/>
    /// <remarks>
    /// With one zone this is the single-zone clearing. With more, the zonal clearing: fills that maximise welfare (buyers'
    /// limits minus sellers' limits minus network fees) within the transfer limits — then the most energy, then the least
    /// energy moved between zones — one price per zone with trades, and the transfers between zones; see docs/clearing.md.
    /// </remarks>
    /// <exception cref="ArgumentException">An order names a zone outside <paramref name="network"/>.</exception>
    public override void Clear(ReadOnlySpan<AuctionOrder> orders, ZoneNetwork network, ClearingResult result)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.ZoneCount == 1)
        {
            Clear(orders, result);
            return;
        }

        ZonalClearing.Clear(orders, network, result, payAsBid: false);
    }
}
