using EnergySettlement.Matching;
using EnergySettlement.Trading;
using static EnergySettlement.Tests.Trading.Operator.OperatorFixture;

namespace EnergySettlement.Tests.Trading.Operator;

/// <summary>Periodic and day-ahead auctions driven from a fake clock.</summary>
public sealed class ScheduleTests
{
    private static OperatorFixture Periodic() => new(m => m with { Schedule = MarketSchedule.PeriodicAuction(TimeSpan.FromMinutes(5)) });

    [Fact]
    public async Task PeriodicAuction_OrdersCollectWithoutTrading()
    {
        await using var market = Periodic();
        await market.StartAsync();

        await market.SellAsync("alice", 80, 500);
        var buy = await market.BuyAsync("bob", 120, 500);

        Assert.Empty(buy.Trades);
        Assert.Equal(new Energy(500), buy.Remaining);
        Assert.All(market.Sink.Of<BookOpened>(), b => Assert.Equal(BookMode.CallAuction, b.Mode));
    }

    [Fact]
    public async Task PeriodicAuction_AtTheNextInterval_ClearsAtOneUniformPrice()
    {
        await using var market = Periodic();
        await market.StartAsync();
        var sellA = await market.SellAsync("alice", 40, 500);
        var sellB = await market.SellAsync("carol", 46, 1_000);
        var buyA = await market.BuyAsync("bob", 50, 1_000);
        await market.BuyAsync("dave", 45, 1_000);

        await market.AdvanceAsync(TimeSpan.FromMinutes(5));

        var trades = market.Sink.Of<TradeExecuted>();
        Assert.All(trades, t => Assert.Equal(Ticks(46), t.Trade.Price));
        Assert.All(trades, t => Assert.Equal(Start.AddMinutes(5), t.Trade.ExecutedAt));
        Assert.Equal([(buyA.OrderId, sellA.OrderId, 500L), (buyA.OrderId, sellB.OrderId, 500L)], trades.Select(t => (t.Trade.BuyOrder, t.Trade.SellOrder, t.Trade.Quantity.WattHours)));
        Assert.Equal((new Energy(500), new Energy(0)), (trades[0].BuyRemaining, trades[0].SellRemaining));
        Assert.Equal((new Energy(0), new Energy(500)), (trades[1].BuyRemaining, trades[1].SellRemaining));
        var cleared = Assert.Single(market.Sink.Of<AuctionCleared>(), c => c.Period == First);
        Assert.Equal((Ticks(46), new Energy(1_000)), (cleared.ClearingPrice, cleared.Volume));
        Assert.Equal(new Energy(500), Assert.Single(market.Operator.GetOpenOrders(P("carol"))).Remaining);
    }

    [Fact]
    public async Task PeriodicAuction_NothingCrosses_ReportsAnEmptyClearing()
    {
        await using var market = Periodic();
        await market.StartAsync();
        await market.SellAsync("alice", 90, 500);
        await market.BuyAsync("bob", 80, 500);

        await market.AdvanceAsync(TimeSpan.FromMinutes(5));

        var cleared = Assert.Single(market.Sink.Of<AuctionCleared>(), c => c.Period == First);
        Assert.Equal((null, Energy.Zero), (cleared.ClearingPrice, cleared.Volume));
        Assert.Empty(market.Sink.Of<TradeExecuted>());
    }

    [Fact]
    public async Task PeriodicAuction_LateTimer_RunsOneAuctionAtTheLatestDueInstant()
    {
        await using var market = Periodic();
        await market.StartAsync();

        await market.AdvanceAsync(TimeSpan.FromMinutes(9));

        Assert.All(market.Sink.Of<AuctionCleared>(), c => Assert.Equal(Start.AddMinutes(5), c.Timestamp));
        Assert.Equal(8, market.Sink.Of<AuctionCleared>().Count);
    }

    [Fact]
    public async Task PeriodicAuction_AtGateClosure_ClearsOnceMoreThenExpiresTheRest()
    {
        await using var market = Periodic();
        await market.StartAsync();
        await market.AdvanceAsync(TimeSpan.FromMinutes(9));
        await market.SellAsync("alice", 80, 700);
        await market.BuyAsync("bob", 90, 500);

        await market.AdvanceAsync(TimeSpan.FromMinutes(1));

        var ofFirst = market.Sink.Events.Where(e => e.Period == First && e.Timestamp == Start.AddMinutes(10)).Select(e => e.GetType()).ToList();
        Assert.Equal([typeof(TradeExecuted), typeof(AuctionCleared), typeof(OrderExpired), typeof(BookClosed)], ofFirst);
        Assert.Equal(new Energy(200), Assert.Single(market.Sink.Of<OrderExpired>()).Quantity);
    }

    [Fact]
    public async Task DayAheadAuction_OpensTomorrowsBooksAndClearsThemAtTheAuctionTime()
    {
        await using var market = new OperatorFixture(m => m with { Schedule = MarketSchedule.DayAheadAuction(new TimeOnly(12, 0)), TradingHorizon = TimeSpan.FromDays(1) });
        await market.StartAsync();
        var tomorrow = DeliveryPeriod.Parse("2026-06-22T08:00:00Z/PT15M");

        Assert.Equal(96, market.Operator.OpenPeriods.Count);
        Assert.Equal(DeliveryPeriod.Parse("2026-06-22T00:00:00Z/PT15M"), market.Operator.OpenPeriods[0]);
        await market.SellAsync("alice", 60, 2_000, tomorrow);
        await market.BuyAsync("bob", 70, 1_500, tomorrow);

        await market.AdvanceAsync(TimeSpan.FromHours(2));

        var trade = Assert.Single(market.Sink.Of<TradeExecuted>()).Trade;
        Assert.Equal((new Energy(1_500), Start.AddHours(2), tomorrow), (trade.Quantity, trade.ExecutedAt, trade.Period));
        Assert.Equal(new Energy(500), Assert.Single(market.Sink.Of<OrderExpired>()).Quantity);
        Assert.Equal(96, market.Sink.Of<BookClosed>().Count);
        Assert.Equal(DeliveryPeriod.Parse("2026-06-23T00:00:00Z/PT15M"), market.Operator.OpenPeriods[0]);
    }

    [Fact]
    public async Task DayAheadAuction_OrderAfterTheAuction_IsRejectedAsClosed()
    {
        await using var market = new OperatorFixture(m => m with { Schedule = MarketSchedule.DayAheadAuction(new TimeOnly(12, 0)), TradingHorizon = TimeSpan.FromDays(1) });
        await market.StartAsync();
        await market.AdvanceAsync(TimeSpan.FromHours(2));

        var result = await market.SellAsync("alice", 60, 2_000, DeliveryPeriod.Parse("2026-06-22T08:00:00Z/PT15M"));

        Assert.Equal(OrderRejectionReason.BookClosed, result.Reason);
    }
}
