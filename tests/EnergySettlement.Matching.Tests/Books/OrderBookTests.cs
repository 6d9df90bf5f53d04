namespace EnergySettlement.Matching.Tests.Books;

public class OrderBookTests
{
    [Fact]
    public void Place_LimitNotCrossing_RestsAndIsAccepted()
    {
        var h = new BookHarness();
        var events = h.Buy(1, 50, 100);
        var accepted = Assert.Single(events);
        Assert.Equal(MatchingEventKind.Accepted, accepted.Kind);
        Assert.Equal(100, accepted.Quantity);
        Assert.Equal(50, h.Book.BestBid);
        Assert.Null(h.Book.BestAsk);
        Assert.Equal(100, h.Book.VolumeAt(Side.Buy, 50));
    }

    [Fact]
    public void Place_CrossingLimit_TradesAtRestingPriceInPriceTimePriority()
    {
        var h = new BookHarness();
        h.Sell(1, 52, 30, participant: 2);
        h.Sell(2, 51, 20, participant: 3);
        h.Sell(3, 51, 25, participant: 4);
        var trades = BookHarness.Trades(h.Buy(10, 52, 60, participant: 1));
        Assert.Equal(3, trades.Count);
        Assert.Equal((2L, 51L, 20L), (trades[0].CounterOrderId, trades[0].PriceTick, trades[0].Quantity));
        Assert.Equal((3L, 51L, 25L), (trades[1].CounterOrderId, trades[1].PriceTick, trades[1].Quantity));
        Assert.Equal((1L, 52L, 15L), (trades[2].CounterOrderId, trades[2].PriceTick, trades[2].Quantity));
        Assert.Equal(0, trades[2].Remaining);
        Assert.Equal(15, trades[2].CounterRemaining);
        Assert.Equal(52, h.Book.BestAsk);
        Assert.Null(h.Book.BestBid);
    }

    [Fact]
    public void Place_LimitPartlyFilled_RestsRemainder()
    {
        var h = new BookHarness();
        h.Sell(1, 40, 10);
        h.Buy(2, 45, 25);
        Assert.True(h.Book.TryGetOrder(2, out var order));
        Assert.Equal(new RestingOrder(2, 1, Side.Buy, 45, 15), order);
        Assert.Null(h.Book.BestAsk);
    }

    [Fact]
    public void Place_ImmediateOrCancel_CancelsRemainderWithoutResting()
    {
        var h = new BookHarness();
        h.Sell(1, 40, 10);
        var events = h.Buy(2, 45, 25, type: OrderType.ImmediateOrCancel);
        Assert.Equal([MatchingEventKind.Accepted, MatchingEventKind.Trade, MatchingEventKind.Cancelled], events.ConvertAll(e => e.Kind));
        Assert.Equal(CancelReason.ImmediateOrCancelRemainder, events[2].CancelReason);
        Assert.Equal(15, events[2].Quantity);
        Assert.Equal(0, h.Book.Count);
    }

    [Fact]
    public void Place_FillOrKillNotFillable_IsKilledAndBookUnchanged()
    {
        var h = new BookHarness();
        h.Sell(1, 40, 10);
        h.Sell(2, 60, 10);
        var events = h.Buy(3, 50, 15, type: OrderType.FillOrKill);
        Assert.Equal([MatchingEventKind.Accepted, MatchingEventKind.Cancelled], events.ConvertAll(e => e.Kind));
        Assert.Equal(CancelReason.FillOrKillUnfillable, events[1].CancelReason);
        Assert.Equal(15, events[1].Quantity);
        Assert.Equal(10, h.Book.VolumeAt(Side.Sell, 40));
        Assert.Equal(2, h.Book.Count);
    }

    [Fact]
    public void Place_FillOrKillFillable_FillsCompletely()
    {
        var h = new BookHarness();
        h.Sell(1, 40, 10);
        h.Sell(2, 50, 10, participant: 3);
        var trades = BookHarness.Trades(h.Buy(3, 50, 15, type: OrderType.FillOrKill));
        Assert.Equal(15, trades.Sum(t => t.Quantity));
        Assert.Equal(5, h.Book.VolumeAt(Side.Sell, 50));
    }

    [Fact]
    public void Place_FillOrKillBehindOwnOrderUnderCancelNewest_IsKilled()
    {
        var h = new BookHarness();
        h.Sell(1, 40, 10, participant: 1);
        h.Sell(2, 41, 10, participant: 2);
        var events = h.Buy(3, 50, 5, participant: 1, type: OrderType.FillOrKill);
        Assert.Equal(CancelReason.FillOrKillUnfillable, events[^1].CancelReason);
        Assert.Equal(2, h.Book.Count);
    }

    [Fact]
    public void Place_Market_SweepsToBandEdgeAndCancelsRest()
    {
        var h = new BookHarness();
        h.Sell(1, 150, 10);
        h.Sell(2, 200, 10, participant: 3);
        var events = h.Buy(3, 0, 30, type: OrderType.Market);
        Assert.Equal(200, events[0].PriceTick);
        Assert.Equal(20, BookHarness.Trades(events).Sum(t => t.Quantity));
        Assert.Equal(CancelReason.ImmediateOrCancelRemainder, events[^1].CancelReason);
        Assert.Equal(10, events[^1].Quantity);
        Assert.Equal(0, h.Book.Count);
    }

    [Fact]
    public void Place_SellMarket_IsPricedAtMinTick()
    {
        var h = new BookHarness();
        h.Buy(1, 1, 10);
        var events = h.Sell(2, 999, 10, type: OrderType.Market);
        Assert.Equal(1, events[0].PriceTick);
        Assert.Equal(10, BookHarness.Trades(events).Single().Quantity);
    }

    [Fact]
    public void Place_SelfTradeCancelNewest_CancelsIncomingAndKeepsResting()
    {
        var h = new BookHarness(new OrderBookOptions { MaxTick = 100, SelfTradePrevention = SelfTradePrevention.CancelNewest });
        h.Sell(1, 40, 10, participant: 2);
        h.Sell(2, 41, 10, participant: 1);
        h.Sell(3, 42, 10, participant: 3);
        var events = h.Buy(4, 50, 25, participant: 1);
        Assert.Equal([MatchingEventKind.Accepted, MatchingEventKind.Trade, MatchingEventKind.Cancelled], events.ConvertAll(e => e.Kind));
        Assert.Equal((4L, 15L, CancelReason.SelfTradePrevention), (events[2].OrderId, events[2].Quantity, events[2].CancelReason));
        Assert.True(h.Book.TryGetOrder(2, out _));
        Assert.False(h.Book.TryGetOrder(4, out _));
        Assert.Equal(41, h.Book.BestAsk);
    }

    [Fact]
    public void Place_SelfTradeCancelOldest_CancelsRestingAndContinues()
    {
        var h = new BookHarness(new OrderBookOptions { MaxTick = 100, SelfTradePrevention = SelfTradePrevention.CancelOldest });
        h.Sell(1, 40, 10, participant: 1);
        h.Sell(2, 41, 10, participant: 3);
        var events = h.Buy(4, 50, 25, participant: 1);
        Assert.Equal([MatchingEventKind.Accepted, MatchingEventKind.Cancelled, MatchingEventKind.Trade], events.ConvertAll(e => e.Kind));
        Assert.Equal((1L, 10L), (events[1].OrderId, events[1].Quantity));
        Assert.Equal(10, events[2].Quantity);
        Assert.True(h.Book.TryGetOrder(4, out var rest));
        Assert.Equal(15, rest.Remaining);
    }

    [Fact]
    public void Place_SelfTradeDecrementBoth_ReducesBothWithoutTrade()
    {
        var h = new BookHarness(new OrderBookOptions { MaxTick = 100, SelfTradePrevention = SelfTradePrevention.DecrementBoth });
        h.Sell(1, 40, 10, participant: 1);
        h.Sell(2, 41, 10, participant: 3);
        var events = h.Buy(4, 50, 14, participant: 1);
        Assert.Equal([MatchingEventKind.Accepted, MatchingEventKind.Cancelled, MatchingEventKind.Cancelled, MatchingEventKind.Trade], events.ConvertAll(e => e.Kind));
        Assert.Equal((1L, 10L, 0L), (events[1].OrderId, events[1].Quantity, events[1].Remaining));
        Assert.Equal((4L, 10L, 4L), (events[2].OrderId, events[2].Quantity, events[2].Remaining));
        Assert.Equal((2L, 4L), (events[3].CounterOrderId, events[3].Quantity));
        Assert.Equal(6, h.Book.VolumeAt(Side.Sell, 41));
        Assert.Equal(1, h.Book.Count);
    }

    [Fact]
    public void Cancel_RestingOrder_RemovesAllRemaining()
    {
        var h = new BookHarness();
        h.Buy(1, 50, 10);
        var e = Assert.Single(h.Run(Command.Cancel(0, 1, 0)));
        Assert.Equal((MatchingEventKind.Cancelled, CancelReason.Requested, 10L), (e.Kind, e.CancelReason, e.Quantity));
        Assert.Null(h.Book.BestBid);
        Assert.Equal(0, h.Book.Count);
    }

    [Fact]
    public void Reduce_RestingOrder_KeepsTimePriority()
    {
        var h = new BookHarness();
        h.Buy(1, 50, 10, participant: 1);
        h.Buy(2, 50, 10, participant: 3);
        var e = Assert.Single(h.Run(Command.Reduce(0, 1, 4, 0)));
        Assert.Equal((MatchingEventKind.Reduced, 4L, 6L), (e.Kind, e.Quantity, e.Remaining));
        var trades = BookHarness.Trades(h.Sell(3, 50, 8));
        Assert.Equal((1L, 6L), (trades[0].CounterOrderId, trades[0].Quantity));
        Assert.Equal((2L, 2L), (trades[1].CounterOrderId, trades[1].Quantity));
    }

    [Fact]
    public void Reduce_ByAllOrMore_RemovesOrder()
    {
        var h = new BookHarness();
        h.Buy(1, 50, 10);
        var e = Assert.Single(h.Run(Command.Reduce(0, 1, 25, 0)));
        Assert.Equal((MatchingEventKind.Reduced, 10L, 0L), (e.Kind, e.Quantity, e.Remaining));
        Assert.Equal(0, h.Book.Count);
        Assert.Null(h.Book.BestBid);
    }

    public static TheoryData<string, Command, RejectReason> Rejections => new()
    {
        { "zero quantity", Command.Limit(0, 9, 1, Side.Buy, 50, 0, 0), RejectReason.NonPositiveQuantity },
        { "negative quantity", Command.Limit(0, 9, 1, Side.Sell, 50, -5, 0), RejectReason.NonPositiveQuantity },
        { "price above band", Command.Limit(0, 9, 1, Side.Buy, 201, 5, 0), RejectReason.PriceOutOfBand },
        { "price below band", Command.Limit(0, 9, 1, Side.Sell, 0, 5, 0), RejectReason.PriceOutOfBand },
        { "duplicate id", Command.Limit(0, 1, 1, Side.Sell, 150, 5, 0), RejectReason.DuplicateOrderId },
        { "unknown cancel", Command.Cancel(0, 77, 0), RejectReason.UnknownOrderId },
        { "unknown reduce", Command.Reduce(0, 77, 1, 0), RejectReason.UnknownOrderId },
        { "zero reduce", Command.Reduce(0, 1, 0, 0), RejectReason.NonPositiveQuantity },
        { "other book", Command.Limit(5, 9, 1, Side.Buy, 50, 5, 0), RejectReason.UnknownBook },
        { "negative participant", Command.Limit(0, 9, -1, Side.Buy, 50, 5, 0), RejectReason.InvalidParticipant },
        { "undefined side", Command.Place(0, 9, 1, (Side)7, OrderType.Limit, 50, 5, 0), RejectReason.InvalidCommand },
        { "undefined type", Command.Place(0, 9, 1, Side.Buy, (OrderType)9, 50, 5, 0), RejectReason.InvalidCommand },
        { "undefined kind", new Command((CommandKind)42, 0, 9, 1, Side.Buy, OrderType.Limit, 50, 5, 0, default), RejectReason.InvalidCommand },
        { "zone without a network", Command.Limit(0, 9, 1, Side.Buy, 50, 5, 0, OrderAttributes.InZone(3)), RejectReason.UnknownZone },
        { "uncross in continuous book", Command.Uncross(0, 0), RejectReason.NotAllowedInMode },
        { "after gate closure", Command.Limit(0, 9, 1, Side.Buy, 50, 5, 1_000), RejectReason.BookClosed },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Process_BadCommand_IsRejectedAndBookUnchanged(string scenario, Command command, RejectReason expected)
    {
        var options = new OrderBookOptions { MinTick = 1, MaxTick = 200, Capacity = 64 };
        if (expected == RejectReason.BookClosed)
        {
            options.GateClosure = 1_000;
        }

        var h = new BookHarness(options);
        h.Buy(1, 50, 10);
        h.Sell(2, 60, 10);
        var bidsBefore = h.Orders(Side.Buy);
        var asksBefore = h.Orders(Side.Sell);
        var events = h.Run(command);
        var rejected = events[^1];
        Assert.True(rejected.Kind == MatchingEventKind.Rejected, scenario);
        Assert.Equal(expected, rejected.RejectReason);
        Assert.Equal(command.OrderId, rejected.OrderId);
        if (expected != RejectReason.BookClosed)
        {
            Assert.Single(events);
            Assert.Equal(bidsBefore, h.Orders(Side.Buy));
            Assert.Equal(asksBefore, h.Orders(Side.Sell));
        }
    }

    [Fact]
    public void Place_LimitWhenFull_IsRejectedBookFull()
    {
        var h = new BookHarness(new OrderBookOptions { MaxTick = 100, Capacity = 2 });
        h.Buy(1, 10, 1);
        h.Buy(2, 11, 1);
        var e = Assert.Single(h.Buy(3, 12, 1));
        Assert.Equal(RejectReason.BookFull, e.RejectReason);
        var ioc = h.Sell(4, 10, 1, type: OrderType.ImmediateOrCancel);
        Assert.Equal(MatchingEventKind.Trade, ioc[1].Kind);
    }

    [Fact]
    public void Process_CommandAtGateClosure_ExpiresRestingOrdersThenRejects()
    {
        var h = new BookHarness(new OrderBookOptions { MaxTick = 100, GateClosure = 500 });
        h.Buy(1, 50, 10);
        h.Buy(2, 52, 7);
        h.Sell(3, 60, 4);
        h.Time = 500;
        var events = h.Buy(4, 50, 1);
        Assert.Equal([MatchingEventKind.Expired, MatchingEventKind.Expired, MatchingEventKind.Expired, MatchingEventKind.Rejected], events.ConvertAll(e => e.Kind));
        Assert.Equal([2L, 1L, 3L], events.Take(3).Select(e => e.OrderId));
        Assert.Equal([7L, 10L, 4L], events.Take(3).Select(e => e.Quantity));
        Assert.Equal(RejectReason.BookClosed, events[3].RejectReason);
        Assert.True(h.Book.IsClosed);
        Assert.Equal(0, h.Book.Count);
    }

    [Fact]
    public void Process_GateClosureImpliedByPlaceTimestamp_ExpiryCarriesCloseGateAndRejectionCarriesPlace()
    {
        // An order expires only by gate closure, whichever command's timestamp reached it: its event says CloseGate; the
        // command that arrived too late is rejected in an event carrying its own kind.
        var h = new BookHarness(new OrderBookOptions { MaxTick = 100, GateClosure = 500 });
        h.Buy(1, 50, 10);
        h.Sell(2, 60, 4);
        h.Time = 500;
        var events = h.Buy(3, 50, 1);
        Assert.Equal([CommandKind.CloseGate, CommandKind.CloseGate, CommandKind.Place], events.ConvertAll(e => e.Command));
        Assert.Equal(MatchingEventKind.Rejected, events[^1].Kind);
        var cancelAfter = new BookHarness(new OrderBookOptions { MaxTick = 100, GateClosure = 500 });
        cancelAfter.Buy(1, 50, 10);
        var cancelEvents = cancelAfter.Run(Command.Cancel(0, 1, 600));
        Assert.Equal([(MatchingEventKind.Expired, CommandKind.CloseGate), (MatchingEventKind.Rejected, CommandKind.Cancel)], cancelEvents.ConvertAll(e => (e.Kind, e.Command)));
    }

    [Fact]
    public void Process_CloseGateCommand_ExpiresAndLaterCommandsAreRejected()
    {
        var h = new BookHarness();
        h.Sell(1, 60, 4);
        var expired = Assert.Single(h.Run(Command.CloseGate(0, 10)));
        Assert.Equal((MatchingEventKind.Expired, 1L, 4L), (expired.Kind, expired.OrderId, expired.Quantity));
        var again = Assert.Single(h.Run(Command.CloseGate(0, 11)));
        Assert.Equal(RejectReason.BookClosed, again.RejectReason);
    }

    [Fact]
    public void Reset_ClosedBook_IsEmptyAndOpen()
    {
        var h = new BookHarness();
        h.Buy(1, 50, 5);
        h.Run(Command.CloseGate(0, 1));
        h.Book.Reset();
        Assert.False(h.Book.IsClosed);
        Assert.Single(h.Buy(1, 50, 5));
        Assert.Equal(1, h.Book.Count);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new OrderBook(new OrderBookOptions { MinTick = 10, MaxTick = 5 }));
        Assert.Throws<ArgumentException>(() => new OrderBook(new OrderBookOptions { Capacity = 0 }));
        Assert.Throws<ArgumentException>(() => new OrderBook(new OrderBookOptions { MinTick = 0, MaxTick = OrderBookOptions.MaxBandTicks }));
    }

    [Fact]
    public void Process_SteadyState_AllocatesNothing()
    {
        var book = new OrderBook(new OrderBookOptions { MaxTick = 1000, Capacity = 4096 });
        var sink = new Reference.CountingSink();
        void Cycle(long baseId)
        {
            for (int i = 0; i < 500; i++)
            {
                Command place = Command.Limit(0, baseId + i, i % 7, i % 2 == 0 ? Side.Buy : Side.Sell, 500 + ((i % 2 == 0 ? -1 : 1) * (1 + (i % 20))), 10, 0);
                book.Process(in place, ref sink);
            }

            for (int i = 0; i < 50; i++)
            {
                Command cross = Command.Place(0, baseId + 1000 + i, 99, i % 2 == 0 ? Side.Buy : Side.Sell, OrderType.ImmediateOrCancel, i % 2 == 0 ? 1000 : 0, 15, 0);
                book.Process(in cross, ref sink);
            }

            for (int i = 0; i < 500; i++)
            {
                Command cancel = Command.Cancel(0, baseId + i, 0);
                book.Process(in cancel, ref sink);
            }
        }

        // Warm up until the JIT has tiered the hot paths, then measure a few cycles: the runtime itself may allocate a
        // few bytes once (tier-up, call counting), but a per-command allocation would show in every cycle.
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

    [Fact]
    public void ReservedBytes_PerOrderOfCapacity_IsUnder64()
    {
        var book = new OrderBook(new OrderBookOptions { MinTick = 0, MaxTick = 0, Capacity = 1 << 16 });
        Assert.Equal(40, System.Runtime.CompilerServices.Unsafe.SizeOf<OrderNode>());
        Assert.True(book.ReservedBytes / (double)(1 << 16) < 64, $"{book.ReservedBytes} bytes for {1 << 16} orders");
    }

    [Fact]
    public void Place_MarketIntoEmptyBook_IsAcceptedThenCancelledWhole()
    {
        var h = new BookHarness();
        var events = h.Sell(1, 0, 40, type: OrderType.Market);
        Assert.Equal([MatchingEventKind.Accepted, MatchingEventKind.Cancelled], events.ConvertAll(e => e.Kind));
        Assert.Equal((40L, CancelReason.ImmediateOrCancelRemainder), (events[1].Quantity, events[1].CancelReason));
        Assert.Equal(0, h.Book.Count);
    }

    [Fact]
    public void Place_FillOrKillUnderDecrementBothBehindOwnOrder_IsKilledAndBookUnchanged()
    {
        var h = new BookHarness(new OrderBookOptions { MaxTick = 100, SelfTradePrevention = SelfTradePrevention.DecrementBoth });
        h.Buy(1, 50, 10, participant: 3);
        h.Buy(2, 49, 10, participant: 4);
        var events = h.Sell(3, 40, 15, participant: 3, type: OrderType.FillOrKill);
        Assert.Equal(CancelReason.FillOrKillUnfillable, events[^1].CancelReason);
        Assert.Equal(10, h.Book.VolumeAt(Side.Buy, 50));
        Assert.Equal(10, h.Book.VolumeAt(Side.Buy, 49));
    }

    [Fact]
    public void Place_FillOrKillUnderCancelOldest_SkipsOwnOrderWhenCheckingAndCancelsIt()
    {
        var h = new BookHarness(new OrderBookOptions { MaxTick = 100, SelfTradePrevention = SelfTradePrevention.CancelOldest });
        h.Buy(1, 50, 10, participant: 3);
        h.Buy(2, 49, 10, participant: 4);
        var events = h.Sell(3, 40, 10, participant: 3, type: OrderType.FillOrKill);
        Assert.Equal([MatchingEventKind.Accepted, MatchingEventKind.Cancelled, MatchingEventKind.Trade], events.ConvertAll(e => e.Kind));
        Assert.Equal((1L, CancelReason.SelfTradePrevention), (events[1].OrderId, events[1].CancelReason));
        Assert.Equal((2L, 49L, 10L), (events[2].CounterOrderId, events[2].PriceTick, events[2].Quantity));
        Assert.Equal(0, h.Book.Count);
    }

    [Fact]
    public void Place_SellAggressor_TradeEventDescribesBothSides()
    {
        var h = new BookHarness();
        h.Buy(1, 70, 10, participant: 5);
        var trade = BookHarness.Trades(h.Sell(2, 60, 4, participant: 6)).Single();
        Assert.Equal(new MatchingEvent
        {
            Kind = MatchingEventKind.Trade,
            Command = CommandKind.Place,
            BookId = 0,
            OrderId = 2,
            Participant = 6,
            Side = Side.Sell,
            CounterOrderId = 1,
            CounterParticipant = 5,
            PriceTick = 70,
            Quantity = 4,
            Remaining = 0,
            CounterRemaining = 6,
            Timestamp = 0,
        }, trade);
    }

    [Fact]
    public void Cancel_MiddleOfLevel_KeepsOthersInOrder()
    {
        var h = new BookHarness();
        h.Sell(1, 60, 1, participant: 2);
        h.Sell(2, 60, 2, participant: 3);
        h.Sell(3, 60, 3, participant: 4);
        h.Run(Command.Cancel(0, 2, 0));
        Assert.Equal([1L, 3L], h.Orders(Side.Sell).Select(o => o.OrderId));
        Assert.Equal(4, h.Book.VolumeAt(Side.Sell, 60));
    }

    [Fact]
    public void ReservedBytes_CallAuctionBook_Adds124BytesPerOrderOfCapacityPlusLevelCounters()
    {
        // Per order of capacity: a second order slot 40 (fresh slots first, see OrderPool), gathered order 40, attribute
        // word 4, remaining/scratch 8, fill 32. Per non-empty level at
        // most (201 levels on two sides, capped by the capacity): a bucket start 4 plus a bit; per 64 ticks per side: a
        // copied occupancy word 8 and its rank 4. One spare fill.
        var continuous = new OrderBook(new OrderBookOptions { MaxTick = 100, Capacity = 1_000 });
        var auction = new OrderBook(new OrderBookOptions { MaxTick = 100, Capacity = 1_000, Mode = BookMode.CallAuction });
        int buckets = 2 * 101;
        Assert.Equal((124 * 1_000) + 32 + ((buckets + 1) * 4) + (((buckets + 63) / 64) * 8) + (2 * 2 * 12), auction.ReservedBytes - continuous.ReservedBytes);
    }
}
