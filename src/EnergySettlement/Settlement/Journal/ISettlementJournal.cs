using EnergySettlement.Chains;
using EnergySettlement.Settlement.Readings;
using EnergySettlement.Trading;

namespace EnergySettlement.Settlement.Journal;

/// <summary>
/// The durable record of settlement, written before every action it enables: the accepted meter readings with their
/// revisions, the trades of each delivery period, every batch as planned, and each batch's transitions through its states
/// (<see cref="BatchState"/>) — signed bytes before they are sent, every status change, accelerations, releases and
/// re-plans. After a crash, the settlement service resumes from here; in-memory state is a cache, never the record.
/// </summary>
/// <remarks>
/// <para>Ships with <see cref="InMemorySettlementJournal"/> (tests); the storage packages keep it on one SQLite file
/// (<c>UseSqliteJournal</c>, the embedded default) or on PostgreSQL (<c>UsePostgreSqlJournal</c>), in the same database as
/// the nonces (<see cref="Sequencing.ISequencedTransactionStore"/>) and coin reservations.</para>
/// <para>Rules every implementation keeps (the storage contract tests in <c>EnergySettlement.Storage.Contracts</c> check
/// them): a write is durable when its task completes, and a write of several records is all or none. Every record has a
/// key; writing a record whose key is recorded with the same content succeeds as <see cref="JournalWriteOutcome.AlreadyExists"/>
/// and changes nothing; the same key with other content throws <see cref="IdempotencyConflictException"/> and changes
/// nothing. Sequences (a batch's transitions, a reading's revisions) start at their first number and have no gaps: a write
/// that would leave one throws <see cref="ArgumentException"/>. Every appended record gets a journal-wide
/// <c>Position</c>, increasing in append order; positions are not part of a record's content.</para>
/// <para>Implementations must be thread-safe. Several processes may share a database-backed journal: the keys make racing
/// writers fail rather than both succeed.</para>
/// </remarks>
public interface ISettlementJournal
{
    /// <summary>Records accepted meter readings. Key: (meter, period start, revision).</summary>
    /// <param name="reading">The reading; its revision is 0 for a new (meter, period), or one more than the latest recorded.</param>
    /// <param name="cancellationToken">Cancels the write (it may still have completed).</param>
    /// <returns>Whether the reading was added or already recorded with the same content.</returns>
    /// <exception cref="ArgumentException">The revision would leave a gap.</exception>
    /// <exception cref="IdempotencyConflictException">The revision is recorded with other content.</exception>
    Task<JournalWriteOutcome> AppendReadingAsync(RecordedReading reading, CancellationToken cancellationToken = default);

    /// <summary>Gets every recorded revision of a meter's reading for a period, oldest revision first.</summary>
    /// <param name="meter">The meter.</param>
    /// <param name="periodStart">The period's start.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The revisions (empty when none is recorded).</returns>
    Task<IReadOnlyList<RecordedReading>> GetReadingRevisionsAsync(MeterId meter, DateTimeOffset periodStart, CancellationToken cancellationToken = default);

    /// <summary>Finds the latest revisions of a meter's nearest recorded periods before and after a period, for register checks.</summary>
    /// <param name="meter">The meter.</param>
    /// <param name="periodStart">The period's start (its own readings are not neighbours).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The neighbours; either may be <see langword="null"/>.</returns>
    Task<ReadingNeighbours> FindNeighbourReadingsAsync(MeterId meter, DateTimeOffset periodStart, CancellationToken cancellationToken = default);

    /// <summary>Gets the latest revision of every meter's reading for a delivery period, ordered by meter id (ordinal).</summary>
    /// <param name="period">The period (start and length).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The readings.</returns>
    Task<IReadOnlyList<RecordedReading>> GetLatestReadingsAsync(DeliveryPeriod period, CancellationToken cancellationToken = default);

    /// <summary>Gets readings (every revision) recorded after a journal position, in position order: what arrived late or was
    /// corrected since a window was planned.</summary>
    /// <param name="afterPosition">The last position not wanted (0 reads from the start).</param>
    /// <param name="maxCount">The most records to return; at least 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The readings.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is less than 1.</exception>
    Task<IReadOnlyList<RecordedReading>> GetReadingsAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Records trades, all or none. Key: the trade's <see cref="Trade.Id"/>.</summary>
    /// <param name="trades">The trades; no id twice.</param>
    /// <param name="cancellationToken">Cancels the write (it may still have completed).</param>
    /// <returns>How many trades were new (the others were already recorded with the same content).</returns>
    /// <exception cref="ArgumentException">The same trade id appears twice in <paramref name="trades"/>.</exception>
    /// <exception cref="IdempotencyConflictException">A trade id is recorded with other content; nothing was written.</exception>
    Task<int> AppendTradesAsync(IReadOnlyList<Trade> trades, CancellationToken cancellationToken = default);

    /// <summary>Gets the recorded trades of a market's delivery period, in the order recorded.</summary>
    /// <param name="market">The market.</param>
    /// <param name="period">The delivery period.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The trades.</returns>
    Task<IReadOnlyList<Trade>> GetTradesAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken = default);

    /// <summary>Records planned batches, all or none. Key: the batch id.</summary>
    /// <param name="batches">The batches; no id twice.</param>
    /// <param name="cancellationToken">Cancels the write (it may still have completed).</param>
    /// <returns>How many batches were new (the others were already recorded with the same content).</returns>
    /// <exception cref="ArgumentException">The same batch id appears twice in <paramref name="batches"/>.</exception>
    /// <exception cref="IdempotencyConflictException">A batch id is recorded with other content; nothing was written.</exception>
    Task<int> AppendBatchesAsync(IReadOnlyList<SettlementBatchRecord> batches, CancellationToken cancellationToken = default);

    /// <summary>Records one step of a batch. Key: (batch id, sequence).</summary>
    /// <param name="transition">The transition; its sequence is the batch's next (<see cref="BatchHistory.NextSequence"/>),
    /// or an already recorded one when repeating a write.</param>
    /// <param name="cancellationToken">Cancels the write (it may still have completed).</param>
    /// <returns>Whether the transition was added or already recorded with the same content.</returns>
    /// <exception cref="InvalidOperationException">The batch is not recorded.</exception>
    /// <exception cref="ArgumentException">The sequence would leave a gap, or the transition names a transaction the batch never
    /// recorded (see <see cref="BatchHistory"/>).</exception>
    /// <exception cref="IdempotencyConflictException">The sequence is recorded with another transition: another writer got there first.</exception>
    Task<JournalWriteOutcome> AppendTransitionAsync(BatchTransition transition, CancellationToken cancellationToken = default);

    /// <summary>Gets a batch's record and transitions.</summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The history, or <see langword="null"/> when the batch is not recorded.</returns>
    Task<BatchHistory?> GetBatchAsync(SettlementBatchId batchId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets the batches that still need the service: every batch not <see cref="BatchState.Final"/>, and final batches whose
    /// last transition is at or after <paramref name="finalizedSince"/> (still watched for reorganisations), oldest planned first.
    /// </summary>
    /// <param name="finalizedSince">The earliest last-transition time of a final batch to include; <see cref="DateTimeOffset.MaxValue"/> for none.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The batches, in the order their records were appended.</returns>
    Task<IReadOnlyList<BatchHistory>> GetOpenBatchesAsync(DateTimeOffset finalizedSince, CancellationToken cancellationToken = default);

    /// <summary>Gets transitions of every batch appended after a journal position, in position order: a feed for receipts and audits.</summary>
    /// <param name="afterPosition">The last position not wanted (0 reads from the start).</param>
    /// <param name="maxCount">The most transitions to return; at least 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The transitions.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is less than 1.</exception>
    Task<IReadOnlyList<BatchTransition>> GetTransitionsAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default);
}
