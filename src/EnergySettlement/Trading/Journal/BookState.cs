using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>What the market operator knows of one open book: how it was opened, its auction clock, and how many orders each participant placed in it.</summary>
internal sealed class BookState
{
    public BookState(MarketCommand opening)
    {
        Opening = opening;
        LastAuction = opening.Timestamp;
        if (opening.Grid is { Network.HasTransferLimits: true } grid)
        {
            TransferUsed = new long[grid.Zones.Length * grid.Zones.Length];
        }
    }

    /// <summary>
    /// The energy traded so far from each zone to each other zone ([from × zones + to], Wh), in a book whose grid has
    /// transfer limits: what the engine counts against the limits. A book rebuilt from a snapshot gets only the room left.
    /// </summary>
    public long[]? TransferUsed { get; }

    /// <summary>Counts energy moved from one zone to another against the limits.</summary>
    public void AddTransfer(int fromZone, int toZone, long wattHours)
    {
        if (TransferUsed is { } used && fromZone != toZone)
        {
            var n = Opening.Grid!.Zones.Length;
            used[(fromZone * n) + toZone] = checked(used[(fromZone * n) + toZone] + wattHours);
        }
    }

    /// <summary>The journaled command that opened the book (its options).</summary>
    public MarketCommand Opening { get; }

    public DeliveryPeriod Period => Opening.Period;

    public int BookId => Opening.BookId;

    public BookMode Mode => Opening.Mode;

    /// <summary>The gate closure in UTC ticks: orders are accepted strictly before it.</summary>
    public long GateClosure => Opening.GateClosure;

    /// <summary>When the book last uncrossed (UTC ticks), or when it opened; the next periodic auction is the next multiple of the interval after it.</summary>
    public long LastAuction { get; set; }

    /// <summary>Whether the close is journaled: the book takes no more commands.</summary>
    public bool Closing { get; set; }

    /// <summary>How many orders each participant placed in the book (for <see cref="ParticipantLimits.MaxOrdersPerPeriod"/>).</summary>
    public Dictionary<ParticipantId, int> Placed { get; } = [];

    public OrderBookOptions ToEngineOptions() => new()
    {
        BookId = Opening.BookId,
        MinTick = Opening.MinTick,
        MaxTick = Opening.MaxTick,
        Capacity = Opening.Capacity,
        SelfTradePrevention = Opening.SelfTradePrevention,
        Mode = Opening.Mode,
        GateClosure = Opening.EngineGateClosure,
        ZoneNetwork = RoomLeft(),
    };

    /// <summary>The book's network with each limit lowered by the energy already moved that way (the shared network when nothing moved).</summary>
    private ZoneNetwork? RoomLeft()
    {
        if (Opening.Grid is not { } grid || TransferUsed is not { } used || Array.TrueForAll(used, u => u == 0))
        {
            return Opening.Grid?.Network;
        }

        var n = grid.Zones.Length;
        var fees = new long[n * n];
        var limits = new long[n * n];
        for (var i = 0; i < fees.Length; i++)
        {
            fees[i] = grid.Network.GetNetworkFee(i / n, i % n);
            var limit = grid.Network.GetTransferLimit(i / n, i % n);
            limits[i] = limit == ZoneNetwork.Unlimited ? limit : Math.Max(0, limit - used[i]);
        }

        return ZoneNetwork.Create(n, fees, limits);
    }

    /// <summary>The zone an order's engine zone number stands for, in a book with a grid.</summary>
    public ZoneId? ZoneAt(int zone) => Opening.Grid is { } grid && (uint)zone < (uint)grid.Zones.Length ? grid.Zones[zone] : null;
}
