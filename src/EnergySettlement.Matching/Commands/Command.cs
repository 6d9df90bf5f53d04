using System.Runtime.InteropServices;

namespace EnergySettlement.Matching;

/// <summary>
/// One instruction to a book, in the engine's compact form: prices are integer ticks, quantities are watt-hours,
/// participants are non-negative indices and order ids are chosen by the caller (unique among a book's resting orders).
/// </summary>
/// <remarks>
/// The engine never reads a clock: <see cref="Timestamp"/> is the caller's time in whatever unit the book's
/// <see cref="OrderBookOptions.GateClosure"/> uses (for example <see cref="DateTimeOffset.UtcTicks"/>).
/// A command is an immutable value; it is safe to share between threads.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly struct Command : IEquatable<Command>
{
    /// <summary>Creates a command from all of its fields; the static factories are usually clearer.</summary>
    /// <param name="kind">What the command does.</param>
    /// <param name="bookId">The book the command is for.</param>
    /// <param name="orderId">The order the command places or refers to (ignored by <see cref="CommandKind.CloseGate"/> and <see cref="CommandKind.Uncross"/>).</param>
    /// <param name="participant">The participant index placing the order (ignored except by <see cref="CommandKind.Place"/>).</param>
    /// <param name="side">The side of a new order.</param>
    /// <param name="orderType">The type of a new order.</param>
    /// <param name="priceTick">The limit price of a new order, in ticks.</param>
    /// <param name="quantity">The quantity of a new order, or the amount a reduce removes, in Wh.</param>
    /// <param name="timestamp">The caller's time of the command, in the unit of the book's gate closure.</param>
    /// <param name="attributes">The new order's zone, attribute flags and requirement flags (see <see cref="OrderAttributes"/>).</param>
    public Command(CommandKind kind, int bookId, long orderId, int participant, Side side, OrderType orderType, long priceTick, long quantity, long timestamp, OrderAttributes attributes)
    {
        Kind = kind;
        BookId = bookId;
        OrderId = orderId;
        Participant = participant;
        Side = side;
        OrderType = orderType;
        PriceTick = priceTick;
        Quantity = quantity;
        Timestamp = timestamp;
        Attributes = attributes;
    }

    /// <summary>Gets what the command does.</summary>
    public CommandKind Kind { get; }

    /// <summary>Gets the book the command is for.</summary>
    public int BookId { get; }

    /// <summary>Gets the order the command places or refers to.</summary>
    public long OrderId { get; }

    /// <summary>Gets the participant index placing the order (non-negative).</summary>
    public int Participant { get; }

    /// <summary>Gets the side of a new order.</summary>
    public Side Side { get; }

    /// <summary>Gets the type of a new order.</summary>
    public OrderType OrderType { get; }

    /// <summary>Gets the limit price of a new order, in ticks (ignored for <see cref="OrderType.Market"/>).</summary>
    public long PriceTick { get; }

    /// <summary>Gets the quantity of a new order, or the amount a reduce removes, in Wh.</summary>
    public long Quantity { get; }

    /// <summary>Gets the caller's time of the command, in the unit of the book's gate closure.</summary>
    public long Timestamp { get; }

    /// <summary>
    /// Gets the new order's attributes: its participant's zone (below the book's <see cref="ZoneNetwork.ZoneCount"/>), what
    /// the order is and what it requires of its counterparty (ignored except by <see cref="CommandKind.Place"/>).
    /// </summary>
    public OrderAttributes Attributes { get; }

    /// <summary>Creates a command placing a new order.</summary>
    /// <param name="bookId">The book.</param>
    /// <param name="orderId">The caller-chosen order id, unique among the book's resting orders.</param>
    /// <param name="participant">The participant index (non-negative).</param>
    /// <param name="side">Buy or sell.</param>
    /// <param name="orderType">The order type.</param>
    /// <param name="priceTick">The limit price in ticks (ignored for market orders).</param>
    /// <param name="quantity">The quantity in Wh (positive).</param>
    /// <param name="timestamp">The caller's time.</param>
    /// <returns>The command.</returns>
    public static Command Place(int bookId, long orderId, int participant, Side side, OrderType orderType, long priceTick, long quantity, long timestamp)
        => new(CommandKind.Place, bookId, orderId, participant, side, orderType, priceTick, quantity, timestamp, default);

    /// <summary>Creates a command placing a new order with a zone and attribute or requirement flags.</summary>
    /// <param name="bookId">The book.</param>
    /// <param name="orderId">The caller-chosen order id, unique among the book's resting orders.</param>
    /// <param name="participant">The participant index (non-negative).</param>
    /// <param name="side">Buy or sell.</param>
    /// <param name="orderType">The order type.</param>
    /// <param name="priceTick">The limit price in ticks (ignored for market orders); for a buyer, network fees included.</param>
    /// <param name="quantity">The quantity in Wh (positive).</param>
    /// <param name="timestamp">The caller's time.</param>
    /// <param name="attributes">The participant's zone and the order's flags.</param>
    /// <returns>The command.</returns>
    public static Command Place(int bookId, long orderId, int participant, Side side, OrderType orderType, long priceTick, long quantity, long timestamp, OrderAttributes attributes)
        => new(CommandKind.Place, bookId, orderId, participant, side, orderType, priceTick, quantity, timestamp, attributes);

    /// <summary>Creates a command placing a limit order, good until gate closure.</summary>
    /// <param name="bookId">The book.</param>
    /// <param name="orderId">The caller-chosen order id, unique among the book's resting orders.</param>
    /// <param name="participant">The participant index (non-negative).</param>
    /// <param name="side">Buy or sell.</param>
    /// <param name="priceTick">The limit price in ticks.</param>
    /// <param name="quantity">The quantity in Wh (positive).</param>
    /// <param name="timestamp">The caller's time.</param>
    /// <returns>The command.</returns>
    public static Command Limit(int bookId, long orderId, int participant, Side side, long priceTick, long quantity, long timestamp)
        => new(CommandKind.Place, bookId, orderId, participant, side, OrderType.Limit, priceTick, quantity, timestamp, default);

    /// <summary>Creates a command placing a limit order, good until gate closure, with a zone and attribute or requirement flags.</summary>
    /// <param name="bookId">The book.</param>
    /// <param name="orderId">The caller-chosen order id, unique among the book's resting orders.</param>
    /// <param name="participant">The participant index (non-negative).</param>
    /// <param name="side">Buy or sell.</param>
    /// <param name="priceTick">The limit price in ticks; for a buyer, network fees included.</param>
    /// <param name="quantity">The quantity in Wh (positive).</param>
    /// <param name="timestamp">The caller's time.</param>
    /// <param name="attributes">The participant's zone and the order's flags.</param>
    /// <returns>The command.</returns>
    public static Command Limit(int bookId, long orderId, int participant, Side side, long priceTick, long quantity, long timestamp, OrderAttributes attributes)
        => new(CommandKind.Place, bookId, orderId, participant, side, OrderType.Limit, priceTick, quantity, timestamp, attributes);

    /// <summary>Creates a command cancelling a resting order.</summary>
    /// <param name="bookId">The book.</param>
    /// <param name="orderId">The resting order.</param>
    /// <param name="timestamp">The caller's time.</param>
    /// <returns>The command.</returns>
    public static Command Cancel(int bookId, long orderId, long timestamp)
        => new(CommandKind.Cancel, bookId, orderId, 0, Side.Buy, OrderType.Limit, 0, 0, timestamp, default);

    /// <summary>Creates a command reducing a resting order's quantity while keeping its time priority.</summary>
    /// <param name="bookId">The book.</param>
    /// <param name="orderId">The resting order.</param>
    /// <param name="reduceBy">How many Wh to remove (positive); removing all of what remains takes the order out of the book.</param>
    /// <param name="timestamp">The caller's time.</param>
    /// <returns>The command.</returns>
    public static Command Reduce(int bookId, long orderId, long reduceBy, long timestamp)
        => new(CommandKind.Reduce, bookId, orderId, 0, Side.Buy, OrderType.Limit, 0, reduceBy, timestamp, default);

    /// <summary>Creates a command closing a book's gate: every resting order expires.</summary>
    /// <param name="bookId">The book.</param>
    /// <param name="timestamp">The caller's time.</param>
    /// <returns>The command.</returns>
    public static Command CloseGate(int bookId, long timestamp)
        => new(CommandKind.CloseGate, bookId, 0, 0, Side.Buy, OrderType.Limit, 0, 0, timestamp, default);

    /// <summary>Creates a command clearing a call-auction book through its clearing rule.</summary>
    /// <param name="bookId">The book.</param>
    /// <param name="timestamp">The caller's time.</param>
    /// <returns>The command.</returns>
    public static Command Uncross(int bookId, long timestamp)
        => new(CommandKind.Uncross, bookId, 0, 0, Side.Buy, OrderType.Limit, 0, 0, timestamp, default);

    /// <inheritdoc/>
    public bool Equals(Command other)
        => Kind == other.Kind && BookId == other.BookId && OrderId == other.OrderId && Participant == other.Participant
        && Side == other.Side && OrderType == other.OrderType && PriceTick == other.PriceTick && Quantity == other.Quantity
        && Timestamp == other.Timestamp && Attributes == other.Attributes;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Command other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, BookId, OrderId, Participant, Side, OrderType, PriceTick, HashCode.Combine(Quantity, Timestamp, Attributes));

    /// <inheritdoc/>
    public override string ToString()
        => $"{Kind} book={BookId} order={OrderId} participant={Participant} {Side} {OrderType} price={PriceTick} qty={Quantity} t={Timestamp} ({Attributes})";

    /// <summary>Compares two commands field by field.</summary>
    /// <param name="left">The first command.</param>
    /// <param name="right">The second command.</param>
    /// <returns><see langword="true"/> when every field is equal.</returns>
    public static bool operator ==(Command left, Command right) => left.Equals(right);

    /// <summary>Compares two commands field by field.</summary>
    /// <param name="left">The first command.</param>
    /// <param name="right">The second command.</param>
    /// <returns><see langword="true"/> when any field differs.</returns>
    public static bool operator !=(Command left, Command right) => !left.Equals(right);
}
