namespace EnergySettlement.Matching.Sharing;

/// <summary>
/// A caller-owned, reusable buffer that a <see cref="SharingRule"/> fills for one period: one
/// <see cref="SharingAllocation"/> per participant plus the community totals and the grid's leg.
/// </summary>
/// <remarks>
/// Money balances exactly: <c>BuyerPayment = SellerReceipt + GridAmount</c>, equivalently the participants'
/// <see cref="SharingAllocation.Amount"/> values plus <see cref="GridAmount"/> sum to zero. Reuse one instance per
/// community; its arrays grow to the largest community seen, after which sharing allocates nothing. Not thread-safe.
/// </remarks>
public sealed class SharingResult
{
    private SharingAllocation[] allocations = [];
    private int count;

    /// <summary>Gets one allocation per participant, in input order.</summary>
    /// <remarks>The span is valid until the next call that changes this buffer.</remarks>
    public ReadOnlySpan<SharingAllocation> Allocations => allocations.AsSpan(0, count);

    /// <summary>Gets the total buyer power TBP: the sum of the buyers' deficits, in Wh.</summary>
    public long TotalDemand { get; private set; }

    /// <summary>Gets the total seller power TSP: the sum of the sellers' surpluses, in Wh.</summary>
    public long TotalSupply { get; private set; }

    /// <summary>Gets the energy the community imports from the grid, max(TBP − TSP, 0), in Wh.</summary>
    public long GridImport { get; private set; }

    /// <summary>Gets the energy the community exports to the grid, max(TSP − TBP, 0), in Wh.</summary>
    public long GridExport { get; private set; }

    /// <summary>Gets the total the buyers pay, in smallest money units (non-negative).</summary>
    public Int128 BuyerPayment { get; private set; }

    /// <summary>Gets the total the sellers receive, in smallest money units (non-negative).</summary>
    public Int128 SellerReceipt { get; private set; }

    /// <summary>
    /// Gets the grid's net money for the period: positive when the grid receives (imports), negative when it pays
    /// (exports). Equals <see cref="BuyerPayment"/> − <see cref="SellerReceipt"/> exactly.
    /// </summary>
    public Int128 GridAmount => BuyerPayment - SellerReceipt;

    /// <summary>Gets the rule's scratch for remainder ranking.</summary>
    internal (Int128 Remainder, int Index)[] Ranking { get; private set; } = [];

    /// <summary>Gets the rule's scratch for per-participant shares.</summary>
    internal Int128[] Shares { get; private set; } = [];

    /// <summary>Prepares the buffer for <paramref name="participants"/> allocations and records the totals.</summary>
    internal Span<SharingAllocation> Begin(int participants, long demand, long supply)
    {
        if (allocations.Length < participants)
        {
            allocations = new SharingAllocation[participants];
            Ranking = new (Int128, int)[participants];
            Shares = new Int128[participants];
        }

        count = participants;
        TotalDemand = demand;
        TotalSupply = supply;
        GridImport = Math.Max(demand - supply, 0);
        GridExport = Math.Max(supply - demand, 0);
        return allocations.AsSpan(0, participants);
    }

    /// <summary>Records the money totals.</summary>
    internal void SetMoney(Int128 buyerPayment, Int128 sellerReceipt)
    {
        BuyerPayment = buyerPayment;
        SellerReceipt = sellerReceipt;
    }
}
