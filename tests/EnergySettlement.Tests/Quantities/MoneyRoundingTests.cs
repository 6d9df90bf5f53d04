namespace EnergySettlement.Tests.Quantities;

public sealed class MoneyRoundingTests
{
    private const RoundingMode TZ = RoundingMode.TowardZero;
    private const RoundingMode AFZ = RoundingMode.AwayFromZero;
    private const RoundingMode F = RoundingMode.Floor;
    private const RoundingMode C = RoundingMode.Ceiling;
    private const RoundingMode HE = RoundingMode.HalfToEven;
    private const RoundingMode HA = RoundingMode.HalfAwayFromZero;

    // (numerator, divisor, then the expected quotient for TowardZero, AwayFromZero, Floor, Ceiling, HalfToEven, HalfAwayFromZero)
    private static readonly long[][] Table =
    [
        [7, 2, 3, 4, 3, 4, 4, 4],          // positive half, odd neighbour below
        [-7, 2, -3, -4, -4, -3, -4, -4],   // negative half
        [5, 2, 2, 3, 2, 3, 2, 3],          // positive half, even neighbour below
        [-5, 2, -2, -3, -3, -2, -2, -3],
        [1, 2, 0, 1, 0, 1, 0, 1],          // half at zero
        [-1, 2, 0, -1, -1, 0, 0, -1],
        [6, 2, 3, 3, 3, 3, 3, 3],          // exact
        [-6, 2, -3, -3, -3, -3, -3, -3],
        [0, 7, 0, 0, 0, 0, 0, 0],
        [7, 3, 2, 3, 2, 3, 2, 2],          // below half
        [-7, 3, -2, -3, -3, -2, -2, -2],
        [8, 3, 2, 3, 2, 3, 3, 3],          // above half
        [-8, 3, -2, -3, -3, -2, -3, -3],
        [7, -2, -3, -4, -4, -3, -4, -4],   // negative divisor
        [-7, -2, 3, 4, 3, 4, 4, 4],
        [-5, -2, 2, 3, 2, 3, 2, 3],
    ];

    public static TheoryData<long, long, RoundingMode, long> DivideCases()
    {
        var modes = new[] { TZ, AFZ, F, C, HE, HA };
        var data = new TheoryData<long, long, RoundingMode, long>();
        foreach (var row in Table)
        {
            for (var m = 0; m < modes.Length; m++)
            {
                data.Add(row[0], row[1], modes[m], row[2 + m]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DivideCases))]
    public void Divide_EachMode_RoundsAsNamed(long amount, long divisor, RoundingMode mode, long expected) =>
        Assert.Equal(TestAssets.Units(expected), TestAssets.Units(amount).Divide(divisor, mode));

    [Theory]
    [MemberData(nameof(DivideCases))]
    public void MultiplyDivide_EachMode_RoundsTheExactProductOnce(long amount, long denominator, RoundingMode mode, long expected) =>
        Assert.Equal(TestAssets.Units(expected), TestAssets.Units(amount * 3).MultiplyDivide(5, denominator * 15, mode));

    [Fact]
    public void Divide_ByZero_Throws() =>
        Assert.Throws<DivideByZeroException>(() => TestAssets.Units(1).Divide(0, RoundingMode.Floor));

    [Fact]
    public void MultiplyDivide_ByZero_Throws() =>
        Assert.Throws<DivideByZeroException>(() => TestAssets.Units(1).MultiplyDivide(1, 0, RoundingMode.Floor));

    [Fact]
    public void Divide_Int128MinValueByMinusOne_ThrowsOverflow() =>
        Assert.Throws<OverflowException>(() => TestAssets.Units(Int128.MinValue).Divide(-1, RoundingMode.TowardZero));

    [Fact]
    public void Divide_UnknownMode_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TestAssets.Units(7).Divide(2, (RoundingMode)99));

    [Fact]
    public void Divide_ExactWithUnknownMode_ReturnsQuotient() =>
        Assert.Equal(TestAssets.Units(3), TestAssets.Units(6).Divide(2, (RoundingMode)99));

    [Fact]
    public void Divide_KeepsAsset() =>
        Assert.Equal(TestAssets.DashCoin, new Money(10, TestAssets.DashCoin).Divide(3, RoundingMode.Floor).Asset);

    [Fact]
    public void Divide_Int128Extremes_AreExact()
    {
        Assert.Equal(TestAssets.Units(Int128.MaxValue), TestAssets.Units(Int128.MaxValue).Divide(1, RoundingMode.Ceiling));
        Assert.Equal(TestAssets.Units(Int128.MinValue / 2), TestAssets.Units(Int128.MinValue).Divide(2, RoundingMode.Floor));
        Assert.Equal(TestAssets.Units(-(Int128.MaxValue / long.MaxValue) - 1), TestAssets.Units(Int128.MinValue).Divide(long.MaxValue, RoundingMode.Floor));
    }

    [Fact]
    public void MultiplyDivide_RoundsOnceNotTwice() =>
        Assert.Equal(TestAssets.Units(1), TestAssets.Units(1).MultiplyDivide(3, 2, RoundingMode.TowardZero));

    [Fact]
    public void MultiplyDivide_ProductBeyondInt128_ThrowsOverflow() =>
        Assert.Throws<OverflowException>(() => TestAssets.Units(Int128.MaxValue / 2 + 1).MultiplyDivide(2, 2, RoundingMode.TowardZero));

    [Fact]
    public void MultiplyDivide_ProductBeyondLongButInsideInt128_IsExact() =>
        Assert.Equal(TestAssets.Units((Int128)long.MaxValue * 3 / 7), TestAssets.Units(long.MaxValue).MultiplyDivide(3, 7, RoundingMode.TowardZero));
}
