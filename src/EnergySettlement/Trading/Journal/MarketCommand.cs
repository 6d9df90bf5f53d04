using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>
/// One command of a market in the form the order journal records: the decoded payload of an <see cref="OrderJournalEntry"/>.
/// Fields a kind does not use keep their defaults. See <see cref="MarketCommandCodec"/> for the byte layout.
/// </summary>
internal sealed record MarketCommand
{
    public required MarketCommandKind Kind { get; init; }

    /// <summary>The command's time in UTC ticks: the engine's timestamp, non-decreasing along the journal.</summary>
    public required long Timestamp { get; init; }

    public required int BookId { get; init; }

    // OpenBook
    public DeliveryPeriod Period { get; init; }

    public BookMode Mode { get; init; }

    /// <summary>The market's gate closure of the book, in UTC ticks (the operator accepts orders strictly before it).</summary>
    public long GateClosure { get; init; }

    /// <summary>The engine book's gate closure: one tick after <see cref="GateClosure"/> for call auctions, so the last uncross at gate closure still runs.</summary>
    public long EngineGateClosure { get; init; }

    public long MinTick { get; init; }

    public long MaxTick { get; init; }

    public int Capacity { get; init; }

    public SelfTradePrevention SelfTradePrevention { get; init; }

    /// <summary>The market's quote asset (CAIP-19) when the book opened: replay checks that the market still uses it.</summary>
    public string QuoteAsset { get; init; } = string.Empty;

    public int QuoteDecimals { get; init; }

    /// <summary>The tick size in the asset's smallest unit when the book opened.</summary>
    public Int128 TickSize { get; init; }

    /// <summary>The book's zones and network, or <see langword="null"/> for a book without zones.</summary>
    public BookGrid? Grid { get; init; }

    // Place, Cancel, Reduce
    public long OrderId { get; init; }

    /// <summary>The placing participant, or the participant asking to cancel or reduce (default when the operator acts).</summary>
    public ParticipantId Participant { get; init; }

    public Side Side { get; init; }

    public OrderType OrderType { get; init; }

    public long PriceTick { get; init; }

    /// <summary>Wh placed (Place) or removed (Reduce).</summary>
    public long Quantity { get; init; }

    public int Attributes { get; init; }

    /// <summary>Whether the market operator cancels or reduces on the owner's behalf.</summary>
    public bool ByOperator { get; init; }
}
