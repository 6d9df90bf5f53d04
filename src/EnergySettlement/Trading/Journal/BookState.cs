using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>What the market operator knows of one open book: how it was opened, its auction clock, and how many orders each participant placed in it.</summary>
internal sealed class BookState
{
    public BookState(MarketCommand opening)
    {
        Opening = opening;
        LastAuction = opening.Timestamp;
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
        ZoneNetwork = Opening.Grid?.Network,
    };

    /// <summary>The zone an order's engine zone number stands for, in a book with a grid.</summary>
    public ZoneId? ZoneAt(int zone) => Opening.Grid is { } grid && (uint)zone < (uint)grid.Zones.Length ? grid.Zones[zone] : null;
}
