namespace EnergySettlement.Matching;

/// <summary>Why a command was rejected. A rejected command never changes the book.</summary>
public enum RejectReason : byte
{
    /// <summary>Not a rejection (the value carried by every other event kind).</summary>
    None = 0,

    /// <summary>The quantity of a new order, or of a reduce, was zero or negative.</summary>
    NonPositiveQuantity = 1,

    /// <summary>The limit price lies outside the book's band [<see cref="OrderBookOptions.MinTick"/>, <see cref="OrderBookOptions.MaxTick"/>].</summary>
    PriceOutOfBand = 2,

    /// <summary>A resting order of the book already has this order id.</summary>
    DuplicateOrderId = 3,

    /// <summary>No resting order of the book has this order id (cancel or reduce).</summary>
    UnknownOrderId = 4,

    /// <summary>The book's gate has closed (or the command's timestamp is at or after gate closure).</summary>
    BookClosed = 5,

    /// <summary>No open book has this id.</summary>
    UnknownBook = 6,

    /// <summary>The participant index was negative.</summary>
    InvalidParticipant = 7,

    /// <summary>The command kind, side or order type is not a defined value.</summary>
    InvalidCommand = 8,

    /// <summary>
    /// The order carries requirement flags (<see cref="OrderAttributes.Requirements"/>) in a call-auction book, which pools
    /// orders at one price per zone and so has no bilateral counterparty to check them against.
    /// </summary>
    UnsupportedAttributes = 9,

    /// <summary>A limit order could rest but the book already holds <see cref="OrderBookOptions.Capacity"/> orders.</summary>
    BookFull = 10,

    /// <summary>The order type or command does not fit the book's mode (for example an immediate-or-cancel order in a call auction, or uncross in a continuous book).</summary>
    NotAllowedInMode = 11,

    /// <summary>The call auction's clearing rule proposed a result that failed validation against the book; nothing was applied.</summary>
    ClearingResultInvalid = 12,

    /// <summary>The order's zone (<see cref="OrderAttributes.Zone"/>) is not a zone of the book's <see cref="ZoneNetwork"/> (only zone 0 without one).</summary>
    UnknownZone = 13,
}
