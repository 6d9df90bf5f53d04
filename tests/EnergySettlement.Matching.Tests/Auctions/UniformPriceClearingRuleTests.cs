using EnergySettlement.Matching.Auctions;
using EnergySettlement.Matching.Reference.Auctions;
using static EnergySettlement.Matching.Tests.Auctions.AuctionTestOrders;

namespace EnergySettlement.Matching.Tests.Auctions;

public class UniformPriceClearingRuleTests
{
    private readonly ClearingResult result = new();

    [Fact]
    public void Clear_DocsExampleOne_PicksMidpointOfZeroSurplusIntervalRoundedHalfToEven()
    {
        // docs/clearing.md, example 1: candidates 22..25 all with surplus 0, midpoint 23.5 -> 24 (even).
        AuctionOrder[] orders =
        [
            Buy(1, 30, 100), Buy(2, 25, 200), Buy(3, 20, 150),
            Sell(4, 15, 120), Sell(5, 22, 180), Sell(6, 28, 100),
        ];

        UniformPriceClearingRule.Instance.Clear(orders, result);

        Assert.Equal(24, result.ClearingPriceTick);
        Assert.Equal(
            [new AuctionFill(0, 1, 100, 24), new AuctionFill(1, 2, 200, 24), new AuctionFill(3, 4, 120, 24), new AuctionFill(4, 5, 180, 24)],
            result.Fills.ToArray());
    }

    [Fact]
    public void Clear_DocsExampleTwo_RationsLongSideProRataWithLargestRemainder()
    {
        // docs/clearing.md, example 2: price 25, sellers short (251 Wh); buyers at 25 share 151 Wh of 300:
        // 151*200/300 = 100 r 200, 151*100/300 = 50 r 100; the leftover 1 Wh goes to the larger remainder.
        AuctionOrder[] orders =
        [
            Buy(1, 30, 100, 1), Buy(2, 25, 200, 2), Buy(3, 25, 100, 3),
            Sell(4, 20, 150, 4), Sell(5, 24, 101, 5),
        ];

        UniformPriceClearingRule.Instance.Clear(orders, result);

        Assert.Equal(25, result.ClearingPriceTick);
        Assert.Equal(
            [new AuctionFill(0, 1, 100, 25), new AuctionFill(1, 2, 101, 25), new AuctionFill(2, 3, 50, 25), new AuctionFill(3, 4, 150, 25), new AuctionFill(4, 5, 101, 25)],
            result.Fills.ToArray());
    }

    [Fact]
    public void Clear_EqualRemainders_LeftoverGoesToEarlierSequence()
    {
        AuctionOrder[] orders = [Buy(1, 25, 150, 9), Buy(2, 25, 150, 3), Sell(3, 20, 151, 1)];

        UniformPriceClearingRule.Instance.Clear(orders, result);

        Assert.Equal(75, Filled(result.Fills, 0));
        Assert.Equal(76, Filled(result.Fills, 1));
    }

    [Fact]
    public void Clear_BuyerAboveOnlyCrossingPrice_ChoosesPriceWhereClearingConditionsHold()
    {
        // Max volume 5 at every tick 10..12, surplus 5 everywhere; only at 12 is the buyer above the price not left unfilled.
        AuctionOrder[] orders = [Buy(1, 12, 10), Sell(2, 10, 5)];

        UniformPriceClearingRule.Instance.Clear(orders, result);

        Assert.Equal(12, result.ClearingPriceTick);
        Assert.Equal([new AuctionFill(0, 1, 5, 12), new AuctionFill(1, 2, 5, 12)], result.Fills.ToArray());
    }

    [Fact]
    public void Clear_NothingCrosses_NoFillsAndNoPrice()
    {
        AuctionOrder[] orders = [Buy(1, 10, 100), Sell(2, 11, 100)];

        UniformPriceClearingRule.Instance.Clear(orders, result);

        Assert.Null(result.ClearingPriceTick);
        Assert.Equal(0, result.Count);
    }

    [Fact]
    public void Clear_OneSideEmpty_NoFillsAndNoPrice()
    {
        UniformPriceClearingRule.Instance.Clear([Buy(1, 10, 100), Buy(2, 12, 5)], result);

        Assert.Null(result.ClearingPriceTick);
        Assert.Equal(0, result.Count);
    }

    [Fact]
    public void Clear_NonPositiveQuantities_AreIgnored()
    {
        AuctionOrder[] orders = [Buy(1, 20, 0), Buy(2, 20, -5), Buy(3, 20, 10), Sell(4, 10, 10)];

        UniformPriceClearingRule.Instance.Clear(orders, result);

        Assert.Equal([2, 3], result.Fills.ToArray().Select(f => f.OrderIndex));
    }

    [Fact]
    public void Clear_WideBandSparsePath_PricesInsideGapAtMidpoint()
    {
        // Band of 10^9 ticks: too wide to bucket per tick, so the distinct ticks are sorted and the gap between them priced.
        AuctionOrder[] orders = [Buy(1, 1_000_000_000, 100), Sell(2, 0, 100)];

        UniformPriceClearingRule.Instance.Clear(orders, result);

        Assert.Equal(500_000_000, result.ClearingPriceTick);
        Assert.Equal(100, Filled(result.Fills, 0));
        Assert.Equal(100, Filled(result.Fills, 1));
    }

    [Fact]
    public void Clear_ExtremeTicks_NoOverflowAndPriceIsEvenMidpoint()
    {
        // The band spans all of long: no bucketing, no tick subtraction; midpoint of [min, max] is -0.5 -> 0 (even).
        AuctionOrder[] orders = [Buy(1, long.MaxValue, 7), Sell(2, long.MinValue, 7)];

        UniformPriceClearingRule.Instance.Clear(orders, result);

        Assert.Equal(0, result.ClearingPriceTick);
        Assert.Equal([new AuctionFill(0, 1, 7, 0), new AuctionFill(1, 2, 7, 0)], result.Fills.ToArray());
    }

    [Fact]
    public void Clear_NegativePrices_MidpointRoundsHalfToEven()
    {
        AuctionOrder[] orders = [Buy(1, -2, 100), Sell(2, -5, 100)];

        UniformPriceClearingRule.Instance.Clear(orders, result);

        Assert.Equal(-4, result.ClearingPriceTick); // midpoint -3.5 -> -4 (even)
    }

    [Theory]
    [InlineData(1, 2, 2)]
    [InlineData(2, 3, 2)]
    [InlineData(-3, -2, -2)]
    [InlineData(-5, -2, -4)]
    [InlineData(4, 4, 4)]
    [InlineData(long.MaxValue - 1, long.MaxValue, long.MaxValue - 1)]
    [InlineData(long.MinValue, long.MinValue + 1, long.MinValue)]
    public void MidpointHalfToEven_Interval_ReturnsEvenMiddleTick(long lo, long hi, long expected) =>
        Assert.Equal(expected, CallAuctionClearing.MidpointHalfToEven(lo, hi));

    [Fact]
    public void Clear_ResultBufferReused_NoAllocationInSteadyState()
    {
        var random = new Random(7);
        var orders = new AuctionOrder[5_000];
        for (var i = 0; i < orders.Length; i++)
        {
            orders[i] = new AuctionOrder(i, i, random.Next(2) == 0 ? Side.Buy : Side.Sell, random.Next(100, 140), random.Next(1, 1_000), i);
        }

        var rule = UniformPriceClearingRule.Instance;
        rule.Clear(orders, result); // warm up: buffers grow
        var before = GC.GetAllocatedBytesForCurrentThread();
        rule.Clear(orders, result);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(result.Count > 0);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Clear_NullResult_Throws() =>
        Assert.Throws<ArgumentNullException>(() => UniformPriceClearingRule.Instance.Clear([], null!));

    [Fact]
    public void Clear_LargeRandomBook_MatchesSortAndSweepBaseline()
    {
        var random = new Random(11);
        var orders = new AuctionOrder[200_000];
        for (var i = 0; i < orders.Length; i++)
        {
            var buy = random.Next(2) == 0;
            orders[i] = new AuctionOrder(i, i, buy ? Side.Buy : Side.Sell, random.Next(0, 2_000) + (buy ? 100 : 0), random.Next(1, 10_000), i);
        }

        UniformPriceClearingRule.Instance.Clear(orders, result);
        var baseline = new SortAndSweepCallAuction();
        Assert.True(baseline.TryClear(orders, out var price, out var volume));

        Assert.Equal(price, result.ClearingPriceTick);
        Assert.Equal(volume, new ClearingResultValidator().Validate(orders, result).MatchedQuantity);
    }
}
