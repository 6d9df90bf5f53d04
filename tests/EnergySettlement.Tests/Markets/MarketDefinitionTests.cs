namespace EnergySettlement.Tests.Markets;

public sealed class MarketDefinitionTests
{
    /// <summary>A valid market: USDC, tick 0.001 USDC/kWh, prices −0.10 … 1.00 USDC/kWh.</summary>
    internal static MarketDefinition Valid() => new()
    {
        Id = new MarketId("nrel-2018"),
        QuoteAsset = TestAssets.Usdc,
        TickSize = TestAssets.Usd(1_000),
        MinPrice = new Price(TestAssets.Usd(-100_000)),
        MaxPrice = new Price(TestAssets.Usd(1_000_000)),
    };

    [Fact]
    public void Validate_ValidMarket_ReturnsNoErrors() => Assert.Empty(Valid().Validate());

    [Fact]
    public void Defaults_AreFifteenMinutePeriodsAndFiveMinuteGateClosure()
    {
        var market = Valid();
        Assert.Equal(TimeSpan.FromMinutes(15), market.PeriodLength);
        Assert.Equal(TimeSpan.FromMinutes(5), market.GateClosureLead);
    }

    [Fact]
    public void Validate_DefaultId_ReportsId() =>
        Assert.Contains((Valid() with { Id = default }).Validate(), e => e.StartsWith("Id", StringComparison.Ordinal));

    [Theory]
    [InlineData(0)]
    [InlineData(-1_000)]
    public void Validate_NonPositiveTickSize_ReportsTickSize(long tick) =>
        Assert.Contains((Valid() with { TickSize = TestAssets.Usd(tick) }).Validate(), e => e.StartsWith("TickSize", StringComparison.Ordinal));

    [Fact]
    public void Validate_TickSizeInOtherAsset_ReportsTickSize() =>
        Assert.Contains((Valid() with { TickSize = new Money(1, TestAssets.Ether) }).Validate(), e => e.StartsWith("TickSize", StringComparison.Ordinal));

    [Fact]
    public void Validate_MinPriceInOtherAsset_ReportsMinPrice() =>
        Assert.Contains((Valid() with { MinPrice = new Price(new Money(0, TestAssets.Ether)) }).Validate(), e => e.StartsWith("MinPrice", StringComparison.Ordinal));

    [Fact]
    public void Validate_MaxPriceOffTickGrid_ReportsMaxPrice() =>
        Assert.Contains((Valid() with { MaxPrice = new Price(TestAssets.Usd(1_000_500)) }).Validate(), e => e.StartsWith("MaxPrice", StringComparison.Ordinal));

    [Fact]
    public void Validate_MinPriceOffTickGrid_ReportsMinPrice() =>
        Assert.Contains((Valid() with { MinPrice = new Price(TestAssets.Usd(-1)) }).Validate(), e => e.StartsWith("MinPrice", StringComparison.Ordinal));

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(2_000_000)]
    public void Validate_MinPriceNotBelowMaxPrice_ReportsOrder(long min) =>
        Assert.Contains((Valid() with { MinPrice = new Price(TestAssets.Usd(min)) }).Validate(), e => e.Contains("must be below MaxPrice", StringComparison.Ordinal));

    [Theory]
    [InlineData(0)]
    [InlineData(-900)]
    [InlineData(420)]
    [InlineData(172_800)]
    public void Validate_BadPeriodLength_ReportsPeriodLength(int seconds) =>
        Assert.Contains((Valid() with { PeriodLength = TimeSpan.FromSeconds(seconds) }).Validate(), e => e.StartsWith("PeriodLength", StringComparison.Ordinal));

    [Fact]
    public void Validate_SubSecondPeriodLength_ReportsPeriodLength() =>
        Assert.Contains((Valid() with { PeriodLength = TimeSpan.FromMilliseconds(900_500) }).Validate(), e => e.StartsWith("PeriodLength", StringComparison.Ordinal));

    [Fact]
    public void Validate_NegativeGateClosureLead_ReportsGateClosureLead() =>
        Assert.Contains((Valid() with { GateClosureLead = TimeSpan.FromSeconds(-1) }).Validate(), e => e.StartsWith("GateClosureLead", StringComparison.Ordinal));

    [Fact]
    public void Validate_GridFeeWithoutOperator_ReportsGridOperator() =>
        Assert.Contains((Valid() with { GridFeePerKilowattHour = new Price(TestAssets.Usd(10_000)) }).Validate(), e => e.StartsWith("GridOperator", StringComparison.Ordinal));

    [Fact]
    public void Validate_NegativeGridFee_ReportsGridFee() =>
        Assert.Contains(
            (Valid() with { GridFeePerKilowattHour = new Price(TestAssets.Usd(-1)), GridOperator = new ParticipantId("dso") }).Validate(),
            e => e.StartsWith("GridFeePerKilowattHour", StringComparison.Ordinal));

    [Fact]
    public void Validate_GridFeeInOtherAsset_ReportsGridFee() =>
        Assert.Contains(
            (Valid() with { GridFeePerKilowattHour = new Price(new Money(1, TestAssets.Ether)), GridOperator = new ParticipantId("dso") }).Validate(),
            e => e.StartsWith("GridFeePerKilowattHour", StringComparison.Ordinal));

    [Fact]
    public void Validate_GridFeeWithOperator_IsValid() =>
        Assert.Empty((Valid() with { GridFeePerKilowattHour = new Price(TestAssets.Usd(10_000)), GridOperator = new ParticipantId("dso") }).Validate());

    [Fact]
    public void Validate_SeveralProblems_ReportsEachOnce()
    {
        var errors = (Valid() with { Id = default, PeriodLength = TimeSpan.FromMinutes(7), GateClosureLead = TimeSpan.FromMinutes(-1) }).Validate();
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Ticks_MinAndMax_AreOnTheGrid()
    {
        var market = Valid();
        Assert.Equal(-100, market.MinTick);
        Assert.Equal(1_000, market.MaxTick);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(250)]
    [InlineData(-100)]
    public void FromTicks_ThenToTicks_RoundTrips(long ticks)
    {
        var market = Valid();
        Assert.Equal(ticks, market.ToTicks(market.FromTicks(ticks)));
    }

    [Fact]
    public void FromTicks_MultipliesTickSize() =>
        Assert.Equal(new Price(TestAssets.Usd(250_000)), Valid().FromTicks(250));

    [Fact]
    public void ToTicks_OffGrid_Throws() =>
        Assert.Throws<ArgumentException>(() => Valid().ToTicks(new Price(TestAssets.Usd(1_500))));

    [Fact]
    public void ToTicks_OtherAsset_Throws() =>
        Assert.Throws<ArgumentException>(() => Valid().ToTicks(new Price(new Money(1_000, TestAssets.Ether))));

    [Fact]
    public void ToTicks_BeyondLong_ThrowsOverflow() =>
        Assert.Throws<OverflowException>(() => Valid().ToTicks(new Price(new Money(((Int128)long.MaxValue + 1) * 1_000, TestAssets.Usdc))));

    [Fact]
    public void FromTicks_Overflow_Throws() =>
        Assert.Throws<OverflowException>(() => (Valid() with { TickSize = new Money(Int128.MaxValue / 2, TestAssets.Usdc) }).FromTicks(3));

    [Fact]
    public void GateClosureOf_IsStartMinusLead()
    {
        var period = DeliveryPeriod.Create(new DateTimeOffset(2026, 11, 24, 10, 15, 0, TimeSpan.Zero), TimeSpan.FromMinutes(15));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 10, 0, TimeSpan.Zero), Valid().GateClosureOf(period));
    }
}
