namespace EnergySettlement.Settlement;

/// <summary>
/// What settling one window means, worked out in full before anything is signed — everything a journal records
/// atomically for the window: the new obligations, the trades held for missing readings, the netted and routed legs, the
/// batches that pay them, and the amounts carried forward and consumed.
/// </summary>
/// <remarks>
/// <para>Invariants (property-tested): for each participant, the obligations it pays and receives plus the carried amounts
/// consumed equal, in the quote asset, the legs it pays and receives plus the new carried amounts; every leg is in exactly
/// one batch; every batch pays exactly its legs.</para>
/// <para>Immutable once built; thread-safe for reads.</para>
/// </remarks>
public sealed record SettlementPlan
{
    /// <summary>Gets the window.</summary>
    public required SettlementWindow Window { get; init; }

    /// <summary>Gets the window's id.</summary>
    public SettlementWindowId WindowId => Window.Id;

    /// <summary>Gets the market's quote asset: the asset of every obligation and carried amount.</summary>
    public required Asset QuoteAsset { get; init; }

    /// <summary>Gets the delivery of every trade that was reconciled (not held), in a fixed order.</summary>
    public required IReadOnlyList<TradeDelivery> Deliveries { get; init; }

    /// <summary>Gets every participant's imbalance in each period it was reconciled for, in a fixed order.</summary>
    public required IReadOnlyList<ImbalancePosition> Imbalances { get; init; }

    /// <summary>Gets the readings that counted (the highest revision per participant and period), in a fixed order.</summary>
    public required IReadOnlyList<ParticipantReading> Readings { get; init; }

    /// <summary>Gets the obligations this plan creates (originals and adjustments), in a fixed order.</summary>
    public required IReadOnlyList<Obligation> Obligations { get; init; }

    /// <summary>Gets the trades held for a missing reading.</summary>
    public required IReadOnlyList<HeldTrade> HeldTrades { get; init; }

    /// <summary>Gets the netted, routed payments, in a fixed order.</summary>
    public required IReadOnlyList<SettlementLeg> Legs { get; init; }

    /// <summary>Gets the batches that pay the legs, in a fixed order.</summary>
    public required IReadOnlyList<PlannedBatch> Batches { get; init; }

    /// <summary>Gets the amounts too small to pay now, carried forward to the next window.</summary>
    public required IReadOnlyList<CarriedAmount> CarriedForward { get; init; }

    /// <summary>Gets the earlier carried amounts this plan consumed (all of the request's), to be marked consumed by this window.</summary>
    public required IReadOnlyList<CarriedAmountId> ConsumedCarriedAmounts { get; init; }

    /// <summary>Gets the exchange rates the legs used.</summary>
    public required IReadOnlyList<ExchangeRate> ExchangeRates { get; init; }
}
