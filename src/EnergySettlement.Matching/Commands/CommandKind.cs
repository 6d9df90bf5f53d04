namespace EnergySettlement.Matching;

/// <summary>What a <see cref="Command"/> asks a book to do.</summary>
public enum CommandKind : byte
{
    /// <summary>Place a new order (limit, immediate-or-cancel, fill-or-kill or market).</summary>
    Place = 0,

    /// <summary>Cancel a resting order, removing all of its remaining quantity.</summary>
    Cancel = 1,

    /// <summary>Reduce a resting order's remaining quantity by <see cref="Command.Quantity"/>, keeping its time priority.</summary>
    Reduce = 2,

    /// <summary>Close the book at gate closure: every resting order expires and later commands are rejected.</summary>
    CloseGate = 3,

    /// <summary>Clear a call-auction book through its clearing rule.</summary>
    Uncross = 4,
}
