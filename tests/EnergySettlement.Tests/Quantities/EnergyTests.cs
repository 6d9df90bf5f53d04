namespace EnergySettlement.Tests.Quantities;

public sealed class EnergyTests
{
    [Theory]
    [InlineData("1500 Wh", 1500)]
    [InlineData("1.5 kWh", 1500)]
    [InlineData("0.0015 MWh", 1500)]
    [InlineData("1.5000 kWh", 1500)]
    [InlineData("-2 kWh", -2000)]
    [InlineData("  7 Wh  ", 7)]
    [InlineData("9223372036854775807 Wh", long.MaxValue)]
    [InlineData("-9223372036854775808 Wh", long.MinValue)]
    public void Parse_ValidText_ReturnsWattHours(string text, long expected) =>
        Assert.Equal(expected, Energy.Parse(text).WattHours);

    [Theory]
    [InlineData("")]
    [InlineData("1500")]
    [InlineData("1500Wh")]
    [InlineData("1500 wh")]
    [InlineData("1500 GWh")]
    [InlineData("1.0005 kWh")]
    [InlineData("0.5 Wh")]
    [InlineData("1,5 kWh")]
    [InlineData("1e3 Wh")]
    [InlineData("1. kWh")]
    [InlineData(".5 kWh")]
    [InlineData("1500 Wh extra")]
    [InlineData("9223372036854775808 Wh")]
    [InlineData("-9223372036854775809 Wh")]
    [InlineData("9223372036854775.808 kWh")]
    public void Parse_InvalidText_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => Energy.Parse(text));

    [Fact]
    public void TryParse_Null_ReturnsFalse() => Assert.False(Energy.TryParse(null, out _));

    [Theory]
    [InlineData(0)]
    [InlineData(1500)]
    [InlineData(-42)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void ToString_ThenParse_RoundTrips(long wattHours)
    {
        var energy = new Energy(wattHours);
        Assert.Equal(energy, Energy.Parse(energy.ToString()));
    }

    [Fact]
    public void ToString_FormatsWholeWattHours() => Assert.Equal("1500 Wh", new Energy(1500).ToString());

    [Fact]
    public void FromKilowattHours_Converts() => Assert.Equal(new Energy(3000), Energy.FromKilowattHours(3));

    [Fact]
    public void FromKilowattHours_TooLarge_ThrowsOverflow() =>
        Assert.Throws<OverflowException>(() => Energy.FromKilowattHours((long.MaxValue / 1000) + 1));

    [Fact]
    public void Add_Overflow_Throws() =>
        Assert.Throws<OverflowException>(() => new Energy(long.MaxValue) + new Energy(1));

    [Fact]
    public void Subtract_Overflow_Throws() =>
        Assert.Throws<OverflowException>(() => new Energy(long.MinValue) - new Energy(1));

    [Fact]
    public void Negate_MinValue_ThrowsOverflow() =>
        Assert.Throws<OverflowException>(() => -new Energy(long.MinValue));

    [Fact]
    public void Arithmetic_InRange_IsExact()
    {
        Assert.Equal(new Energy(long.MaxValue), new Energy(long.MaxValue - 1) + new Energy(1));
        Assert.Equal(new Energy(-5), new Energy(10) - new Energy(15));
        Assert.Equal(new Energy(-long.MaxValue), -new Energy(long.MaxValue));
    }

    [Fact]
    public void Comparison_OrdersByWattHours()
    {
        Assert.True(new Energy(1) < new Energy(2));
        Assert.True(new Energy(2) >= new Energy(2));
        Assert.True(new Energy(-1) <= Energy.Zero);
        Assert.True(new Energy(3) > new Energy(-3));
        Assert.Equal(-1, new Energy(1).CompareTo(new Energy(2)));
    }
}
