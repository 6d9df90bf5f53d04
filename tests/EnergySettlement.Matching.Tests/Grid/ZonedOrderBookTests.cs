using EnergySettlement.Matching.Reference;
using EnergySettlement.Matching.Tests.Books;

namespace EnergySettlement.Matching.Tests.Grid;

public class ZonedOrderBookTests
{
    private const int Renewable = 1 << 0;

    /// <summary>Three zones: 0 → 2 costs 5 ticks per kWh, 1 → 2 costs 1 and may carry 30 Wh; the rest is free and unlimited.</summary>
    private static ZoneNetwork Grid() => new ZoneNetworkBuilder(3)
        .SetNetworkFee(0, 2, 5)
        .SetNetworkFee(1, 2, 1)
        .SetTransferLimit(1, 2, 30)
        .Build();

    private static BookHarness Book(ZoneNetwork? network = null, SelfTradePrevention stp = SelfTradePrevention.CancelNewest, BookMode mode = BookMode.Continuous)
        => new(new OrderBookOptions { MinTick = 1, MaxTick = 200, Capacity = 64, ZoneNetwork = network ?? Grid(), SelfTradePrevention = stp, Mode = mode });

    private static List<MatchingEvent> Sell(BookHarness h, long id, long price, long quantity, int zone, int participant = 2, int flags = 0, int requires = 0)
        => h.Run(Command.Limit(0, id, participant, Side.Sell, price, quantity, h.Time, new OrderAttributes(zone, flags, requires)));

    private static List<MatchingEvent> Buy(BookHarness h, long id, long price, long quantity, int zone, int participant = 1, int flags = 0, int requires = 0, OrderType type = OrderType.Limit)
        => h.Run(Command.Place(0, id, participant, Side.Buy, type, price, quantity, h.Time, new OrderAttributes(zone, flags, requires)));

    [Fact]
    public void Place_DocsWorkedExample_FeeOrderLimitAndRestingPairAsDocumented()
    {
        // docs/matching.md, "Zones, network fees and transfer limits": two zones, 3 ticks per kWh each way, at most
        // 500 Wh from zone 0 to zone 1 per period.
        ZoneNetwork grid = new ZoneNetworkBuilder(2).SetNetworkFeeBothWays(0, 1, 3).SetTransferLimit(0, 1, 500).Build();
        var h = Book(grid);
        Sell(h, 1, 40, 100, zone: 0, participant: 2);
        Sell(h, 2, 42, 300, zone: 1, participant: 3);
        Sell(h, 3, 41, 800, zone: 0, participant: 4);
        List<MatchingEvent> events = Buy(h, 10, 45, 1_000, zone: 1);

        var trades = BookHarness.Trades(events);
        Assert.Equal([(2L, 42L, 0L, 300L), (1L, 40L, 3L, 100L), (3L, 41L, 3L, 400L)], trades.Select(t => (t.CounterOrderId, t.PriceTick, t.NetworkFeeTick, t.Quantity)));
        Assert.True(h.Book.TryGetOrder(10, out RestingOrder bid));
        Assert.Equal(200, bid.Remaining);
        Assert.True(h.Book.TryGetOrder(3, out RestingOrder ask));
        Assert.Equal(400, ask.Remaining);
        Assert.Equal(500, h.Book.FlowBetween(0, 1));

        // The pair crosses once the fee is counted (41 + 3 ≤ 45) but the period has no room left from zone 0 to zone 1;
        // a sell from zone 1 still reaches the bid.
        Assert.Empty(BookHarness.Trades(Buy(h, 11, 45, 10, zone: 1, participant: 5)));
        var local = Assert.Single(BookHarness.Trades(Sell(h, 12, 44, 50, zone: 1, participant: 6)));
        Assert.Equal((10L, 45L, 0L, 50L), (local.CounterOrderId, local.PriceTick, local.NetworkFeeTick, local.Quantity));
    }

    [Fact]
    public void Place_BidInOtherZone_MatchesOnlyWhenPricePlusFeeWithinLimit()
    {
        var h = Book();
        Sell(h, 1, 50, 10, zone: 0);
        Assert.Empty(BookHarness.Trades(Buy(h, 2, 54, 10, zone: 2)));   // 50 + 5 > 54
        var trade = Assert.Single(BookHarness.Trades(Buy(h, 3, 55, 10, zone: 2, participant: 3)));
        Assert.Equal((1L, 50L, 5L, 10L), (trade.CounterOrderId, trade.PriceTick, trade.NetworkFeeTick, trade.Quantity));
        Assert.Equal((2, 0), (trade.Zone, trade.CounterZone));
    }

    [Fact]
    public void Place_OffersInSeveralZones_PriorityByPriceIncludingFeeThenArrival()
    {
        var h = Book();
        Sell(h, 1, 50, 10, zone: 0, participant: 2);   // 55 delivered to zone 2
        Sell(h, 2, 53, 10, zone: 1, participant: 3);   // 54
        Sell(h, 3, 54, 10, zone: 2, participant: 4);   // 54, later than order 2
        Sell(h, 4, 52, 10, zone: 2, participant: 5);   // 52
        var trades = BookHarness.Trades(Buy(h, 10, 60, 40, zone: 2));
        Assert.Equal([4L, 2L, 3L, 1L], trades.Select(t => t.CounterOrderId));
        Assert.Equal([52L, 53L, 54L, 50L], trades.Select(t => t.PriceTick));
        Assert.Equal([0L, 1L, 0L, 5L], trades.Select(t => t.NetworkFeeTick));
    }

    [Fact]
    public void Place_TransferLimitReached_CapsTradeAndSkipsToNextBestZone()
    {
        var h = Book();
        Sell(h, 1, 40, 50, zone: 1, participant: 2);   // 41 delivered to zone 2, but only 30 Wh may move 1 → 2
        Sell(h, 2, 43, 50, zone: 2, participant: 3);
        var trades = BookHarness.Trades(Buy(h, 10, 60, 45, zone: 2));
        Assert.Equal([(1L, 30L), (2L, 15L)], trades.Select(t => (t.CounterOrderId, t.Quantity)));
        Assert.True(h.Book.TryGetOrder(1, out RestingOrder skipped));
        Assert.Equal(20, skipped.Remaining);           // keeps its place; no room left towards zone 2 this period
        Assert.DoesNotContain(BookHarness.Trades(Buy(h, 11, 60, 5, zone: 2, participant: 4)), t => t.CounterOrderId == 1);
        var local = Assert.Single(BookHarness.Trades(Buy(h, 12, 60, 5, zone: 1, participant: 5)));
        Assert.Equal(1L, local.CounterOrderId);         // within zone 1 it still trades
    }

    [Fact]
    public void Place_TransferBackTheOtherWay_DoesNotFreeRoom()
    {
        var network = new ZoneNetworkBuilder(2).SetTransferLimitBothWays(0, 1, 10).Build();
        var h = Book(network);
        Sell(h, 1, 40, 10, zone: 0, participant: 2);
        Buy(h, 2, 40, 10, zone: 1);                     // 0 → 1 is now full
        Sell(h, 3, 40, 10, zone: 1, participant: 3);
        Buy(h, 4, 40, 10, zone: 0, participant: 4);     // 1 → 0 trades: limits count each direction apart
        Sell(h, 5, 40, 10, zone: 0, participant: 5);
        Assert.Empty(BookHarness.Trades(Buy(h, 6, 40, 10, zone: 1, participant: 6)));
    }

    [Fact]
    public void Place_IncomingOfferHitsRestingBidInOtherZone_SellerReceivesBidLessFee()
    {
        var h = Book();
        Buy(h, 1, 60, 10, zone: 2);
        var trade = Assert.Single(BookHarness.Trades(Sell(h, 2, 50, 10, zone: 0)));
        Assert.Equal((55L, 5L), (trade.PriceTick, trade.NetworkFeeTick)); // the resting bid pays its 60: 55 + 5
        Assert.Equal((0, 2), (trade.Zone, trade.CounterZone));
    }

    [Fact]
    public void Place_IncomingOffer_PrefersBidWithHighestPriceNetOfFee()
    {
        var h = Book();
        Buy(h, 1, 60, 10, zone: 2, participant: 1);    // nets 55 for a seller in zone 0
        Buy(h, 2, 57, 10, zone: 0, participant: 3);    // nets 57
        var trades = BookHarness.Trades(Sell(h, 3, 50, 20, zone: 0));
        Assert.Equal([(2L, 57L), (1L, 55L)], trades.Select(t => (t.CounterOrderId, t.PriceTick)));
    }

    [Fact]
    public void Place_BidRequiringRenewable_SkipsOtherOffersWhichKeepTheirPlace()
    {
        var h = Book(ZoneNetwork.SingleZone);
        Sell(h, 1, 40, 10, zone: 0, participant: 2);
        Sell(h, 2, 45, 10, zone: 0, participant: 3, flags: Renewable);
        var trade = Assert.Single(BookHarness.Trades(Buy(h, 3, 50, 10, zone: 0, requires: Renewable)));
        Assert.Equal(2L, trade.CounterOrderId);
        Assert.Equal(40, h.Book.BestAsk);
        Assert.Equal(Renewable, trade.CounterAttributes.Flags);
    }

    [Fact]
    public void Place_OfferRequiringCommunityMember_NeverMatchesOutsider()
    {
        const int Member = 1 << 1;
        var h = Book(ZoneNetwork.SingleZone);
        Sell(h, 1, 40, 10, zone: 0, requires: Member);
        Assert.Empty(BookHarness.Trades(Buy(h, 2, 50, 10, zone: 0)));
        Assert.Single(BookHarness.Trades(Buy(h, 3, 50, 10, zone: 0, participant: 3, flags: Member)));
    }

    [Fact]
    public void Place_OwnIncompatibleOrder_IsNotASelfTrade()
    {
        var h = Book(ZoneNetwork.SingleZone);
        Sell(h, 1, 40, 10, zone: 0, participant: 1);                      // own, not renewable
        Sell(h, 2, 45, 10, zone: 0, participant: 2, flags: Renewable);
        var events = Buy(h, 3, 50, 10, zone: 0, participant: 1, requires: Renewable);
        Assert.Equal([MatchingEventKind.Accepted, MatchingEventKind.Trade], events.ConvertAll(e => e.Kind));
        Assert.True(h.Book.TryGetOrder(1, out _));
    }

    [Fact]
    public void Place_FillOrKillBeyondRoom_IsKilledAndBookUnchanged()
    {
        var h = Book();
        Sell(h, 1, 40, 50, zone: 1, participant: 2);                     // at most 30 Wh may reach zone 2
        var events = Buy(h, 2, 60, 40, zone: 2, type: OrderType.FillOrKill);
        Assert.Equal(CancelReason.FillOrKillUnfillable, events[^1].CancelReason);
        Assert.Equal(50, h.Book.VolumeAt(Side.Sell, 40));
        var filled = BookHarness.Trades(Buy(h, 3, 60, 30, zone: 2, type: OrderType.FillOrKill));
        Assert.Equal(30, filled.Sum(t => t.Quantity));
    }

    [Fact]
    public void Place_ZoneOutsideNetwork_IsRejectedUnknownZone()
    {
        var h = Book();
        var rejected = Assert.Single(Buy(h, 1, 50, 10, zone: 3));
        Assert.Equal(RejectReason.UnknownZone, rejected.RejectReason);
        Assert.Equal(3, rejected.Zone);
    }

    [Fact]
    public void Place_RequirementsInCallAuction_IsRejectedUnsupportedAttributes()
    {
        var h = Book(mode: BookMode.CallAuction);
        Assert.Equal(RejectReason.UnsupportedAttributes, Assert.Single(Buy(h, 1, 50, 10, zone: 0, requires: Renewable)).RejectReason);
        Assert.Equal(MatchingEventKind.Accepted, Assert.Single(Buy(h, 2, 50, 10, zone: 0, flags: Renewable)).Kind);
    }

    [Fact]
    public void CloseGate_OrdersInSeveralZones_ExpireByPriceThenArrival()
    {
        var h = Book();
        Buy(h, 1, 50, 1, zone: 2);
        Buy(h, 2, 52, 1, zone: 0, participant: 3);
        Buy(h, 3, 50, 1, zone: 1, participant: 4);
        Sell(h, 4, 70, 1, zone: 1);
        Sell(h, 5, 60, 1, zone: 2, participant: 5);
        var expired = h.Run(Command.CloseGate(0, 9));
        Assert.Equal([2L, 1L, 3L, 5L, 4L], expired.Select(e => e.OrderId));
        Assert.All(expired, e => Assert.Equal(CommandKind.CloseGate, e.Command));
    }

    [Fact]
    public void CopyOrders_SeveralZones_PricesFirstThenArrivalAndCarryAttributes()
    {
        var h = Book();
        Sell(h, 1, 60, 1, zone: 2, flags: Renewable);
        Sell(h, 2, 55, 1, zone: 0, participant: 3);
        Sell(h, 3, 60, 1, zone: 1, participant: 4);
        var asks = h.Orders(Side.Sell);
        Assert.Equal([2L, 1L, 3L], asks.Select(o => o.OrderId));
        Assert.Equal(new OrderAttributes(2, Renewable, 0), asks[1].Attributes);
        Assert.Equal(55, h.Book.BestAsk);
        Assert.Equal(1, h.Book.VolumeAt(Side.Sell, 60, zone: 1));
        Assert.Equal(2, h.Book.VolumeAt(Side.Sell, 60));
    }

    [Fact]
    public void Process_ZonedSteadyState_AllocatesNothing()
    {
        var network = new ZoneNetworkBuilder(4).SetNetworkFeeBothWays(0, 3, 2).SetTransferLimitBothWays(1, 2, 1_000_000).Build();
        var book = new OrderBook(new OrderBookOptions { MaxTick = 1000, Capacity = 4096, ZoneNetwork = network });
        var sink = new CountingSink();
        void Cycle(long baseId)
        {
            for (int i = 0; i < 500; i++)
            {
                var attributes = new OrderAttributes(i % 4, i % 3 == 0 ? Renewable : 0, i % 11 == 0 ? Renewable : 0);
                Command place = Command.Limit(0, baseId + i, i % 7, i % 2 == 0 ? Side.Buy : Side.Sell, 500 + ((i % 2 == 0 ? -1 : 1) * (1 + (i % 20))), 10, 0, attributes);
                book.Process(in place, ref sink);
            }

            for (int i = 0; i < 50; i++)
            {
                Command cross = Command.Place(0, baseId + 1000 + i, 99, i % 2 == 0 ? Side.Buy : Side.Sell, OrderType.ImmediateOrCancel, i % 2 == 0 ? 1000 : 0, 15, 0, OrderAttributes.InZone(i % 4));
                book.Process(in cross, ref sink);
            }

            for (int i = 0; i < 500; i++)
            {
                Command cancel = Command.Cancel(0, baseId + i, 0);
                book.Process(in cancel, ref sink);
            }
        }

        for (int warmUp = 0; warmUp < 5; warmUp++)
        {
            Cycle(warmUp * 10_000);
        }

        long fewest = long.MaxValue;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Cycle(100_000 + (attempt * 10_000));
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
        Assert.True(sink.Trades > 0);
    }
}
