namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// The verdict of <see cref="ClearingResultValidator"/> on one clearing result: accepted with its totals, or
/// rejected with a typed reason and the offending fill.
/// </summary>
/// <remarks>Thread-safe (immutable).</remarks>
public readonly struct ClearingValidation : IEquatable<ClearingValidation>
{
    private ClearingValidation(ClearingRejectionReason reason, int fillIndex, long matched, Int128 paid, Int128 received)
    {
        Reason = reason;
        FillIndex = fillIndex;
        MatchedQuantity = matched;
        BuyerPayment = paid;
        SellerReceipt = received;
    }

    /// <summary>Gets a value indicating whether the result was accepted.</summary>
    public bool IsAccepted => Reason == ClearingRejectionReason.None;

    /// <summary>Gets why the result was rejected, or <see cref="ClearingRejectionReason.None"/> when accepted.</summary>
    public ClearingRejectionReason Reason { get; }

    /// <summary>Gets the index of the first offending fill, or -1 when accepted or when the fault is in the totals.</summary>
    public int FillIndex { get; }

    /// <summary>Gets the matched energy in Wh (bought = sold) when accepted; 0 when rejected.</summary>
    public long MatchedQuantity { get; }

    /// <summary>Gets the sum over buy fills of quantity × price (tick·Wh) when accepted; 0 when rejected.</summary>
    public Int128 BuyerPayment { get; }

    /// <summary>Gets the sum over sell fills of quantity × price (tick·Wh) when accepted; 0 when rejected.</summary>
    public Int128 SellerReceipt { get; }

    /// <summary>
    /// Gets what buyers pay beyond what sellers receive (tick·Wh), never negative when accepted: zero for a uniform
    /// price; for pay-as-bid the bid–ask spread that goes to the market operator, so that paid = received + surplus.
    /// </summary>
    public Int128 OperatorSurplus => BuyerPayment - SellerReceipt;

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
        BuyerPayment == other.BuyerPayment && SellerReceipt == other.SellerReceipt;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ClearingValidation other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Reason, FillIndex, MatchedQuantity, BuyerPayment, SellerReceipt);

    /// <inheritdoc/>
    public override string ToString() => IsAccepted
        ? FormattableString.Invariant($"accepted: {MatchedQuantity} Wh, paid {BuyerPayment}, received {SellerReceipt}")
        : FormattableString.Invariant($"rejected: {Reason} (fill {FillIndex})");

    internal static ClearingValidation Accepted(long matched, Int128 paid, Int128 received) =>
        new(ClearingRejectionReason.None, -1, matched, paid, received);

    internal static ClearingValidation Rejected(ClearingRejectionReason reason, int fillIndex) =>
        new(reason, fillIndex, 0, Int128.Zero, Int128.Zero);
}
