namespace EnergySettlement.Matching;

/// <summary>
/// One slot of the order pool: a resting order and its links in the FIFO of its price level (40 bytes).
/// Free slots are chained through <see cref="Next"/>.
/// </summary>
internal struct OrderNode
{
    /// <summary>The caller's order id.</summary>
    public long OrderId;

    /// <summary>Open quantity in Wh.</summary>
    public long Remaining;

    /// <summary>The participant index.</summary>
    public int Participant;

    /// <summary>The next slot in the level's FIFO (or the free list), or -1.</summary>
    public int Next;

    /// <summary>The previous slot in the level's FIFO, or -1.</summary>
    public int Prev;

    /// <summary>The price level: the limit price minus the band's minimum tick.</summary>
    public int Level;

    /// <summary>The order's attribute word (<see cref="OrderAttributes"/>: zone, attribute flags, requirement flags).</summary>
    public int Attributes;

    /// <summary>Buy or sell.</summary>
    public Side Side;
}
