namespace EnergySettlement.Matching.Auctions;

/// <summary>Working arrays of <see cref="ZonalClearing"/>, owned by one <see cref="ClearingResult"/> and reused, so a steady state allocates nothing.</summary>
internal sealed class ZonalClearingScratch
{
    // Per live order.
    public int[] ByZone = [];
    public int[] LevelOf = [];

    // Per price level of a zone (levels of zone z at ZoneLevelStart[z] .. ZoneLevelStart[z + 1] − 1, ascending ticks).
    public long[] LevelTick = [];
    public Int128[] LevelBuy = [];
    public Int128[] LevelSell = [];

    // Per tick of a zone's band while it is bucketed.
    public Int128[] BucketBuy = [];
    public Int128[] BucketSell = [];
    public int[] BucketLevel = [];
    public long[] SortedTicks = [];

    // Per zone (and per zone + 1).
    public int[] ZoneStart = [];
    public int[] ZoneLevelStart = [];
    public int[] AskLevel = [];
    public Int128[] AskUsed = [];
    public int[] BidLevel = [];
    public Int128[] BidUsed = [];
    public bool[] AskInBlock = [];
    public int[] AskBlockEnd = [];
    public Int128[] AskBlock = [];
    public bool[] BidInBlock = [];
    public int[] BidBlockStart = [];
    public Int128[] BidBlock = [];
    public Int128[] LowerBound = [];
    public Int128[] UpperBound = [];
    public int[] GroupOf = [];

    // Per node of the flow graph (zones, source, sink).
    public ZonalClearing.Cost[] Potential = [];
    public ZonalClearing.Cost[] Distance = [];
    public bool[] Reached = [];
    public bool[] Done = [];
    public int[] Predecessor = [];

    // Per ordered pair of zones.
    public Int128[] Flow = [];
    public Int128[] Bound = [];

    // Per rationed order.
    public ZonalClearing.Rationed[] Rationed = [];
    public Int128[] GroupShared = [];

    public static T[] Ensure<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[Math.Max(length, array.Length * 2)];
        }

        return array;
    }
}
