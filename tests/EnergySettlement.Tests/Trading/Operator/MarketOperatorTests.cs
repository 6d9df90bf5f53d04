using EnergySettlement.Matching;
using EnergySettlement.Trading;
using static EnergySettlement.Tests.Trading.Operator.OperatorFixture;

namespace EnergySettlement.Tests.Trading.Operator;

public sealed class MarketOperatorTests
{
    [Fact]
    public async Task StartAsync_EmptyJournal_OpensEveryBookWhoseGateClosesWithinTheHorizon()
    {
        await using var market = new OperatorFixture();
        var op = await market.StartAsync();

        Assert.Equal(MarketOperatorState.Running, op.State);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => First.Start.AddMinutes(15 * i)), op.OpenPeriods.Select(p => p.Start));
        Assert.Equal(8, market.Sink.Of<BookOpened>().Count);
        Assert.Equal(8, await market.JournalLengthAsync());
    }

    [Fact]
    public async Task SellAsync_ThenCrossingBuy_TradesAtTheRestingPrice()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();

        var sell = await market.SellAsync("alice", 80, 1_500);
        var buy = await market.BuyAsync("bob", 120, 1_500);

        Assert.True(sell.IsAccepted);
        Assert.Equal(new Energy(1_500), sell.Remaining);
        var trade = Assert.Single(buy.Trades);
        Assert.Equal((P("bob"), P("alice"), Ticks(80), new Energy(1_500)), (trade.Buyer, trade.Seller, trade.Price, trade.Quantity));
        Assert.Equal((buy.OrderId, sell.OrderId), (trade.BuyOrder, trade.SellOrder));
        Assert.Equal(Energy.Zero, buy.Remaining);
        Assert.Equal(trade, Assert.Single(market.Sink.Of<TradeExecuted>()).Trade);
    }

    [Fact]
    public async Task SubmitAsync_Accepted_OrderGetsNextIdAndTheClockTime()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        market.Clock.Advance(TimeSpan.FromSeconds(42));

        var first = await market.SellAsync("alice", 80, 1_000);
        var second = await market.SellAsync("alice", 81, 1_000);

        Assert.Equal((1L, 2L), (first.OrderId.Value, second.OrderId.Value));
        Assert.Equal(first.Sequence + 1, second.Sequence);
        var accepted = market.Sink.Of<OrderAccepted>()[0].Order;
        Assert.Equal(Start.AddSeconds(42), accepted.SubmittedAt);
        Assert.Equal(Ticks(80), accepted.LimitPrice);
    }

    [Fact]
    public async Task Events_OfOneCommand_AreNumberedInEngineOrder()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        await market.SellAsync("alice", 80, 500);
        await market.SellAsync("carol", 90, 500);

        var buy = await market.BuyAsync("bob", 100, 800);

        var ofBuy = market.Sink.Events.Where(e => e.Sequence == buy.Sequence).ToList();
        Assert.Equal([typeof(OrderAccepted), typeof(TradeExecuted), typeof(TradeExecuted)], ofBuy.Select(e => e.GetType()));
        Assert.Equal([0, 1, 2], ofBuy.Select(e => e.Index));
        var trades = ofBuy.OfType<TradeExecuted>().ToList();
        Assert.Equal((Ticks(80), Ticks(90)), (trades[0].Trade.Price, trades[1].Trade.Price));
        Assert.Equal((new Energy(300), new Energy(0)), (trades[0].BuyRemaining, trades[0].SellRemaining));
        Assert.Equal((new Energy(0), new Energy(200)), (trades[1].BuyRemaining, trades[1].SellRemaining));
    }

    [Fact]
    public async Task GetOpenOrders_AfterPartialFill_ShowsWhatStaysOpen()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var sell = await market.SellAsync("alice", 80, 1_000);
        await market.BuyAsync("bob", 80, 300);

        var open = Assert.Single(market.Operator.GetOpenOrders(P("alice")));

        Assert.Equal((sell.OrderId, new Energy(700)), (open.Order.Id, open.Remaining));
        Assert.Empty(market.Operator.GetOpenOrders(P("bob")));
    }

    [Fact]
    public async Task SubmitAsync_MarketOrder_TakesWhatIsThereAndNeverRests()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        await market.SellAsync("alice", 80, 400);

        var result = await market.SubmitAsync("bob", Side.Buy, 1_000, OrderType.Market);

        Assert.True(result.IsAccepted);
        Assert.Equal(new Energy(400), Assert.Single(result.Trades).Quantity);
        Assert.Equal(Energy.Zero, result.Remaining);
        var rest = Assert.Single(market.Sink.Of<OrderCancelled>());
        Assert.Equal((CancelReason.ImmediateOrCancelRemainder, new Energy(600)), (rest.Reason, rest.Quantity));
    }

    [Fact]
    public async Task SubmitAsync_OwnOrdersCross_SelfTradePreventionCancelsTheNewest()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        await market.SellAsync("alice", 80, 400);

        var result = await market.BuyAsync("alice", 90, 400);

        Assert.True(result.IsAccepted);
        Assert.Empty(result.Trades);
        Assert.Equal(CancelReason.SelfTradePrevention, Assert.Single(market.Sink.Of<OrderCancelled>()).Reason);
        Assert.Single(market.Operator.GetOpenOrders(P("alice")));
    }

    [Fact]
    public async Task CancelAsync_Owner_RemovesTheOrder()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var sell = await market.SellAsync("alice", 80, 400);

        var cancel = await market.Operator.CancelAsync(P("alice"), sell.OrderId);

        Assert.True(cancel.IsAccepted);
        Assert.Empty(market.Operator.GetOpenOrders(P("alice")));
        var cancelled = Assert.Single(market.Sink.Of<OrderCancelled>());
        Assert.Equal((CancelReason.Requested, new Energy(400), false), (cancelled.Reason, cancelled.Quantity, cancelled.ByOperator));
    }

    [Fact]
    public async Task CancelAsync_OtherParticipant_IsRejectedAsNotOwnerAndOrderStays()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var sell = await market.SellAsync("alice", 80, 400);
        var journaled = await market.JournalLengthAsync();

        var cancel = await market.Operator.CancelAsync(P("bob"), sell.OrderId);

        Assert.Equal(OrderRejectionReason.NotOwner, cancel.Reason);
        Assert.Single(market.Operator.GetOpenOrders(P("alice")));
        Assert.Equal(journaled, await market.JournalLengthAsync());
    }

    [Fact]
    public async Task ReduceAsync_OtherParticipant_IsRejectedAsNotOwner()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var sell = await market.SellAsync("alice", 80, 400);

        var reduce = await market.Operator.ReduceAsync(P("bob"), sell.OrderId, new Energy(100));

        Assert.Equal(OrderRejectionReason.NotOwner, reduce.Reason);
        Assert.Equal(new Energy(400), Assert.Single(market.Operator.GetOpenOrders(P("alice"))).Remaining);
    }

    [Fact]
    public async Task CancelAsOperatorAsync_AnyOrder_IsCancelledAndMarkedAsTheOperators()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var sell = await market.SellAsync("alice", 80, 400);

        var cancel = await market.Operator.CancelAsOperatorAsync(sell.OrderId);

        Assert.True(cancel.IsAccepted);
        Assert.True(Assert.Single(market.Sink.Of<OrderCancelled>()).ByOperator);
    }

    [Fact]
    public async Task ReduceAsOperatorAsync_AnyOrder_IsReducedAndMarkedAsTheOperators()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var sell = await market.SellAsync("alice", 80, 400);

        var reduce = await market.Operator.ReduceAsOperatorAsync(sell.OrderId, new Energy(150));

        Assert.Equal(new Energy(250), reduce.Remaining);
        var reduced = Assert.Single(market.Sink.Of<OrderReduced>());
        Assert.Equal((new Energy(150), new Energy(250), true), (reduced.Quantity, reduced.Remaining, reduced.ByOperator));
    }

    [Fact]
    public async Task CancelAsync_UnknownOrder_IsRejected()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();

        var cancel = await market.Operator.CancelAsync(P("alice"), new OrderId(999));

        Assert.Equal(OrderRejectionReason.UnknownOrder, cancel.Reason);
    }

    [Fact]
    public async Task CancelAsync_FilledOrder_IsRejectedAsUnknown()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var sell = await market.SellAsync("alice", 80, 400);
        await market.BuyAsync("bob", 80, 400);

        var cancel = await market.Operator.CancelAsync(P("alice"), sell.OrderId);

        Assert.Equal(OrderRejectionReason.UnknownOrder, cancel.Reason);
    }

    [Fact]
    public async Task ReduceAsync_KeepsTimePriority()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var first = await market.SellAsync("alice", 80, 400);
        await market.SellAsync("carol", 80, 400);
        await market.Operator.ReduceAsync(P("alice"), first.OrderId, new Energy(100));

        var buy = await market.BuyAsync("bob", 80, 300);

        Assert.Equal(first.OrderId, Assert.Single(buy.Trades).SellOrder);
    }

    [Fact]
    public async Task ReduceAsync_NonPositive_IsRejected()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var sell = await market.SellAsync("alice", 80, 400);

        var reduce = await market.Operator.ReduceAsync(P("alice"), sell.OrderId, Energy.Zero);

        Assert.Equal(OrderRejectionReason.NonPositiveQuantity, reduce.Reason);
    }

    [Fact]
    public async Task ReduceAsync_ByAllThatIsOpen_RemovesTheOrder()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var sell = await market.SellAsync("alice", 80, 400);

        var reduce = await market.Operator.ReduceAsync(P("alice"), sell.OrderId, new Energy(1_000));

        Assert.Equal(Energy.Zero, reduce.Remaining);
        Assert.Equal(new Energy(400), Assert.Single(market.Sink.Of<OrderReduced>()).Quantity);
        Assert.Empty(market.Operator.GetOpenOrders(P("alice")));
    }

    [Fact]
    public async Task RunScheduleAsync_PastGateClosure_ExpiresOpenOrdersClosesTheBookAndOpensTheNext()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var sell = await market.SellAsync("alice", 80, 400);

        await market.AdvanceAsync(TimeSpan.FromMinutes(10));

        var expired = Assert.Single(market.Sink.Of<OrderExpired>());
        Assert.Equal((sell.OrderId, new Energy(400)), (expired.Order, expired.Quantity));
        var closed = Assert.Single(market.Sink.Of<BookClosed>());
        Assert.Equal((First, Start.AddMinutes(10)), (closed.Period, closed.Timestamp));
        Assert.Equal(expired.Sequence, closed.Sequence);
        Assert.Equal(First.Next, market.Operator.OpenPeriods[0]);
        Assert.Equal(First.Start.AddHours(2), market.Operator.OpenPeriods[^1].Start);
        Assert.Empty(market.Operator.GetOpenOrders(P("alice")));
    }

    [Fact]
    public async Task RunScheduleAsync_LateAfterSeveralGates_ClosesEachAtItsScheduledInstant()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();

        await market.AdvanceAsync(TimeSpan.FromMinutes(47));

        Assert.Equal([Start.AddMinutes(10), Start.AddMinutes(25), Start.AddMinutes(40)], market.Sink.Of<BookClosed>().Select(c => c.Timestamp));
        Assert.Equal(8, market.Operator.OpenPeriods.Count);
        var sequences = market.Sink.Events.Select(e => (e.Sequence, e.Index)).ToList();
        Assert.Equal(sequences.Order(), sequences);
    }

    [Fact]
    public async Task Timer_FiresAtGateClosure_ClosesTheBookWithoutBeingAsked()
    {
        await using var market = new OperatorFixture(options: o => o.RunScheduleOnTimer = true);
        await market.StartAsync();
        var events = market.Operator.ReadEventsAsync();

        market.Clock.Advance(TimeSpan.FromMinutes(10));

        await foreach (var e in events)
        {
            if (e is BookClosed closed)
            {
                Assert.Equal(First, closed.Period);
                break;
            }
        }
    }

    [Fact]
    public async Task ReadEventsAsync_SubscribedBeforeAnOrder_SeesItsEvents()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var events = market.Operator.ReadEventsAsync();

        var sell = await market.SellAsync("alice", 80, 400);

        await foreach (var e in events)
        {
            Assert.Equal(sell.OrderId, Assert.IsType<OrderAccepted>(e).Order.Id);
            break;
        }
    }

    [Fact]
    public async Task ReadEventsAsync_ReaderFallsBehind_EndsWithOverflow()
    {
        await using var market = new OperatorFixture(options: o => o.SubscriberBufferCapacity = 2);
        await market.StartAsync();
        var events = market.Operator.ReadEventsAsync();

        for (var i = 0; i < 4; i++)
        {
            await market.SellAsync("alice", 80 + i, 100);
        }

        var overflow = await Assert.ThrowsAsync<EventSubscriptionOverflowException>(async () =>
        {
            await foreach (var e in events)
            {
                _ = e;
            }
        });
        Assert.True(overflow.IsTransient);
    }

    [Fact]
    public async Task StopAsync_EndsReaders()
    {
        var market = new OperatorFixture();
        await market.StartAsync();
        var events = market.Operator.ReadEventsAsync();

        await market.Operator.StopAsync();

        Assert.Equal(MarketOperatorState.Stopped, market.Operator.State);
        await foreach (var e in events)
        {
            Assert.Fail($"No event expected, got {e}.");
        }
    }

    [Fact]
    public async Task SubmitAsync_NotStarted_ThrowsInvalidOperation()
    {
        await using var market = new OperatorFixture();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await market.SellAsync("alice", 80, 400));
    }

    [Fact]
    public async Task ManyProducers_ConcurrentEntries_AllAnsweredAndReplayEqualsLive()
    {
        await using var market = new OperatorFixture(options: o => { o.WorkerCount = 3; o.MaxBatchSize = 16; o.QueueCapacity = 64; o.MaxCommandsInFlight = 32; });
        await market.StartAsync();
        var periods = market.Operator.OpenPeriods;

        var producers = Enumerable.Range(0, 8).Select(p => Task.Run(async () =>
        {
            var random = new Random(p);
            var who = new[] { "alice", "bob", "carol", "dave" }[p % 4];
            var results = new List<OrderEntryResult>();
            for (var i = 0; i < 60; i++)
            {
                var period = periods[random.Next(periods.Count)];
                var result = random.Next(2) == 0
                    ? await market.Operator.BuyAsync(P(who), period, new Energy(random.Next(1, 500)), Ticks(random.Next(90, 111)))
                    : await market.Operator.SellAsync(P(who), period, new Energy(random.Next(1, 500)), Ticks(random.Next(90, 111)));
                results.Add(result);
            }

            return results;
        })).ToArray();
        var all = (await Task.WhenAll(producers)).SelectMany(r => r).ToList();

        Assert.Equal(480, all.Count);
        Assert.All(all, r => Assert.True(r.IsAccepted, r.ToString()));
        Assert.Equal(all.Select(r => r.Sequence).Order(), all.Select(r => r.Sequence).Distinct().Order());
        Assert.Equal(await market.ReplayAsync(), market.Sink.Events);
        Assert.NotEmpty(market.Sink.Of<TradeExecuted>());
    }
}
