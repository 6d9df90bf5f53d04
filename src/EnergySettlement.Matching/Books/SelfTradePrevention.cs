namespace EnergySettlement.Matching;

/// <summary>What a continuous book does when an incoming order would trade with a resting order of the same participant.</summary>
public enum SelfTradePrevention : byte
{
    /// <summary>Cancel the rest of the incoming (newest) order; the resting order stays. Matching stops.</summary>
    CancelNewest = 0,

    /// <summary>Cancel the resting (oldest) order and continue matching the incoming order against the next resting order.</summary>
    CancelOldest = 1,

    /// <summary>
    /// Remove the smaller of the two open quantities from both orders without a trade (a resting order reduced to zero leaves
    /// the book) and continue matching what remains of the incoming order.
    /// </summary>
    DecrementBoth = 2,
}
