using System.Runtime.InteropServices;

namespace EnergySettlement.Matching;

/// <summary>
/// One thing a book did in answer to a command: an order accepted, a trade, a cancellation, a reduction, an expiry or a rejection.
/// </summary>
/// <remarks>
/// <para>Fields not meaningful for a <see cref="Kind"/> are zero. For a <see cref="MatchingEventKind.Trade"/>,
/// <see cref="OrderId"/>/<see cref="Participant"/>/<see cref="Side"/> describe the incoming (aggressor) order and the
/// <c>Counter…</c> fields the resting order; the price is the resting order's price. An uncross reports one trade event per
/// order fill (a call auction has no bilateral counterparty): the counter fields are zero, the price is the fill's price.</para>
/// <para>Quantities are Wh, prices are ticks. Events are values; the engine hands them to the sink by reference and never
/// keeps them.</para>
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly record struct MatchingEvent
{
    /// <summary>Gets what happened.</summary>
    public MatchingEventKind Kind { get; init; }

    /// <summary>Gets the command kind that caused the event (useful for rejections).</summary>
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

    /// <summary>Gets the price in ticks: the trade price, or the order's limit price.</summary>
    public long PriceTick { get; init; }

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
        PriceTick = command.PriceTick,
        Quantity = command.Quantity,
        Timestamp = command.Timestamp,
    };
}
