using System.Globalization;

namespace EnergySettlement.Trading;

/// <summary>
/// What became of an order entry (submit, cancel or reduce): accepted, with the order's id, what it traded at once and
/// what stays open; or rejected, with a typed reason. Expected refusals are results, never exceptions.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record OrderEntryResult
{
    private static readonly IReadOnlyList<Trade> NoTrades = [];

    private OrderEntryResult()
    {
    }

    /// <summary>Gets whether the entry was accepted.</summary>
    public bool IsAccepted => Reason == OrderRejectionReason.None;

    /// <summary>Gets why the entry was rejected, or <see cref="OrderRejectionReason.None"/>.</summary>
    public OrderRejectionReason Reason { get; private init; }

    /// <summary>Gets a sentence saying what was expected and what was found, for a rejection; <see langword="null"/> when accepted.</summary>
    public string? Detail { get; private init; }

    /// <summary>Gets the order placed, cancelled or reduced; the default id when a submit was rejected before it got one.</summary>
    public OrderId OrderId { get; private init; }

    /// <summary>Gets the order journal's sequence of the command, or 0 when it was rejected before it was journaled.</summary>
    public long Sequence { get; private init; }

    /// <summary>Gets the trades the command caused at once (a continuous market's submit); empty otherwise.</summary>
    public IReadOnlyList<Trade> Trades { get; private init; } = NoTrades;

    /// <summary>Gets what stays open of the order after the command (zero when it was filled, cancelled or never rested).</summary>
    public Energy Remaining { get; private init; }

    /// <summary>Describes the result.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => IsAccepted
        ? string.Create(CultureInfo.InvariantCulture, $"accepted order {OrderId} (#{Sequence}), {Trades.Count} trade(s), {Remaining} open")
        : string.Create(CultureInfo.InvariantCulture, $"rejected ({Reason}): {Detail}");

    internal static OrderEntryResult Accepted(OrderId order, long sequence, IReadOnlyList<Trade> trades, Energy remaining) =>
        new() { OrderId = order, Sequence = sequence, Trades = trades.Count == 0 ? NoTrades : trades, Remaining = remaining };

    internal static OrderEntryResult Rejected(OrderRejectionReason reason, string detail, OrderId order = default, long sequence = 0) =>
        new() { Reason = reason, Detail = detail, OrderId = order, Sequence = sequence };
}
