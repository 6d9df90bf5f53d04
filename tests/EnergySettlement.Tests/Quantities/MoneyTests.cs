using System.Globalization;

namespace EnergySettlement.Tests.Quantities;

public sealed class MoneyTests
{
    private static readonly Asset Dash = TestAssets.DashCoin;
    private static readonly Asset Ether = TestAssets.Ether;

    [Theory]
    [InlineData("0.00012345", 12345)]
    [InlineData("0.00012345 DASH", 12345)]
    [InlineData("1", 100_000_000)]
    [InlineData("1.5", 150_000_000)]
    [InlineData("-1.5 DASH", -150_000_000)]
    [InlineData("+2", 200_000_000)]
    [InlineData("0.123456780000", 12_345_678)]
    [InlineData("  3 DASH  ", 300_000_000)]
    public void Parse_Valid_ReturnsSmallestUnits(string text, long expected) =>
        Assert.Equal(new Money(expected, Dash), Money.Parse(text, Dash));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.5 ETH")]
    [InlineData("1.5 dash")]
    [InlineData("1.5 DASH DASH")]
    [InlineData("0.000000001")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1,5")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    public void Parse_Invalid_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => Money.Parse(text, Dash));

    [Fact]
    public void Parse_TooLargeForInt128_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => Money.Parse("170141183460469231731.687303715884105728", Ether));

    [Fact]
    public void Parse_Int128MaxValueInWei_IsExact() =>
        Assert.Equal(Int128.MaxValue, Money.Parse("170141183460469231731.687303715884105727 ETH", Ether).Amount);

    [Fact]
    public void TryParse_Null_ReturnsFalse() => Assert.False(Money.TryParse(null, Dash, out _));

    [Theory]
    [InlineData(12345, "0.00012345 DASH")]
    [InlineData(0, "0.00000000 DASH")]
    [InlineData(-150_000_000, "-1.50000000 DASH")]
    [InlineData(100_000_000, "1.00000000 DASH")]
    public void ToString_ShowsAllDecimalsAndSymbol(long amount, string expected) =>
        Assert.Equal(expected, new Money(amount, Dash).ToString());

    [Fact]
    public void ToString_ZeroDecimals_HasNoPoint() => Assert.Equal("-7 UNIT", TestAssets.Units(-7).ToString());

    [Fact]
    public void ToString_Int128MinValue_FormatsAllDigits() =>
        Assert.Equal("-170141183460469231731.687303715884105728 ETH", new Money(Int128.MinValue, Ether).ToString());

    [Fact]
    public void ToString_Default_ShowsAmountOnly() => Assert.Equal("0", default(Money).ToString());

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("170141183460469231731687303715884105727")]
    [InlineData("-170141183460469231731687303715884105727")]
    [InlineData("123456789012345678901234567890")]
    public void ToString_ThenParse_RoundTrips(string amount)
    {
        var money = new Money(Int128.Parse(amount, CultureInfo.InvariantCulture), Ether);
        Assert.Equal(money, Money.Parse(money.ToString(), Ether));
    }

    [Fact]
    public void Add_SameAsset_Sums() => Assert.Equal(new Money(5, Dash), new Money(2, Dash) + new Money(3, Dash));

    [Fact]
    public void Subtract_SameAsset_Subtracts() => Assert.Equal(new Money(-1, Dash), new Money(2, Dash) - new Money(3, Dash));

    [Fact]
    public void Add_DifferentAssets_Throws() =>
        Assert.Throws<ArgumentException>(() => new Money(1, Dash) + new Money(1, Ether));

    [Fact]
    public void Subtract_DifferentAssets_Throws() =>
        Assert.Throws<ArgumentException>(() => new Money(1, Dash) - new Money(1, Ether));

    [Fact]
    public void Compare_DifferentAssets_Throws() =>
        Assert.Throws<ArgumentException>(() => new Money(1, Dash) < new Money(2, Ether));

    [Fact]
    public void Equals_DifferentAssetsSameAmount_AreNotEqual() =>
        Assert.NotEqual(new Money(1, Dash), new Money(1, Ether));

    [Fact]
    public void Add_Overflow_Throws() =>
        Assert.Throws<OverflowException>(() => new Money(Int128.MaxValue, Ether) + new Money(1, Ether));

    [Fact]
    public void Subtract_Overflow_Throws() =>
        Assert.Throws<OverflowException>(() => new Money(Int128.MinValue, Ether) - new Money(1, Ether));

    [Fact]
    public void Negate_MinValue_ThrowsOverflow() =>
        Assert.Throws<OverflowException>(() => -new Money(Int128.MinValue, Ether));

    [Fact]
    public void Multiply_Overflow_Throws() =>
        Assert.Throws<OverflowException>(() => new Money(Int128.MaxValue / 2 + 1, Ether) * 2);

    [Fact]
    public void Multiply_LongMinFactor_IsExact() =>
        Assert.Equal((Int128)long.MinValue * 3, (new Money(3, Ether) * long.MinValue).Amount);

    [Fact]
    public void Comparison_SameAsset_OrdersByAmount()
    {
        Assert.True(new Money(1, Dash) < new Money(2, Dash));
        Assert.True(new Money(2, Dash) <= new Money(2, Dash));
        Assert.True(new Money(3, Dash) > new Money(-3, Dash));
        Assert.True(new Money(3, Dash) >= new Money(3, Dash));
    }

    [Fact]
    public void Flags_ReflectSign()
    {
        Assert.True(Money.Zero(Dash).IsZero);
        Assert.True(new Money(-1, Dash).IsNegative);
        Assert.False(new Money(1, Dash).IsNegative);
    }

    [Fact]
    public void Asset_OfDefault_Throws() => Assert.Throws<InvalidOperationException>(() => default(Money).Asset);

    [Fact]
    public void Constructor_NullAsset_Throws() => Assert.Throws<ArgumentNullException>(() => new Money(1, null!));
}
