using EnergySettlement.Matching;
using EnergySettlement.Trading;
using static EnergySettlement.Tests.Trading.Operator.OperatorFixture;

namespace EnergySettlement.Tests.Trading.Operator;

/// <summary>Every refusal is a typed result, journals nothing and leaves the book as it was.</summary>
public sealed class OrderEntryRejectionTests
{
    private static async Task AssertRefusedAsync(OperatorFixture market, Func<Task<OrderEntryResult>> entry, OrderRejectionReason expected)
    {
        var journaled = await market.JournalLengthAsync();
        var events = market.Sink.Events.Count;

        var result = await entry();

        Assert.Equal(expected, result.Reason);
        Assert.False(result.IsAccepted);
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
        Assert.Equal(0, result.Sequence);
        Assert.Equal(journaled, await market.JournalLengthAsync());
        Assert.Equal(events, market.Sink.Events.Count);
    }

    [Fact]
    public async Task SubmitAsync_UnknownParticipant_IsRejected()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        await AssertRefusedAsync(market, async () => await market.SellAsync("mallory", 80, 400), OrderRejectionReason.UnknownParticipant);
    }

    [Fact]
    public async Task SubmitAsync_PriceOffTickGrid_IsRejected()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        await AssertRefusedAsync(market, async () => await market.Operator.SellAsync(P("alice"), First, new Energy(400), new Price(TestAssets.Usd(80_500))), OrderRejectionReason.PriceOffTickGrid);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(501)]
    public async Task SubmitAsync_PriceOutsideBand_IsRejected(long ticks)
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        await AssertRefusedAsync(market, async () => await market.SellAsync("alice", ticks, 400), OrderRejectionReason.PriceOutOfBand);
    }

    [Fact]
    public async Task SubmitAsync_PriceInOtherAsset_IsRejected()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        await AssertRefusedAsync(market, async () => await market.Operator.SellAsync(P("alice"), First, new Energy(400), new Price(new Money(1, TestAssets.Ether))), OrderRejectionReason.WrongAsset);
    }

    [Fact]
    public async Task SubmitAsync_LimitOrderWithoutPrice_IsRejected()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        await AssertRefusedAsync(market, async () => await market.SubmitAsync("alice", Side.Sell, 400), OrderRejectionReason.MissingLimitPrice);
    }

    [Fact]
    public async Task SubmitAsync_MarketOrderWithPrice_IsRejected()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        await AssertRefusedAsync(market, async () => await market.SubmitAsync("alice", Side.Sell, 400, OrderType.Market, Ticks(80)), OrderRejectionReason.UnexpectedLimitPrice);
    }

    [Fact]
    public async Task SubmitAsync_UndefinedSide_IsRejected()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        await AssertRefusedAsync(market, async () => await market.SubmitAsync("alice", (Side)7, 400, OrderType.Limit, Ticks(80)), OrderRejectionReason.InvalidOrder);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task SubmitAsync_NonPositiveQuantity_IsRejected(long wattHours)
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        await AssertRefusedAsync(market, async () => await market.SellAsync("alice", 80, wattHours), OrderRejectionReason.NonPositiveQuantity);
    }

    [Fact]
    public async Task SubmitAsync_PeriodOfOtherLength_IsRejected()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var hour = DeliveryPeriod.Parse("2026-06-21T11:00:00Z/PT1H");
        await AssertRefusedAsync(market, async () => await market.SellAsync("alice", 80, 400, hour), OrderRejectionReason.WrongPeriodLength);
    }

    [Fact]
    public async Task SubmitAsync_PeriodBeyondTheHorizon_IsRejectedAsNotOpen()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var later = DeliveryPeriod.Parse("2026-06-21T15:00:00Z/PT15M");
        await AssertRefusedAsync(market, async () => await market.SellAsync("alice", 80, 400, later), OrderRejectionReason.BookNotOpen);
    }

    [Fact]
    public async Task SubmitAsync_PeriodPastItsGate_IsRejectedAsClosed()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var past = DeliveryPeriod.Parse("2026-06-21T10:00:00Z/PT15M");
        await AssertRefusedAsync(market, async () => await market.SellAsync("alice", 80, 400, past), OrderRejectionReason.BookClosed);
    }

    [Fact]
    public async Task SubmitAsync_GatePassedBeforeTheScheduleRan_IsRejectedAsClosed()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        market.Clock.Advance(TimeSpan.FromMinutes(10));

        var result = await market.SellAsync("alice", 80, 400);

        Assert.Equal(OrderRejectionReason.BookClosed, result.Reason);
    }

    [Fact]
    public async Task SubmitAsync_LargerThanTheLimit_IsRejected()
    {
        await using var market = new OperatorFixture(options: o => o.Limits.MaxOrderQuantity = new Energy(10_000));
        await market.StartAsync();
        await AssertRefusedAsync(market, async () => await market.SellAsync("alice", 80, 10_001), OrderRejectionReason.OrderTooLarge);
    }

    [Fact]
    public async Task SubmitAsync_ParticipantLimitsOverride_ReplaceTheMarketDefaults()
    {
        var participants = new[]
        {
            new ParticipantRegistration { Participant = P("alice"), Limits = new ParticipantLimits { MaxOrderQuantity = new Energy(50_000_000) } },
            new ParticipantRegistration { Participant = P("bob") },
        };
        await using var market = new OperatorFixture(options: o => o.Limits.MaxOrderQuantity = new Energy(10_000), participants: participants);
        await market.StartAsync();

        Assert.True((await market.SellAsync("alice", 80, 40_000_000)).IsAccepted);
        Assert.Equal(OrderRejectionReason.OrderTooLarge, (await market.SellAsync("bob", 80, 40_000_000)).Reason);
    }

    [Fact]
    public void MaxOrderQuantityCeiling_TimesTheLargestBook_StaysWithin2To62()
    {
        Assert.True((Int128)ParticipantLimits.MaxOrderQuantityCeiling.WattHours * OrderBookOptions.MaxCapacity <= (Int128)1 << 62);
        var limits = new ParticipantLimits { MaxOrderQuantity = ParticipantLimits.MaxOrderQuantityCeiling + new Energy(1) };
        Assert.Contains(limits.Validate(), e => e.StartsWith("MaxOrderQuantity", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SubmitAsync_TooManyRestingOrders_IsRejectedUntilOneLeaves()
    {
        await using var market = new OperatorFixture(options: o => o.Limits.MaxRestingOrders = 2);
        await market.StartAsync();
        var first = await market.SellAsync("alice", 80, 100);
        await market.SellAsync("alice", 81, 100, First.Next);

        await AssertRefusedAsync(market, async () => await market.SellAsync("alice", 82, 100), OrderRejectionReason.TooManyRestingOrders);
        await market.BuyAsync("bob", 80, 100);
        Assert.True((await market.SellAsync("alice", 82, 100)).IsAccepted, "a filled order no longer counts");
        _ = first;
    }

    [Fact]
    public async Task SubmitAsync_TooManyOrdersInOnePeriod_IsRejectedEvenAfterCancels()
    {
        await using var market = new OperatorFixture(options: o => o.Limits.MaxOrdersPerPeriod = 2);
        await market.StartAsync();
        for (var i = 0; i < 2; i++)
        {
            var placed = await market.SellAsync("alice", 80, 100);
            await market.Operator.CancelAsync(P("alice"), placed.OrderId);
        }

        await AssertRefusedAsync(market, async () => await market.SellAsync("alice", 80, 100), OrderRejectionReason.TooManyOrdersInPeriod);
        Assert.True((await market.SellAsync("alice", 80, 100, First.Next)).IsAccepted, "another period has its own count");
    }

    [Fact]
    public async Task SubmitAsync_ImmediateOrderInAnAuctionMarket_IsRejected()
    {
        await using var market = new OperatorFixture(m => m with { Schedule = MarketSchedule.PeriodicAuction(TimeSpan.FromMinutes(5)) });
        await market.StartAsync();
        await AssertRefusedAsync(market, async () => await market.SubmitAsync("alice", Side.Sell, 100, OrderType.ImmediateOrCancel, Ticks(80)), OrderRejectionReason.OrderTypeNotAllowed);
    }

    [Fact]
    public async Task SubmitAsync_BookFull_IsJournaledAndRejectedByTheEngine()
    {
        await using var market = new OperatorFixture(options: o => o.BookCapacity = 2);
        await market.StartAsync();
        await market.SellAsync("alice", 80, 100);
        await market.SellAsync("bob", 81, 100);

        var result = await market.SellAsync("carol", 82, 100);

        Assert.Equal(OrderRejectionReason.BookFull, result.Reason);
        Assert.True(result.Sequence > 0, "the command was journaled before the engine refused it");
        var rejected = Assert.Single(market.Sink.Of<OrderRejected>());
        Assert.Equal((result.OrderId, OrderRejectionReason.BookFull), (rejected.Order, rejected.Reason));
        Assert.Empty(market.Operator.GetOpenOrders(P("carol")));
    }

    [Fact]
    public async Task Rejection_IsLoggedWithItsReason()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();

        await market.SellAsync("mallory", 80, 400);

        Assert.Contains(market.Logger.Entries, e => e.Message.Contains("UnknownParticipant", StringComparison.Ordinal) && e.Message.Contains("mallory", StringComparison.Ordinal));
    }
}
