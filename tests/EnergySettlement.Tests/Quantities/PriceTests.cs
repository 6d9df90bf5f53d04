namespace EnergySettlement.Tests.Quantities;

public sealed class PriceTests
{
    private static readonly Price ThreePerKilowattHour = new(TestAssets.Units(3));

    [Theory]
    [InlineData(500, RoundingMode.TowardZero, 1)]
    [InlineData(500, RoundingMode.AwayFromZero, 2)]
    [InlineData(500, RoundingMode.Floor, 1)]
    [InlineData(500, RoundingMode.Ceiling, 2)]
    [InlineData(500, RoundingMode.HalfToEven, 2)]
    [InlineData(500, RoundingMode.HalfAwayFromZero, 2)]
    [InlineData(-500, RoundingMode.TowardZero, -1)]
    [InlineData(-500, RoundingMode.AwayFromZero, -2)]
    [InlineData(-500, RoundingMode.Floor, -2)]
    [InlineData(-500, RoundingMode.Ceiling, -1)]
    [InlineData(-500, RoundingMode.HalfToEven, -2)]
    [InlineData(-500, RoundingMode.HalfAwayFromZero, -2)]
    [InlineData(1, RoundingMode.TowardZero, 0)]
    [InlineData(1, RoundingMode.AwayFromZero, 1)]
    [InlineData(1, RoundingMode.Floor, 0)]
    [InlineData(1, RoundingMode.Ceiling, 1)]
    [InlineData(1, RoundingMode.HalfToEven, 0)]
    [InlineData(1, RoundingMode.HalfAwayFromZero, 0)]
    [InlineData(-1, RoundingMode.Floor, -1)]
    [InlineData(-1, RoundingMode.Ceiling, 0)]
    [InlineData(1000, RoundingMode.AwayFromZero, 3)]
    [InlineData(-1000, RoundingMode.TowardZero, -3)]
    [InlineData(0, RoundingMode.Ceiling, 0)]
    public void CostOf_EachMode_RoundsPriceTimesWattHoursOverThousand(long wattHours, RoundingMode mode, long expected) =>
        Assert.Equal(TestAssets.Units(expected), ThreePerKilowattHour.CostOf(new Energy(wattHours), mode));

    [Fact]
    public void CostOf_HalfToEvenAtOddHalf_RoundsUp() =>
        Assert.Equal(TestAssets.Units(2), new Price(TestAssets.Units(1)).CostOf(new Energy(1500), RoundingMode.HalfToEven));

    [Fact]
    public void CostOf_RealisticUsdcPrice_IsExact() =>
        Assert.Equal(TestAssets.Usd(375_000), Price.Parse("0.25 USDC/kWh", TestAssets.Usdc).CostOf(Energy.Parse("1.5 kWh"), RoundingMode.HalfToEven));

    [Fact]
    public void CostOf_Overflow_Throws() =>
        Assert.Throws<OverflowException>(() => new Price(TestAssets.Units(Int128.MaxValue)).CostOf(new Energy(2), RoundingMode.Floor));

    [Fact]
    public void CostOf_LongMaxEnergyAtLargePrice_FitsInt128() =>
        Assert.Equal(
            TestAssets.Units((Int128)long.MaxValue * 1_000_000),
            new Price(TestAssets.Units(1_000_000_000)).CostOf(new Energy(long.MaxValue), RoundingMode.TowardZero));

    [Theory]
    [InlineData("0.25 USDC/kWh", 250_000)]
    [InlineData("0.25/kWh", 250_000)]
    [InlineData("-0.01 USDC/kWh", -10_000)]
    public void Parse_Valid_ReturnsPerKilowattHour(string text, long micro) =>
        Assert.Equal(new Price(TestAssets.Usd(micro)), Price.Parse(text, TestAssets.Usdc));

    [Theory]
    [InlineData("0.25 USDC")]
    [InlineData("0.25 USDC/Wh")]
    [InlineData("0.25 ETH/kWh")]
    [InlineData("0.0000001/kWh")]
    [InlineData("/kWh")]
    [InlineData("0.25 USDC/kwh")]
    public void Parse_Invalid_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => Price.Parse(text, TestAssets.Usdc));

    [Fact]
    public void ToString_ThenParse_RoundTrips()
    {
        var price = new Price(TestAssets.Usd(-123_456));
        Assert.Equal("-0.123456 USDC/kWh", price.ToString());
        Assert.Equal(price, Price.Parse(price.ToString(), TestAssets.Usdc));
    }

    [Fact]
    public void Compare_DifferentAssets_Throws() =>
        Assert.Throws<ArgumentException>(() => new Price(TestAssets.Usd(1)) < new Price(new Money(1, TestAssets.Ether)));

    [Fact]
    public void Compare_SameAsset_OrdersByAmount()
    {
        Assert.True(new Price(TestAssets.Usd(1)) < new Price(TestAssets.Usd(2)));
        Assert.True(new Price(TestAssets.Usd(2)) >= new Price(TestAssets.Usd(2)));
    }
}
