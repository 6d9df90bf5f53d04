namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// An order rationed pro rata at the marginal price, waiting for the largest-remainder step: its fill slot, its
/// remainder numerator (the larger, the earlier it gets one more Wh) and its time priority.
/// </summary>
internal struct RemainderCandidate
{
    /// <summary>The index of the candidate's fill in the result buffer.</summary>
    public int FillSlot;

    /// <summary>The index of the order in the span being cleared (last tie-break).</summary>
    public int OrderIndex;

    /// <summary>The remainder of (rationed volume × order quantity) divided by the level quantity (128 bits: levels may exceed 2^63 Wh).</summary>
    public Int128 Remainder;

    /// <summary>The order's arrival sequence (earlier wins a tie).</summary>
    public long Sequence;
}
