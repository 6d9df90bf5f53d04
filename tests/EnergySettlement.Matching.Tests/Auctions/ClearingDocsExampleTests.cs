using EnergySettlement.Matching.Auctions;
using EnergySettlement.Matching.Sharing;

namespace EnergySettlement.Matching.Tests.Auctions;

/// <summary>The embedding snippet at the top of docs/clearing.md, kept compiling and running here.</summary>
public class ClearingDocsExampleTests
{
    [Fact]
    public void DocsSnippet_AuctionThenSharing_RunsAsDocumented()
    {
        AuctionOrder[] orders =
        [
            new(1, 0, Side.Sell, 15, 3_000, 1), new(2, 1, Side.Sell, 22, 1_000, 2),
            new(3, 2, Side.Buy, 30, 2_500, 3), new(4, 3, Side.Buy, 25, 3_500, 4),
        ];
        const int participantCount = 4;

        var result = new ClearingResult();
        var validator = new ClearingResultValidator();
        ClearingRule rule = UniformPriceClearingRule.Instance;
        rule.Clear(orders, result);
        var verdict = validator.Validate(orders, result);
        Assert.True(verdict.IsAccepted);
        Assert.Equal(4_000, verdict.MatchedQuantity);

        var net = new long[participantCount];
        SharingRule.AccumulateNetPositions(orders, net);
        var sharing = new SharingResult();
        SupplyDemandRatioSharingRule.Instance.Share(net, new GridTariff(retailPricePerKwh: 300, feedInPricePerKwh: 50), sharing);

        Assert.Equal([208, 69, -365, -511], sharing.Allocations.ToArray().Select(a => (long)a.Amount));
    }

    [Fact]
    public void ZonalAuction_DocsWorkedExample_PricesTransfersAndRentAsDocumented()
    {
        // docs/clearing.md, "Zonal call auction": zone 0 has cheap energy, zone 1 dear demand; 2 ticks per kWh each way,
        // at most 100 Wh from zone 0 to zone 1.
        ZoneNetwork grid = new ZoneNetworkBuilder(2).SetNetworkFeeBothWays(0, 1, 2).SetTransferLimit(0, 1, 100).Build();
        AuctionOrder[] orders =
        [
            new(1, 0, Side.Sell, 10, 300, 1, zone: 0), new(2, 1, Side.Buy, 14, 100, 2, zone: 0),
            new(3, 2, Side.Sell, 20, 100, 3, zone: 1), new(4, 3, Side.Buy, 25, 200, 4, zone: 1),
        ];

        var result = new ClearingResult();
        UniformPriceClearingRule.Instance.Clear(orders, grid, result);
        var verdict = new ClearingResultValidator().Validate(orders, result, grid);

        Assert.True(verdict.IsAccepted, verdict.ToString());
        Assert.Equal((10L, 22L), (result.GetZonePriceTick(0), result.GetZonePriceTick(1)));
        Assert.Equal([(0, 200L, 10L), (1, 100L, 10L), (2, 100L, 22L), (3, 200L, 22L)], result.Fills.ToArray().Select(f => (f.OrderIndex, f.Quantity, f.PriceTick)));
        Assert.Equal([new ZoneTransfer(0, 1, 100)], result.Transfers.ToArray());
        Assert.Equal(100 * (22 - 10 - 2), verdict.CongestionRent);

        // Without the grid the four orders are one market: 300 Wh at 12.
        UniformPriceClearingRule.Instance.Clear(orders, result);
        Assert.Equal(12, result.ClearingPriceTick);
        Assert.Equal(300, new ClearingResultValidator().Validate(orders, result).MatchedQuantity);
    }

    [Fact]
    public void Share_ResultBufferReused_NoAllocationInSteadyState()
    {
        var net = new long[1_000];
        for (var i = 0; i < net.Length; i++)
        {
            net[i] = (i % 3 == 0 ? 1 : -1) * (100 + (i * 37 % 5_000));
        }

        var sharing = new SharingResult();
        var tariff = new GridTariff(300, 50);
        MidMarketRateSharingRule.Instance.Share(net, tariff, sharing);
        var before = GC.GetAllocatedBytesForCurrentThread();
        MidMarketRateSharingRule.Instance.Share(net, tariff, sharing);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // BigInteger arithmetic for the two exact totals may allocate a little; the per-participant work must not.
        Assert.True(allocated < 1_024, $"{allocated} bytes");
    }
}
