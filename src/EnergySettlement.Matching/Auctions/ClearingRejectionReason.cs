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

    /// <summary>Sellers would receive more money than buyers pay: money would be created.</summary>
    BudgetDeficit = 8,
}
