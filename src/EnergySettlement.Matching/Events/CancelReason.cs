namespace EnergySettlement.Matching;

/// <summary>Why quantity was removed from an order without trading.</summary>
public enum CancelReason : byte
{
    /// <summary>Not a cancellation (the value carried by every other event kind).</summary>
    None = 0,

    /// <summary>The owner asked for the cancellation.</summary>
    Requested = 1,

    /// <summary>The unfilled remainder of an immediate-or-cancel or market order.</summary>
    ImmediateOrCancelRemainder = 2,

    /// <summary>A fill-or-kill order could not be filled completely at once; the book was not touched.</summary>
    FillOrKillUnfillable = 3,

    /// <summary>Self-trade prevention removed the quantity because both sides belong to the same participant.</summary>
    SelfTradePrevention = 4,
}
