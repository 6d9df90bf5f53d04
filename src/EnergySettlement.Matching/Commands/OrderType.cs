namespace EnergySettlement.Matching;

/// <summary>How long an order may live and how much of it must fill.</summary>
public enum OrderType : byte
{
    /// <summary>A limit order, good until gate closure: what does not match at once rests in the book.</summary>
    Limit = 0,

    /// <summary>Immediate-or-cancel: matches what it can at once; the remainder is cancelled and never rests.</summary>
    ImmediateOrCancel = 1,

    /// <summary>Fill-or-kill: executes only if its whole quantity can be filled at once by trades; otherwise it is cancelled without touching the book.</summary>
    FillOrKill = 2,

    /// <summary>
    /// A market order: an immediate-or-cancel order priced at the band's maximum tick (buy) or minimum tick (sell).
    /// The command's price is ignored.
    /// </summary>
    Market = 3,
}
