namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// One order collected for a call auction, in the engine's compact form: integer price ticks and watt-hours.
/// </summary>
/// <remarks>
/// The struct is immutable and carries no validation: the book that collects orders rejects bad input
/// (non-positive quantity, price off the band, unknown zone) before a clearing rule sees it. Built-in rules give orders
/// with a non-positive quantity no fill. 40 bytes. Thread-safe (immutable).
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

    /// <summary>Creates an order of a participant in a grid zone.</summary>
    /// <param name="orderId">The order's id, unique within the book.</param>
    /// <param name="participant">The participant's compact index (see the market's participant table).</param>
    /// <param name="side">Whether the order buys or sells.</param>
    /// <param name="priceTick">The limit price in ticks: the most a buyer pays, the least a seller accepts.</param>
    /// <param name="quantity">The energy offered or wanted, in watt-hours (Wh); positive.</param>
    /// <param name="sequence">The arrival order in the book (lower is earlier); time priority in tie rules.</param>
    /// <param name="zone">The participant's zone in the book's <see cref="ZoneNetwork"/>, 0 to <see cref="OrderAttributes.MaxZone"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="zone"/> is out of range.</exception>
    public AuctionOrder(long orderId, int participant, Side side, long priceTick, long quantity, long sequence, int zone)
        : this(orderId, participant, side, priceTick, quantity, sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(zone);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(zone, OrderAttributes.MaxZone);
        _zone = (byte)zone;
    }

    /// <summary>Creates an order from the book's gather: the zone needs no check (it passed the book's).</summary>
    internal AuctionOrder(long orderId, int participant, Side side, long priceTick, long quantity, long sequence, byte zone)
        : this(orderId, participant, side, priceTick, quantity, sequence)
    {
        _zone = zone;
    }

    /// <summary>Gets the order's id, unique within the book.</summary>
    public long OrderId { get; }

    /// <summary>Gets the participant's compact index.</summary>
    public int Participant { get; }

    /// <summary>Gets whether the order buys or sells.</summary>
    public Side Side { get; }

    // Declared right after Side, so the zone sits in Side's padding and the struct stays 40 bytes.
    private readonly byte _zone;

    /// <summary>Gets the limit price in ticks (buyer: at most; seller: at least). May be negative.</summary>
    public long PriceTick { get; }

    /// <summary>Gets the quantity in watt-hours (Wh).</summary>
    public long Quantity { get; }

    /// <summary>Gets the arrival sequence number (lower is earlier), used for time priority in tie rules.</summary>
    public long Sequence { get; }

    /// <summary>Gets the participant's zone (0 in a market without zones).</summary>
    public int Zone => _zone;

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
        PriceTick == other.PriceTick && Quantity == other.Quantity && Sequence == other.Sequence && _zone == other._zone;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AuctionOrder other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(OrderId, Participant, Side, PriceTick, Quantity, Sequence, _zone);

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"#{OrderId} p{Participant} z{Zone} {Side} {Quantity} Wh @ {PriceTick} (seq {Sequence})");
}
