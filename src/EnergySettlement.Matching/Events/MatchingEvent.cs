using System.Runtime.InteropServices;

namespace EnergySettlement.Matching;

/// <summary>
/// One thing a book did in answer to a command: an order accepted, a trade, a cancellation, a reduction, an expiry or a rejection.
/// </summary>
/// <remarks>
/// <para>Fields not meaningful for a <see cref="Kind"/> are zero. For a <see cref="MatchingEventKind.Trade"/> of a continuous
/// book, <see cref="OrderId"/>/<see cref="Participant"/>/<see cref="Side"/>/<see cref="Attributes"/> describe the incoming
/// (aggressor) order and the <c>Counter…</c> fields the resting order. <see cref="PriceTick"/> is what the seller receives
/// per kWh and <see cref="NetworkFeeTick"/> the network fee from the seller's zone to the buyer's zone, so the buyer pays
/// <see cref="PriceTick"/> + <see cref="NetworkFeeTick"/> per kWh and the grid operator is owed the fee. The resting order
/// trades at its own limit: a resting offer receives its price, a resting bid pays its price (the seller then receives
/// that price minus the fee); without zones the fee is 0 and the price is simply the resting order's price. An uncross
/// reports one trade event per order fill (a call auction has no bilateral counterparty): the counter fields are zero,
/// the price is the fill's price (its zone's price under the zonal rule) and the fee is 0 — the auction's network fees
/// are in its <see cref="MatchingEventKind.Transfer"/> events.</para>
/// <para>Quantities are Wh, prices are ticks. Events are values; the engine hands them to the sink by reference and never
/// keeps them.</para>
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly record struct MatchingEvent
{
    /// <summary>Gets what happened.</summary>
    public MatchingEventKind Kind { get; init; }

    /// <summary>
    /// Gets the kind of command whose processing produced the event (useful for rejections). For
    /// <see cref="MatchingEventKind.Expired"/> it is always <see cref="CommandKind.CloseGate"/>: orders expire only by
    /// gate closure, whether commanded or implied by the first command whose timestamp reaches the gate closure time
    /// (that command is then rejected with <see cref="RejectReason.BookClosed"/>, in an event carrying its own kind).
    /// </summary>
    public CommandKind Command { get; init; }

    /// <summary>Gets why the command was rejected, or <see cref="RejectReason.None"/>.</summary>
    public RejectReason RejectReason { get; init; }

    /// <summary>Gets why quantity was cancelled, or <see cref="CancelReason.None"/>.</summary>
    public CancelReason CancelReason { get; init; }

    /// <summary>Gets the side of the order the event is about (the aggressor for a trade).</summary>
    public Side Side { get; init; }

    /// <summary>Gets the book the event happened in.</summary>
    public int BookId { get; init; }

    /// <summary>Gets the order the event is about (the aggressor for a trade).</summary>
    public long OrderId { get; init; }

    /// <summary>Gets the participant owning <see cref="OrderId"/>.</summary>
    public int Participant { get; init; }

    /// <summary>Gets the resting order of a trade, otherwise zero.</summary>
    public long CounterOrderId { get; init; }

    /// <summary>Gets the participant owning <see cref="CounterOrderId"/>, otherwise zero.</summary>
    public int CounterParticipant { get; init; }

    /// <summary>
    /// Gets the attributes (zone and flags) of <see cref="OrderId"/>'s order; for a <see cref="MatchingEventKind.Transfer"/>,
    /// the zone the energy leaves; for a rejection, the command's.
    /// </summary>
    public OrderAttributes Attributes { get; init; }

    /// <summary>
    /// Gets the attributes of <see cref="CounterOrderId"/>'s order for a trade of a continuous book; for a
    /// <see cref="MatchingEventKind.Transfer"/>, the zone the energy enters; otherwise <see cref="OrderAttributes.None"/>.
    /// </summary>
    public OrderAttributes CounterAttributes { get; init; }

    /// <summary>Gets the zone of <see cref="OrderId"/>'s order (the source zone of a transfer): <see cref="Attributes"/>' zone.</summary>
    public int Zone => Attributes.Zone;

    /// <summary>Gets the zone of <see cref="CounterOrderId"/>'s order (the destination zone of a transfer): <see cref="CounterAttributes"/>' zone.</summary>
    public int CounterZone => CounterAttributes.Zone;

    /// <summary>
    /// Gets the price in ticks per kWh: for a trade of a continuous book what the seller receives (the buyer pays it plus
    /// <see cref="NetworkFeeTick"/>); for an uncross fill, the fill's price; for a <see cref="MatchingEventKind.Transfer"/>,
    /// the destination zone's price minus the source zone's (0 when the rule declares no zone prices); otherwise the
    /// order's limit price.
    /// </summary>
    public long PriceTick { get; init; }

    /// <summary>
    /// Gets the network fee in price ticks per kWh from the seller's zone to the buyer's zone (<see cref="ZoneNetwork.GetNetworkFee"/>),
    /// for a trade of a continuous book or a <see cref="MatchingEventKind.Transfer"/>; the grid operator is owed
    /// <see cref="Quantity"/> × fee (tick·Wh). Zero for every other event and for trades within one zone.
    /// </summary>
    public long NetworkFeeTick { get; init; }

    /// <summary>Gets the quantity in Wh: submitted (accepted), traded (trade), removed (cancelled, reduced, expired), or as commanded (rejected).</summary>
    public long Quantity { get; init; }

    /// <summary>Gets what remains open of <see cref="OrderId"/> after the event, in Wh.</summary>
    public long Remaining { get; init; }

    /// <summary>Gets what remains open of <see cref="CounterOrderId"/> after a trade, in Wh.</summary>
    public long CounterRemaining { get; init; }

    /// <summary>Gets the timestamp of the command that caused the event.</summary>
    public long Timestamp { get; init; }

    /// <summary>The rejection of <paramref name="command"/>: echoes the command's fields so the caller can tell which one failed.</summary>
    internal static MatchingEvent Rejection(in Command command, RejectReason reason) => new()
    {
        Kind = MatchingEventKind.Rejected,
        Command = command.Kind,
        RejectReason = reason,
        BookId = command.BookId,
        OrderId = command.OrderId,
        Participant = command.Participant,
        Side = command.Side,
        Attributes = command.Attributes,
        PriceTick = command.PriceTick,
        Quantity = command.Quantity,
        Timestamp = command.Timestamp,
    };
}
