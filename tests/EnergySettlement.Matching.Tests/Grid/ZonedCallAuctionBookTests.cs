using EnergySettlement.Matching.Auctions;
using EnergySettlement.Matching.Reference;
using EnergySettlement.Matching.Tests.Books;

namespace EnergySettlement.Matching.Tests.Grid;

public class ZonedCallAuctionBookTests
{
    // Zone 0 has cheap supply, zone 1 the demand; 0 → 1 costs 2 ticks per kWh and carries 100 Wh per period.
    private static ZoneNetwork Network() => new ZoneNetworkBuilder(2).SetNetworkFee(0, 1, 2).SetTransferLimit(0, 1, 100).Build();

    private static BookHarness Book(ClearingRule? rule = null)
        => new(new OrderBookOptions { MinTick = 1, MaxTick = 100, Capacity = 64, Mode = BookMode.CallAuction, ZoneNetwork = Network(), ClearingRule = rule });

    private static void Place(BookHarness h, long id, Side side, long price, long quantity, int zone)
        => h.Run(Command.Limit(0, id, (int)id, side, price, quantity, 0, OrderAttributes.InZone(zone)));

    [Fact]
    public void Uncross_CongestedZones_TradesAtZonePricesAndReportsTransfer()
    {
        var h = Book();
        Place(h, 1, Side.Sell, 10, 150, zone: 0);
        Place(h, 2, Side.Buy, 40, 150, zone: 1);
        Place(h, 3, Side.Sell, 30, 100, zone: 1);

        var events = h.Run(Command.Uncross(0, 1));

        var trades = BookHarness.Trades(events);
        // Fills in the gathered order (bids best first, then asks best first): the import is full, zone 1's own seller
        // sets its price; zone 0 keeps its seller's price.
        Assert.Equal([(2L, 150L, 30L, 1), (1L, 100L, 10L, 0), (3L, 50L, 30L, 1)], trades.Select(t => (t.OrderId, t.Quantity, t.PriceTick, t.Zone)));
        var transfer = Assert.Single(events, e => e.Kind == MatchingEventKind.Transfer);
        Assert.Equal((0, 1, 100L, 2L, 20L), (transfer.Zone, transfer.CounterZone, transfer.Quantity, transfer.NetworkFeeTick, transfer.PriceTick));
        Assert.Equal(MatchingEventKind.Transfer, events[^1].Kind);
    }

    [Fact]
    public void Uncross_LaterInPeriod_ClearsWithTheRoomLeft()
    {
        var h = Book();
        Place(h, 1, Side.Sell, 10, 70, zone: 0);
        Place(h, 2, Side.Buy, 40, 70, zone: 1);
        h.Run(Command.Uncross(0, 1));                                    // 70 Wh move: 30 Wh of room left
        Place(h, 3, Side.Sell, 10, 70, zone: 0);
        Place(h, 4, Side.Buy, 40, 70, zone: 1);

        var events = h.Run(Command.Uncross(0, 2));

        Assert.Equal(30, Assert.Single(events, e => e.Kind == MatchingEventKind.Transfer).Quantity);
        Assert.True(h.Book.TryGetOrder(4, out RestingOrder waiting));
        Assert.Equal(40, waiting.Remaining);
    }

    [Fact]
    public void Uncross_ZoneUnawareHostRuleTradingAcrossZones_IsRejectedAndBookUnchanged()
    {
        var h = Book(new SingleMarketRule());
        Place(h, 1, Side.Sell, 10, 50, zone: 0);
        Place(h, 2, Side.Buy, 40, 50, zone: 1);

        var rejected = Assert.Single(h.Run(Command.Uncross(0, 1)));

        Assert.Equal(RejectReason.ClearingResultInvalid, rejected.RejectReason);
        Assert.Equal(2, h.Book.Count);
    }

    [Fact]
    public void Restore_ZonedCallAuctionSnapshot_KeepsNetworkAndEnergyMoved()
    {
        var h = Book();
        Place(h, 1, Side.Sell, 10, 70, zone: 0);
        Place(h, 2, Side.Buy, 40, 70, zone: 1);
        h.Run(Command.Uncross(0, 1));
        Place(h, 3, Side.Sell, 10, 70, zone: 0);
        Place(h, 4, Side.Buy, 40, 70, zone: 1);

        OrderBook restored = OrderBookSnapshot.Restore(OrderBookSnapshot.ToArray(h.Book));
        var events = new List<MatchingEvent>();
        var sink = new ListSink(events);
        Command uncross = Command.Uncross(0, 2);
        restored.Process(in uncross, ref sink);

        Assert.Equal(h.Run(Command.Uncross(0, 2)), events);
        Assert.Equal(2L, restored.ZoneNetwork.GetNetworkFee(0, 1));
        Assert.Equal(OrderBookSnapshot.ToArray(h.Book), OrderBookSnapshot.ToArray(restored));
    }

    /// <summary>A host rule that knows nothing of zones: the uniform price over all orders as one market.</summary>
    private sealed class SingleMarketRule : ClearingRule
    {
        public override string Name => "single-market";

        public override void Clear(ReadOnlySpan<AuctionOrder> orders, ClearingResult result) => UniformPriceClearingRule.Instance.Clear(orders, result);
    }
}
