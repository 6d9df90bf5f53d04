using EnergySettlement.Chains;
using EnergySettlement.Trading;

namespace EnergySettlement.Settlement;

/// <summary>
/// The durable record of settlement, written before every action it enables: the accepted meter readings with their
/// revisions, the trades of each delivery period, each window's plan (its obligations, batches, held trades, amounts
/// carried forward and consumed), and each batch's transitions through its states (<see cref="BatchState"/>) — signed
/// bytes before they are sent, every status change, accelerations, releases and re-plans. After a crash, the settlement service resumes from here; in-memory state is a cache, never the record.
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

    /// <summary>
    /// Records many accepted meter readings, all or none: a head-end system's file or batch in one write (one transaction,
    /// one fsync on the durable journals). Each reading keeps the rules of <see cref="AppendReadingAsync"/> (key: meter,
    /// period start, revision), applied in list order: a list may hold revisions 0, 1, 2 of one meter and period, in that
    /// order, and a reading recorded with the same content is not added again.
    /// </summary>
    /// <param name="readings">The readings, in the order they are to be appended; no key twice. An empty list writes nothing.</param>
    /// <param name="cancellationToken">Cancels the write (it may still have completed).</param>
    /// <returns>How many readings were new (the others were already recorded with the same content).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="readings"/>, one of its entries or an entry's reading is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A key appears twice in <paramref name="readings"/>, a reading has no meter or a
    /// negative revision, or a revision would leave a gap (counting the earlier readings of the list); nothing was written.</exception>
    /// <exception cref="IdempotencyConflictException">A reading's key is recorded with other content; nothing was written.</exception>
    Task<int> AppendReadingsAsync(IReadOnlyList<RecordedReading> readings, CancellationToken cancellationToken = default);

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

    /// <summary>
    /// Records a window's plan, all or none: the plan (key: the window id), its batches as planned (<see cref="BatchState.Planned"/>,
    /// with the window and the plan's time), its obligations (key: obligation id), its new carried amounts (key: carried
    /// amount id, open), the earlier carried amounts it consumed (marked consumed by this window), and its held trades.
    /// </summary>
    /// <param name="plan">The recorded plan.</param>
    /// <param name="cancellationToken">Cancels the write (it may still have completed).</param>
    /// <returns>Whether the plan was added or already recorded with the same content.</returns>
    /// <exception cref="IdempotencyConflictException">The window is recorded with another plan; or a batch, obligation or
    /// carried amount of the plan is already recorded (by another window); or a carried amount it consumes was consumed by
    /// another window. Nothing was written.</exception>
    /// <exception cref="ArgumentException">The plan consumes a carried amount the journal does not hold, or one of another market.</exception>
    Task<JournalWriteOutcome> AppendPlanAsync(RecordedPlan plan, CancellationToken cancellationToken = default);

    /// <summary>Gets a window's recorded plan.</summary>
    /// <param name="window">The window id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The plan, or <see langword="null"/> when the window was not planned.</returns>
    Task<RecordedPlan?> GetPlanAsync(SettlementWindowId window, CancellationToken cancellationToken = default);

    /// <summary>Gets the plan recorded last (highest position) for a market.</summary>
    /// <param name="market">The market.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The plan, or <see langword="null"/> when the market has none.</returns>
    Task<RecordedPlan?> GetLatestPlanAsync(MarketId market, CancellationToken cancellationToken = default);

    /// <summary>Gets every plan that settled a delivery period of a market — whose window contains it or that reopened it — in position order.</summary>
    /// <param name="market">The market.</param>
    /// <param name="period">The period.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The plans.</returns>
    Task<IReadOnlyList<RecordedPlan>> GetPlansCoveringAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken = default);

    /// <summary>Gets the plans of windows starting in [<paramref name="startsFrom"/>, <paramref name="startsBefore"/>) in which a participant
    /// pays or is paid (an obligation, a leg or a carried amount names it), in position order.</summary>
    /// <param name="participant">The participant.</param>
    /// <param name="startsFrom">The earliest window start (inclusive).</param>
    /// <param name="startsBefore">The window start to stop before (exclusive).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The plans.</returns>
    Task<IReadOnlyList<RecordedPlan>> GetPlansForParticipantAsync(ParticipantId participant, DateTimeOffset startsFrom, DateTimeOffset startsBefore, CancellationToken cancellationToken = default);

    /// <summary>Gets every obligation recorded for a market's delivery period (originals and adjustments, by every plan), in position order.</summary>
    /// <param name="market">The market.</param>
    /// <param name="period">The period.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The obligations.</returns>
    Task<IReadOnlyList<Obligation>> GetObligationsAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken = default);

    /// <summary>Gets a market's carried amounts that no window has consumed yet, in the order recorded.</summary>
    /// <param name="market">The market.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The open carried amounts.</returns>
    Task<IReadOnlyList<CarriedAmount>> GetOpenCarriedAmountsAsync(MarketId market, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets a market's trades held now: for each delivery period, the held trades of the last plan (highest position) that
    /// settled the period, ordered by period then trade id. A trade stops being held when a later plan reopens its period and
    /// settles it.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The held trades.</returns>
    Task<IReadOnlyList<HeldTrade>> GetHeldTradesAsync(MarketId market, CancellationToken cancellationToken = default);

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
