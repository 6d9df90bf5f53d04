namespace EnergySettlement.Trading;

/// <summary>
/// Something that happened in a market, as the market operator reports it: a book opened or closed, an order accepted,
/// rejected, traded, cancelled, reduced or expired, an auction cleared. Pattern-match on the derived types.
/// </summary>
/// <remarks>
/// <para>Events come in the engine's deterministic order: by <see cref="Sequence"/>, the order journal's position of the
/// command that caused them, then by <see cref="Index"/> among that command's events. (<see cref="Sequence"/>,
/// <see cref="Index"/>) identifies an event; replaying the journal yields equal events, so a consumer that saw an event
/// before a restart recognises it when the operator re-emits it.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public abstract record MarketEvent
{
    /// <summary>Gets the market.</summary>
    public required MarketId Market { get; init; }

    /// <summary>Gets the delivery period whose book the event is about.</summary>
    public required DeliveryPeriod Period { get; init; }

    /// <summary>Gets the order-journal sequence of the command that caused the event (1, 2, 3, …).</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets the event's position among the events of its command (0, 1, 2, …).</summary>
    public required int Index { get; init; }

    /// <summary>Gets the time of the command that caused the event (the market operator's clock when it accepted the command, or the scheduled instant of an auction, gate closure or opening).</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
