namespace EnergySettlement.Tests.Quantities;

public sealed class MoneyAllocateTests
{
    [Theory]
    [InlineData(100, new long[] { 1, 1, 1 }, new long[] { 34, 33, 33 })]
    [InlineData(10, new long[] { 1, 2, 3, 4 }, new long[] { 1, 2, 3, 4 })]
    [InlineData(7, new long[] { 1, 1 }, new long[] { 4, 3 })]
    [InlineData(5, new long[] { 3, 3, 3, 1 }, new long[] { 2, 2, 1, 0 })]
    [InlineData(11, new long[] { 1, 1, 3 }, new long[] { 2, 2, 7 })]
    [InlineData(1, new long[] { 1, 0, 1 }, new long[] { 1, 0, 0 })]
    [InlineData(10, new long[] { 0, 1 }, new long[] { 0, 10 })]
    [InlineData(0, new long[] { 2, 5 }, new long[] { 0, 0 })]
    [InlineData(-100, new long[] { 1, 1, 1 }, new long[] { -34, -33, -33 })]
    [InlineData(-11, new long[] { 1, 1, 3 }, new long[] { -2, -2, -7 })]
    [InlineData(1, new long[] { 1, 1, 1, 1 }, new long[] { 1, 0, 0, 0 })]
    [InlineData(3, new long[] { 1, 1, 1, 1 }, new long[] { 1, 1, 1, 0 })]
    public void Allocate_Weights_SplitsByLargestRemainderTiesToLowerIndex(long amount, long[] weights, long[] expected)
    {
        var parts = new Money[weights.Length];
        TestAssets.Units(amount).Allocate(weights, parts);
        Assert.Equal(expected.Select(e => TestAssets.Units(e)), parts);
    }

    [Fact]
    public void Allocate_LargestRemainderAtHigherIndex_GetsTheLeftoverFirst()
    {
        // 10 × (2, 3, 5) / 10 is exact; 9 × (2, 3, 5) / 10 = 1.8, 2.7, 4.5: truncated 1, 2, 4 with 2 left over,
        // which go to the remainders .8 (index 0) and .7 (index 1), not to .5 (index 2).
        var parts = new Money[3];
        TestAssets.Units(9).Allocate([2, 3, 5], parts);
        Assert.Equal([TestAssets.Units(2), TestAssets.Units(3), TestAssets.Units(4)], parts);
    }

    [Fact]
    public void Allocate_Int128Extremes_SumsExactly()
    {
        var parts = new Money[3];
        TestAssets.Units(Int128.MaxValue).Allocate([1, 1, 1], parts);
        Assert.Equal(Int128.MaxValue, parts[0].Amount + parts[1].Amount + parts[2].Amount);
    }

    [Fact]
    public void Allocate_KeepsAsset()
    {
        var parts = new Money[2];
        new Money(5, TestAssets.DashCoin).Allocate([1, 1], parts);
        Assert.All(parts, p => Assert.Equal(TestAssets.DashCoin, p.Asset));
    }

    [Fact]
    public void Allocate_LengthMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => TestAssets.Units(5).Allocate([1, 1], new Money[3]));

    [Fact]
    public void Allocate_NegativeWeight_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TestAssets.Units(5).Allocate([1, -1], new Money[2]));

    [Fact]
    public void Allocate_AllWeightsZero_Throws() =>
        Assert.Throws<ArgumentException>(() => TestAssets.Units(5).Allocate([0, 0], new Money[2]));

    [Fact]
    public void Allocate_NoWeights_Throws() =>
        Assert.Throws<ArgumentException>(() => TestAssets.Units(5).Allocate([], []));
}
