namespace EnergySettlement.Settlement;

/// <summary>
/// A window's <see cref="SettlementPlan"/> as the <see cref="ISettlementJournal"/> records it: the plan, when it was made,
/// how far into the journal's readings it looked, and which earlier periods it reopened. Recorded atomically with the
/// plan's batches, obligations, carried amounts and held trades, before any of its batches is signed.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Equality compares content — the canonical encoding of every field
/// (<see cref="SettlementRecordCodec.EncodePlan"/>) — and ignores <see cref="Position"/>, which the journal assigns.
/// </remarks>
public sealed record RecordedPlan
{
    /// <summary>Gets the plan.</summary>
    public required SettlementPlan Plan { get; init; }

    /// <summary>Gets when the plan was made (from the service's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset PlannedAt { get; init; }

    /// <summary>Gets the journal position of the last meter reading the plan could see: a reading recorded after it, for a
    /// period the plan settled, is late or a correction, and reopens that period in a later plan.</summary>
    public required long ReadingsPosition { get; init; }

    /// <summary>Gets the earlier periods the plan reopened (held trades, late or corrected readings), in order.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<DeliveryPeriod> ReopenedPeriods { get; init; } = [];

    /// <summary>Gets the journal's position of the record, assigned when it is first appended. 0 on a record not read back from a journal.</summary>
    public long Position { get; init; }

    /// <summary>Gets the window.</summary>
    public SettlementWindow Window => Plan.Window;

    /// <summary>Gets the window's id: the record's key.</summary>
    public SettlementWindowId WindowId => Plan.WindowId;

    /// <summary>Gets the window's market.</summary>
    public MarketId Market => Plan.Window.Market;

    /// <summary>Gets every period the plan settled: the window's, then the reopened ones.</summary>
    public IEnumerable<DeliveryPeriod> Periods => Plan.Window.Periods.Concat(ReopenedPeriods);

    /// <summary>Content equality: the canonical encodings are equal.</summary>
    /// <param name="other">The other record.</param>
    /// <returns><see langword="true"/> when every field but <see cref="Position"/> is equal.</returns>
    public bool Equals(RecordedPlan? other) =>
        other is not null && (ReferenceEquals(this, other) || SettlementRecordCodec.EncodePlan(this).AsSpan().SequenceEqual(SettlementRecordCodec.EncodePlan(other)));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(WindowId, PlannedAt, ReadingsPosition);
}
