namespace EnergySettlement.Tests.Trading.Operator;

public sealed class MarketScheduleTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData(7 * 60)]
    [InlineData(2 * 86_400)]
    public void PeriodicAuction_IntervalNotDividingADay_Throws(int seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MarketSchedule.PeriodicAuction(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void DayAheadAuction_FractionOfASecond_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MarketSchedule.DayAheadAuction(new TimeOnly(12, 0, 0, 500)));

    [Fact]
    public void Continuous_IsNotAnAuction()
    {
        Assert.False(MarketSchedule.Continuous.IsAuction);
        Assert.True(MarketSchedule.PeriodicAuction(TimeSpan.FromMinutes(5)).IsAuction);
        Assert.Empty(MarketSchedule.Continuous.Validate());
    }

    [Fact]
    public void GateClosureOf_DayAhead_IsTheAuctionOnTheDayBefore()
    {
        var market = OperatorFixture.DefaultMarket() with { Schedule = MarketSchedule.DayAheadAuction(new TimeOnly(12, 0)), TradingHorizon = TimeSpan.FromDays(1) };
        var lastOfDay = DeliveryPeriod.Parse("2026-06-22T23:45:00Z/PT15M");

        Assert.Equal(DateTimeOffset.Parse("2026-06-21T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), market.GateClosureOf(lastOfDay));
        Assert.Equal(DateTimeOffset.Parse("2026-06-20T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), market.TradingStartOf(lastOfDay));
    }

    [Fact]
    public void TradingStartOf_Continuous_IsTheHorizonBeforeGateClosure()
    {
        var market = OperatorFixture.DefaultMarket();
        var period = OperatorFixture.First;

        Assert.Equal(period.Start - market.GateClosureLead - market.TradingHorizon, market.TradingStartOf(period));
    }

    [Fact]
    public void Validate_HorizonKeepingTooManyBooksOpen_Reports()
    {
        var market = OperatorFixture.DefaultMarket() with { PeriodLength = TimeSpan.FromMinutes(1), TradingHorizon = TimeSpan.FromDays(30) };

        Assert.Contains(market.Validate(), e => e.StartsWith("TradingHorizon", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NonPositiveHorizon_Reports() =>
        Assert.Contains((OperatorFixture.DefaultMarket() with { TradingHorizon = TimeSpan.Zero }).Validate(), e => e.StartsWith("TradingHorizon", StringComparison.Ordinal));

    [Fact]
    public void Validate_BandWiderThanTheEngineTakes_Reports()
    {
        var market = OperatorFixture.DefaultMarket() with { TickSize = TestAssets.Usd(1), MaxPrice = new Price(TestAssets.Usd(20_000_000)) };

        Assert.Contains(market.Validate(), e => e.Contains("spans more than", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MissingSchedule_Reports() =>
        Assert.Contains((OperatorFixture.DefaultMarket() with { Schedule = null! }).Validate(), e => e.StartsWith("Schedule", StringComparison.Ordinal));
}
