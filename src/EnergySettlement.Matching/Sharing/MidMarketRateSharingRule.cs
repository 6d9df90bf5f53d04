using System.Numerics;

namespace EnergySettlement.Matching.Sharing;

/// <summary>
/// Mid-market rate (MMR) pricing (Long et al. 2017, evaluated by Zhou et al., Applied Energy 222 (2018)): energy
/// shared inside the community trades at the midpoint of the retail and feed-in prices; the side that is long trades
/// its excess with the grid.
/// </summary>
/// <remarks>
/// <para>With P_mid = (λ_buy + λ_sell) / 2 (Zhou et al. 2018, MMR mechanism):</para>
/// <list type="bullet">
/// <item><description>TSP = TBP: P_buy = P_sell = P_mid.</description></item>
/// <item><description>TSP &lt; TBP: P_sell = P_mid; P_buy = (P_mid·TSP + λ_buy·(TBP − TSP)) / TBP.</description></item>
/// <item><description>TSP &gt; TBP: P_buy = P_mid; P_sell = (P_mid·TBP + λ_sell·(TSP − TBP)) / TSP.</description></item>
/// </list>
/// <para>Both prices lie in [λ_sell, λ_buy]; buyers' payments equal sellers' receipts plus the grid leg exactly.
/// Computed exactly (over a denominator of 2,000: ½ for the midpoint, 1/1,000 for Wh to kWh), then rounded as
/// <see cref="SharingRule"/> describes. Stateless and thread-safe.</para>
/// </remarks>
public sealed class MidMarketRateSharingRule : SharingRule
{
    private MidMarketRateSharingRule()
    {
    }

    /// <summary>Gets the rule (stateless).</summary>
    public static MidMarketRateSharingRule Instance { get; } = new();

    /// <inheritdoc/>
    /// <value><c>mmr</c>.</value>
    public override string Name => "mmr";

    private protected override void ExactTotals(long demand, long supply, GridTariff tariff, out BigInteger buyerNumerator, out BigInteger sellerNumerator, out BigInteger denominator)
    {
        BigInteger buy = tariff.RetailPricePerKwh;
        BigInteger sell = tariff.FeedInPricePerKwh;
        var traded = (BigInteger)Math.Min(demand, supply);
        var internalMoney = (buy + sell) * traded; // 2 · P_mid · traded
        buyerNumerator = internalMoney + (2 * buy * Math.Max(demand - supply, 0));
        sellerNumerator = internalMoney + (2 * sell * Math.Max(supply - demand, 0));
        denominator = 2_000;
    }
}
