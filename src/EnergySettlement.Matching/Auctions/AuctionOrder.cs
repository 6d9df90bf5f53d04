namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// One order collected for a call auction, in the engine's compact form: integer price ticks and watt-hours.
/// </summary>
/// <remarks>
/// The struct is immutable and carries no validation: the book that collects orders rejects bad input
/// (non-positive quantity, price off the band) before a clearing rule sees it. Built-in rules give orders with a
/// non-positive quantity no fill. Thread-safe (immutable).
/// </remarks>
public readonly struct AuctionOrder : IEquatable<AuctionOrder>
{
    /// <summary>Creates an order.</summary>
    /// <param name="orderId">The order's id, unique within the book.</param>
    /// <param name="participant">The participant's compact index (see the market's participant table).</param>
    /// <param name="side">Whether the order buys or sells.</param>
    /// <param name="priceTick">The limit price in ticks: the most a buyer pays, the least a seller accepts.</param>
    /// <param name="quantity">The energy offered or wanted, in watt-hours (Wh); positive.</param>
    /// <param name="sequence">The arrival order in the book (lower is earlier); time priority in tie rules.</param>
    public AuctionOrder(long orderId, int participant, Side side, long priceTick, long quantity, long sequence)
    {
        OrderId = orderId;
        Participant = participant;
        Side = side;
        PriceTick = priceTick;
        Quantity = quantity;
        Sequence = sequence;
    }

    /// <summary>Gets the order's id, unique within the book.</summary>
    public long OrderId { get; }

    /// <summary>Gets the participant's compact index.</summary>
    public int Participant { get; }

    /// <summary>Gets whether the order buys or sells.</summary>
    public Side Side { get; }

    /// <summary>Gets the limit price in ticks (buyer: at most; seller: at least). May be negative.</summary>
    public long PriceTick { get; }

    /// <summary>Gets the quantity in watt-hours (Wh).</summary>
    public long Quantity { get; }

    /// <summary>Gets the arrival sequence number (lower is earlier), used for time priority in tie rules.</summary>
    public long Sequence { get; }

    /// <summary>Compares two orders field by field.</summary>
    /// <param name="left">The first order.</param>
    /// <param name="right">The second order.</param>
    /// <returns><see langword="true"/> when every field is equal.</returns>
    public static bool operator ==(AuctionOrder left, AuctionOrder right) => left.Equals(right);

    /// <summary>Compares two orders field by field.</summary>
    /// <param name="left">The first order.</param>
    /// <param name="right">The second order.</param>
    /// <returns><see langword="true"/> when any field differs.</returns>
    public static bool operator !=(AuctionOrder left, AuctionOrder right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(AuctionOrder other) =>
        OrderId == other.OrderId && Participant == other.Participant && Side == other.Side &&
        PriceTick == other.PriceTick && Quantity == other.Quantity && Sequence == other.Sequence;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AuctionOrder other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(OrderId, Participant, Side, PriceTick, Quantity, Sequence);

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"#{OrderId} p{Participant} {Side} {Quantity} Wh @ {PriceTick} (seq {Sequence})");
}
