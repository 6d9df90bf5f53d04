namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// The verdict of <see cref="ClearingResultValidator"/> on one clearing result: accepted with its totals, or
/// rejected with a typed reason and the offending fill.
/// </summary>
/// <remarks>Thread-safe (immutable).</remarks>
public readonly struct ClearingValidation : IEquatable<ClearingValidation>
{
    private ClearingValidation(ClearingRejectionReason reason, int fillIndex, Int128 matched, Int128 paid, Int128 received, Int128 fees, bool zonal)
    {
        Reason = reason;
        FillIndex = fillIndex;
        MatchedQuantity = matched;
        BuyerPayment = paid;
        SellerReceipt = received;
        NetworkFees = fees;
        IsZonallyPriced = zonal;
    }

    /// <summary>Gets a value indicating whether the result was accepted.</summary>
    public bool IsAccepted => Reason == ClearingRejectionReason.None;

    /// <summary>Gets why the result was rejected, or <see cref="ClearingRejectionReason.None"/> when accepted.</summary>
    public ClearingRejectionReason Reason { get; }

    /// <summary>Gets the index of the first offending fill, or -1 when accepted or when the fault is in the totals.</summary>
    public int FillIndex { get; }

    /// <summary>Gets the matched energy in Wh (bought = sold) when accepted, exact in 128 bits; 0 when rejected.</summary>
    public Int128 MatchedQuantity { get; }

    /// <summary>Gets the sum over buy fills of quantity × price (tick·Wh) when accepted; 0 when rejected.</summary>
    public Int128 BuyerPayment { get; }

    /// <summary>Gets the sum over sell fills of quantity × price (tick·Wh) when accepted; 0 when rejected.</summary>
    public Int128 SellerReceipt { get; }

    /// <summary>
    /// Gets the network fees the clearing's transfers owe the grid operator: Σ transfer quantity × fee (tick·Wh); 0 without
    /// transfers.
    /// </summary>
    public Int128 NetworkFees { get; }

    /// <summary>
    /// Gets what buyers pay beyond what sellers receive and the network fees (tick·Wh), never negative when accepted, so
    /// that paid = received + fees + surplus: zero for a uniform price in one zone; for pay-as-bid the bid–ask spread that
    /// goes to the market operator; for the zonal uniform price, the congestion rent (<see cref="CongestionRent"/>).
    /// </summary>
    public Int128 OperatorSurplus => BuyerPayment - SellerReceipt - NetworkFees;

    /// <summary>
    /// Gets the congestion rent of a result that prices every fill at its zone's declared price (the zonal uniform-price
    /// rule): Σ over transfers of quantity × (destination price − source price − fee), tick·Wh — what buyers pay beyond what
    /// sellers receive and the fees because transfer limits kept prices apart. Zero for every other result.
    /// </summary>
    public Int128 CongestionRent => IsZonallyPriced ? OperatorSurplus : Int128.Zero;

    /// <summary>Gets whether the accepted result declared zone prices (<see cref="ClearingResult.HasZonePrices"/>).</summary>
    public bool IsZonallyPriced { get; }

    /// <summary>Compares two verdicts field by field.</summary>
    /// <param name="left">The first verdict.</param>
    /// <param name="right">The second verdict.</param>
    /// <returns><see langword="true"/> when every field is equal.</returns>
    public static bool operator ==(ClearingValidation left, ClearingValidation right) => left.Equals(right);

    /// <summary>Compares two verdicts field by field.</summary>
    /// <param name="left">The first verdict.</param>
    /// <param name="right">The second verdict.</param>
    /// <returns><see langword="true"/> when any field differs.</returns>
    public static bool operator !=(ClearingValidation left, ClearingValidation right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(ClearingValidation other) =>
        Reason == other.Reason && FillIndex == other.FillIndex && MatchedQuantity == other.MatchedQuantity &&
        BuyerPayment == other.BuyerPayment && SellerReceipt == other.SellerReceipt && NetworkFees == other.NetworkFees &&
        IsZonallyPriced == other.IsZonallyPriced;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ClearingValidation other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Reason, FillIndex, MatchedQuantity, BuyerPayment, SellerReceipt, NetworkFees, IsZonallyPriced);

    /// <inheritdoc/>
    public override string ToString() => IsAccepted
        ? FormattableString.Invariant($"accepted: {MatchedQuantity} Wh, paid {BuyerPayment}, received {SellerReceipt}, network fees {NetworkFees}")
        : FormattableString.Invariant($"rejected: {Reason} (fill {FillIndex})");

    internal static ClearingValidation Accepted(Int128 matched, Int128 paid, Int128 received, Int128 fees, bool zonal) =>
        new(ClearingRejectionReason.None, -1, matched, paid, received, fees, zonal);

    internal static ClearingValidation Rejected(ClearingRejectionReason reason, int fillIndex) =>
        new(reason, fillIndex, 0, Int128.Zero, Int128.Zero, Int128.Zero, false);
}
