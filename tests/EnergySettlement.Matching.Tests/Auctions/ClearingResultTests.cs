using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching.Tests.Auctions;

public class ClearingResultTests
{
    [Fact]
    public void AddFill_BeyondCapacity_GrowsAndKeepsOrder()
    {
        var result = new ClearingResult(1);
        for (var i = 0; i < 40; i++)
        {
            result.AddFill(new AuctionFill(i, i, 1, 5));
        }

        Assert.Equal(40, result.Count);
        Assert.Equal(Enumerable.Range(0, 40), result.Fills.ToArray().Select(f => f.OrderIndex));
    }

    [Fact]
    public void Reset_AfterClearing_EmptiesFillsAndPriceButKeepsCapacity()
    {
        var result = new ClearingResult();
        result.AddFill(new AuctionFill(0, 1, 1, 5));
        result.SetClearingPrice(5);
        var capacity = result.Capacity;

        result.Reset();

        Assert.Equal(0, result.Count);
        Assert.Null(result.ClearingPriceTick);
        Assert.Equal(capacity, result.Capacity);
    }

    [Fact]
    public void Constructor_NegativeCapacity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClearingResult(-1));
}
