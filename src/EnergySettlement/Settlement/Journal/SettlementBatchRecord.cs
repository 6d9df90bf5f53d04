using EnergySettlement.Chains;

namespace EnergySettlement.Settlement.Journal;

/// <summary>
/// A settlement batch as the <see cref="ISettlementJournal"/> records it when it is planned: its payouts (the
/// <see cref="SettlementBatch"/>, whose id is the idempotency key) and when it was planned. Everything that happens to it
/// later is a <see cref="BatchTransition"/>.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Equality compares content — the batch's id, payer, asset and every payout, and
/// <see cref="PlannedAt"/> — and ignores <see cref="Position"/>, which the journal assigns.
/// </remarks>
public sealed record SettlementBatchRecord
{
    /// <summary>Gets the batch: id, paying account, asset and payouts.</summary>
    public required SettlementBatch Batch { get; init; }

    /// <summary>Gets when the batch was planned (from the service's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset PlannedAt { get; init; }

    /// <summary>Gets the journal's position of the record: assigned when it is first appended, increasing with every
    /// append to the journal, so batches go out oldest first. 0 on a record not read back from a journal.</summary>
    public long Position { get; init; }

    /// <summary>Gets the batch id.</summary>
    public SettlementBatchId Id => Batch.Id;

    /// <summary>Content equality: same batch id, payer, asset, payouts (in order) and planning time.</summary>
    /// <param name="other">The other record.</param>
    /// <returns><see langword="true"/> when the content is equal; <see cref="Position"/> is not compared.</returns>
    public bool Equals(SettlementBatchRecord? other) =>
        other is not null
        && PlannedAt == other.PlannedAt
        && Batch.Id == other.Batch.Id
        && Batch.Payer == other.Batch.Payer
        && Batch.Asset == other.Batch.Asset
        && Batch.Payouts.SequenceEqual(other.Batch.Payouts);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Batch.Id, PlannedAt, Batch.Payouts.Count);
}
