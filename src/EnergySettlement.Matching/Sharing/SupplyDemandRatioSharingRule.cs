using System.Numerics;

namespace EnergySettlement.Matching.Sharing;

/// <summary>
/// Supply–demand ratio (SDR) pricing (Liu et al. 2017, evaluated by Zhou et al., Applied Energy 222 (2018)): the
/// internal prices fall from the retail towards the feed-in price as the community's supply grows relative to its
/// demand.
/// </summary>
/// <remarks>
/// <para>With SDR = TSP / TBP, λ_buy the retail and λ_sell the feed-in price (Zhou et al. 2018, SDR mechanism):</para>
/// <list type="bullet">
/// <item><description>0 ≤ SDR &lt; 1: P_sell = λ_sell·λ_buy / ((λ_buy − λ_sell)·SDR + λ_sell) and
/// P_buy = P_sell·SDR + λ_buy·(1 − SDR).</description></item>
/// <item><description>SDR ≥ 1 (or no buyers): P_sell = P_buy = λ_sell.</description></item>
/// </list>
/// <para>Every seller receives P_sell for its whole surplus and every buyer pays P_buy for its whole deficit; P_buy
/// blends the neighbours' energy with the grid import, so buyers pay TBP·P_buy = TSP·P_sell + λ_buy·(TBP − TSP): the
/// mechanism balances exactly against the grid leg. Both prices lie in [λ_sell, λ_buy]. Computed exactly in rationals,
/// then rounded as <see cref="SharingRule"/> describes. Stateless and thread-safe.</para>
/// </remarks>
public sealed class SupplyDemandRatioSharingRule : SharingRule
{
    private SupplyDemandRatioSharingRule()
    {
    }

    /// <summary>Gets the rule (stateless).</summary>
    public static SupplyDemandRatioSharingRule Instance { get; } = new();

    /// <inheritdoc/>
    /// <value><c>sdr</c>.</value>
    public override string Name => "sdr";

    private protected override void ExactTotals(long demand, long supply, GridTariff tariff, out BigInteger buyerNumerator, out BigInteger sellerNumerator, out BigInteger denominator)
    {
        BigInteger buy = tariff.RetailPricePerKwh;
        BigInteger sell = tariff.FeedInPricePerKwh;
        BigInteger b = demand;
        BigInteger s = supply;
        if (supply >= demand)
        {
            // SDR >= 1: everyone trades at the feed-in price; the surplus is exported at it too.
            buyerNumerator = sell * b;
            sellerNumerator = sell * s;
            denominator = 1_000;
            return;
        }

        // 0 <= SDR < 1, written over TBP to stay exact: P_sell = λs·λb·TBP / ((λb − λs)·TSP + λs·TBP).
        var weighted = ((buy - sell) * s) + (sell * b);
        if (supply == 0 || weighted.IsZero)
        {
            // No sellers, or both prices zero: buyers pay the retail price for everything.
            buyerNumerator = buy * b;
            sellerNumerator = BigInteger.Zero;
            denominator = 1_000;
            return;
        }

        sellerNumerator = sell * buy * b * s;                    // TSP · P_sell · weighted
        buyerNumerator = sellerNumerator + (buy * (b - s) * weighted); // + grid import λb·(TBP − TSP)
        denominator = 1_000 * weighted;
    }
}
