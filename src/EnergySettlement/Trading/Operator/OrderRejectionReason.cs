namespace EnergySettlement.Trading;

/// <summary>Why the market operator (or, after journaling, the matching engine) refused an order entry.</summary>
public enum OrderRejectionReason
{
    /// <summary>Not rejected.</summary>
    None = 0,

    /// <summary>The participant is not registered.</summary>
    UnknownParticipant = 1,

    /// <summary>The side or order type is not a defined value.</summary>
    InvalidOrder = 2,

    /// <summary>The delivery period has another length than the market's.</summary>
    WrongPeriodLength = 3,

    /// <summary>The period's book is not open yet (its trading start lies ahead).</summary>
    BookNotOpen = 4,

    /// <summary>The period's gate has closed.</summary>
    BookClosed = 5,

    /// <summary>A limit, immediate-or-cancel or fill-or-kill order has no limit price.</summary>
    MissingLimitPrice = 6,

    /// <summary>A market order carries a limit price.</summary>
    UnexpectedLimitPrice = 7,

    /// <summary>The limit price is in another asset than the market's.</summary>
    WrongAsset = 8,

    /// <summary>The limit price is not a whole number of ticks.</summary>
    PriceOffTickGrid = 9,

    /// <summary>The limit price lies outside the market's price band.</summary>
    PriceOutOfBand = 10,

    /// <summary>The quantity (of an order or a reduction) is zero or negative.</summary>
    NonPositiveQuantity = 11,

    /// <summary>The order is larger than the participant's <see cref="ParticipantLimits.MaxOrderQuantity"/>.</summary>
    OrderTooLarge = 12,

    /// <summary>The participant already has <see cref="ParticipantLimits.MaxRestingOrders"/> open orders in the market.</summary>
    TooManyRestingOrders = 13,

    /// <summary>The participant already placed <see cref="ParticipantLimits.MaxOrdersPerPeriod"/> orders in the period's book.</summary>
    TooManyOrdersInPeriod = 14,

    /// <summary>The order type does not fit the market's schedule (a call auction takes limit orders only).</summary>
    OrderTypeNotAllowed = 15,

    /// <summary>No open order has this id (it never existed, or it was filled, cancelled or expired).</summary>
    UnknownOrder = 16,

    /// <summary>The order belongs to another participant; only its owner, or the market operator explicitly, may cancel or reduce it.</summary>
    NotOwner = 17,

    /// <summary>The book holds as many orders as its capacity (<see cref="MarketOperatorOptions.BookCapacity"/>).</summary>
    BookFull = 18,

    /// <summary>The matching engine refused the command for another reason (the detail names it).</summary>
    RejectedByEngine = 19,

    /// <summary>The market has a grid (<see cref="MarketDefinition.Grid"/>) and the participant's registration names no zone,
    /// or a zone the period's book does not hold.</summary>
    ZoneNotInGrid = 20,

    /// <summary>The order's attribute or requirement flags do not fit within <see cref="Matching.OrderAttributes.AllFlags"/>.</summary>
    InvalidFlags = 21,

    /// <summary>The order requires flags of its counterparty in a call-auction market, whose pooled clearing has no bilateral counterparty to check them against.</summary>
    RequirementsNotAllowed = 22,
}
