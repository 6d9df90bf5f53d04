namespace EnergySettlement.Matching.Tests.Books;

public sealed class OrderPoolTests
{
    [Fact]
    public void Allocate_Default_ReusesReturnedSlotsFirst()
    {
        var pool = new OrderPool(4);
        Assert.Equal([0, 1, 2], new[] { pool.Allocate(), pool.Allocate(), pool.Allocate() });
        pool.Free(1);
        Assert.Equal(1, pool.Allocate());
        Assert.Equal(3, pool.Allocate());
        Assert.Equal(4, pool.Count);
        Assert.Equal(4, pool.HighWater);
    }

    [Fact]
    public void Allocate_FreshFirst_HandsOutNeverUsedSlotsBeforeReturnedOnes()
    {
        var pool = new OrderPool(capacity: 2, slots: 4, freshFirst: true);
        Assert.Equal(0, pool.Allocate());
        Assert.Equal(1, pool.Allocate());
        pool.Free(0);
        Assert.Equal(2, pool.Allocate());
        pool.Free(1);
        Assert.Equal(3, pool.Allocate());

        // Every slot has been used once: now the returned ones come back, last returned first.
        pool.Free(2);
        Assert.Equal(2, pool.Allocate());
        pool.Free(3);
        pool.Free(2);
        Assert.Equal(2, pool.Allocate());
        Assert.Equal(3, pool.Allocate());
        Assert.Equal(2, pool.Capacity);
        Assert.Equal(4, pool.Nodes.Length);
    }

    [Fact]
    public void Reset_FreshFirst_StartsAgainFromSlotZero()
    {
        var pool = new OrderPool(capacity: 2, slots: 4, freshFirst: true);
        pool.Allocate();
        pool.Allocate();
        pool.Free(0);
        pool.Reset();
        Assert.Equal(0, pool.Allocate());
        Assert.Equal(1, pool.Allocate());
        Assert.Equal(2, pool.HighWater);
    }

    [Fact]
    public void Constructor_FewerSlotsThanCapacity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrderPool(capacity: 4, slots: 3, freshFirst: true));
    }
}
