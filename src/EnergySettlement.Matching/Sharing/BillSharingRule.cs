using System.Numerics;

namespace EnergySettlement.Matching.Sharing;

/// <summary>
/// Bill sharing (BS), as evaluated by Zhou et al., Applied Energy 222 (2018): the community settles with the grid as
/// one customer and shares that bill — the import cost among the buyers in proportion to their deficits, the export
/// revenue among the sellers in proportion to their surpluses; energy passed between neighbours carries no price.
/// </summary>
/// <remarks>
/// <para>Buyers pay λ_buy·max(TBP − TSP, 0) in total and sellers receive λ_sell·max(TSP − TBP, 0) in total, so the
/// effective prices are P_buy = λ_buy·(TBP − TSP)/TBP and P_sell = λ_sell·(TSP − TBP)/TSP on the long side and zero on
/// the short side. Buyers never pay above the retail price, but sellers receive less than the feed-in price whenever
/// part of their energy stays in the community (nothing at all when the community is short): bill sharing rewards the
/// community as a whole, not the individual seller. Rounded as <see cref="SharingRule"/> describes. Stateless and
/// thread-safe.</para>
/// </remarks>
public sealed class BillSharingRule : SharingRule
{
    private BillSharingRule()
    {
    }

    /// <summary>Gets the rule (stateless).</summary>
    public static BillSharingRule Instance { get; } = new();

    /// <inheritdoc/>
    /// <value><c>bill-sharing</c>.</value>
    public override string Name => "bill-sharing";

    private protected override void ExactTotals(long demand, long supply, GridTariff tariff, out BigInteger buyerNumerator, out BigInteger sellerNumerator, out BigInteger denominator)
    {
        buyerNumerator = (BigInteger)tariff.RetailPricePerKwh * Math.Max(demand - supply, 0);
        sellerNumerator = (BigInteger)tariff.FeedInPricePerKwh * Math.Max(supply - demand, 0);
        denominator = 1_000;
    }
}
