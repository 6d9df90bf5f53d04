using EnergySettlement.Matching.Auctions;
using EnergySettlement.Matching.Sharing;

namespace EnergySettlement.Matching.Tests.Sharing;

/// <summary>The worked examples of docs/clearing.md: sellers A +3000 Wh, B +1000 Wh; buyers C −2500 Wh, D −3500 Wh;
/// retail 300 and feed-in 50 money units per kWh.</summary>
public class SharingRuleTests
{
    private static readonly long[] Community = [3_000, 1_000, -2_500, -3_500];
    private static readonly GridTariff Tariff = new(300, 50);
    private readonly SharingResult result = new();

    [Fact]
    public void SupplyDemandRatio_DocsExample_PricesBySdrAndRoundsInParticipantsFavour()
    {
        // SDR = 2/3; P_sell = 50*300/(250*2/3 + 50) = 69.23/kWh -> sellers 276.92 -> ceil 277;
        // buyers 276.92 + 300*2 = 876.92 -> floor 876; grid gets 876 - 277 = 599.
        SupplyDemandRatioSharingRule.Instance.Share(Community, Tariff, result);

        Assert.Equal(
            [
                new SharingAllocation(0, 3_000, 3_000, 0, 208),
                new SharingAllocation(1, 1_000, 1_000, 0, 69),
                new SharingAllocation(2, -2_500, 1_667, 833, -365),
                new SharingAllocation(3, -3_500, 2_333, 1_167, -511),
            ],
            result.Allocations.ToArray());
        Assert.Equal((Int128)876, result.BuyerPayment);
        Assert.Equal((Int128)277, result.SellerReceipt);
        Assert.Equal((Int128)599, result.GridAmount);
        Assert.Equal(2_000, result.GridImport);
        Assert.Equal(0, result.GridExport);
    }

    [Fact]
    public void MidMarketRate_DocsExample_SellersGetMidpointBuyersBlendWithRetail()
    {
        // P_mid = 175: sellers 175*4 = 700; buyers 700 + 300*2 = 1300 (P_buy = 216.67/kWh); C 541.67 -> 542, D 758.
        MidMarketRateSharingRule.Instance.Share(Community, Tariff, result);

        Assert.Equal([525, 175, -542, -758], result.Allocations.ToArray().Select(a => (long)a.Amount));
        Assert.Equal((Int128)600, result.GridAmount);
    }

    [Fact]
    public void MidMarketRate_SurplusCommunity_BuyersPayMidpointSellersBlendWithFeedIn()
    {
        // A +5000, C -2000: buyers 175*2 = 350; sellers 350 + 50*3 = 500; the grid pays 150 for the export.
        MidMarketRateSharingRule.Instance.Share([5_000, -2_000], Tariff, result);

        Assert.Equal([500, -350], result.Allocations.ToArray().Select(a => (long)a.Amount));
        Assert.Equal((Int128)(-150), result.GridAmount);
        Assert.Equal(3_000, result.GridExport);
    }

    [Fact]
    public void BillSharing_DocsExample_BuyersShareImportBillSellersGetNothingWhenCommunityIsShort()
    {
        // Import 2000 Wh at 300/kWh = 600, shared 2500:3500 by the buyers; no export, so no revenue to share.
        BillSharingRule.Instance.Share(Community, Tariff, result);

        Assert.Equal([0, 0, -250, -350], result.Allocations.ToArray().Select(a => (long)a.Amount));
        Assert.Equal((Int128)600, result.GridAmount);
    }

    [Fact]
    public void BillSharing_ShortCommunity_SellerReceivesBelowFeedIn()
    {
        // The paper's bill sharing does not promise sellers the feed-in price: here the seller's 1000 Wh earn 0, not 50.
        BillSharingRule.Instance.Share([1_000, -3_000], Tariff, result);

        Assert.Equal(0, result.Allocations[0].Amount);
        Assert.True(result.Allocations[0].Amount < Tariff.FeedInPricePerKwh * 1_000 / 1_000);
    }

    [Fact]
    public void SupplyDemandRatio_SurplusCommunity_EveryoneTradesAtFeedIn()
    {
        SupplyDemandRatioSharingRule.Instance.Share([4_000, -2_000], Tariff, result);

        Assert.Equal([200, -100], result.Allocations.ToArray().Select(a => (long)a.Amount));
        Assert.Equal((Int128)(-100), result.GridAmount);
    }

    [Fact]
    public void SupplyDemandRatio_NoSellers_BuyersPayRetail()
    {
        SupplyDemandRatioSharingRule.Instance.Share([-1_000, 0, -2_000], Tariff, result);

        Assert.Equal([-300, 0, -600], result.Allocations.ToArray().Select(a => (long)a.Amount));
    }

    [Fact]
    public void SupplyDemandRatio_ZeroTariff_NobodyPays()
    {
        SupplyDemandRatioSharingRule.Instance.Share([1_000, -2_000], new GridTariff(0, 0), result);

        Assert.All(result.Allocations.ToArray(), a => Assert.Equal(Int128.Zero, a.Amount));
    }

    [Fact]
    public void Share_EmptyCommunity_NoAllocations()
    {
        MidMarketRateSharingRule.Instance.Share([], Tariff, result);

        Assert.Equal(0, result.Allocations.Length);
        Assert.Equal(Int128.Zero, result.GridAmount);
    }

    [Fact]
    public void Share_MinValuePosition_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BillSharingRule.Instance.Share([long.MinValue], Tariff, result));

    [Fact]
    public void GridTariff_FeedInAboveRetail_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GridTariff(10, 11));

    [Fact]
    public void GridTariff_NegativeFeedIn_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GridTariff(10, -1));

    [Fact]
    public void AccumulateNetPositions_Orders_SellsAddBuysSubtract()
    {
        AuctionOrder[] orders =
        [
            new(1, 0, Side.Sell, 10, 3_000, 1), new(2, 1, Side.Buy, 99, 2_500, 2),
            new(3, 0, Side.Buy, 1, 500, 3), new(4, 2, Side.Sell, 5, 0, 4),
        ];
        var net = new long[3];

        SharingRule.AccumulateNetPositions(orders, net);

        Assert.Equal([2_500, -2_500, 0], net);
    }

    [Fact]
    public void AccumulateNetPositions_ParticipantOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SharingRule.AccumulateNetPositions([new AuctionOrder(1, 5, Side.Sell, 1, 1, 1)], new long[2]));

    [Fact]
    public void Names_AreStable()
    {
        Assert.Equal("sdr", SupplyDemandRatioSharingRule.Instance.Name);
        Assert.Equal("mmr", MidMarketRateSharingRule.Instance.Name);
        Assert.Equal("bill-sharing", BillSharingRule.Instance.Name);
    }
}
