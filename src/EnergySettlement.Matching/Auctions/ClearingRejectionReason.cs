namespace EnergySettlement.Matching.Auctions;

/// <summary>Why <see cref="ClearingResultValidator"/> refused a clearing result (a closed set).</summary>
public enum ClearingRejectionReason
{
    /// <summary>The result was accepted.</summary>
    None = 0,

    /// <summary>A fill's order index is outside the orders that were cleared.</summary>
    UnknownOrder = 1,

    /// <summary>A fill's order id differs from the id of the order at its index.</summary>
    OrderIdMismatch = 2,

    /// <summary>A fill has a zero or negative quantity.</summary>
    NonPositiveQuantity = 3,

    /// <summary>The fills of one order add up to more than the order's quantity.</summary>
    Overfilled = 4,

    /// <summary>A buyer would pay more than its limit price, or a seller receive less than its limit price.</summary>
    LimitPriceViolated = 5,

    /// <summary>The energy bought differs from the energy sold: energy would be created or destroyed.</summary>
    EnergyImbalance = 6,

    /// <summary>The result declares a uniform clearing price but a fill trades at another price.</summary>
    PriceNotUniform = 7,

    /// <summary>Sellers would receive more money than buyers pay, network fees included: money would be created.</summary>
    BudgetDeficit = 8,

    /// <summary>A filled order, or a transfer, names a zone outside the network (only zone 0 without one).</summary>
    UnknownZone = 9,

    /// <summary>A transfer has a zero or negative quantity, or leads from a zone to itself (fill index −1).</summary>
    InvalidTransfer = 10,

    /// <summary>The transfers from one zone to another add up beyond the transfer limit (the room left in the period) (fill index −1).</summary>
    TransferLimitExceeded = 11,

    /// <summary>
    /// In some zone the energy sold minus the energy bought differs from the transfers out of it minus those into it:
    /// energy would appear or vanish in the grid, for example a rule unaware of zones trading across them (fill index −1).
    /// </summary>
    ZoneImbalance = 12,

    /// <summary>The money totals (quantity × price) could exceed 128 bits, so they cannot be checked exactly (fill index −1).</summary>
    AmountOutOfRange = 13,
}
