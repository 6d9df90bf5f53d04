namespace EnergySettlement.Trading;

/// <summary>
/// The durable, append-only record of every command a market accepted, in the engine's order, so that replaying it
/// rebuilds every book and re-emits the same trades. The market operator appends before it acknowledges a command.
/// Ships with <see cref="InMemoryOrderJournal"/> (tests); the storage packages (<c>EnergySettlement.Sqlite</c>,
/// <c>EnergySettlement.PostgreSql</c>) keep it in the same database as the settlement journal.
/// </summary>
/// <remarks>
/// <para>Rules every implementation keeps (the storage contract tests check them): each market's sequence starts at 1
/// and has no gaps; an append is all or none and durable when its task completes; appending entries that are already
/// recorded with the same content succeeds and changes nothing; the same sequence with other content throws
/// <see cref="IdempotencyConflictException"/>; an append that would leave a gap throws <see cref="ArgumentException"/>.
/// Markets are independent.</para>
/// <para>Implementations must be thread-safe.</para>
/// </remarks>
public interface IOrderJournal
{
    /// <summary>Appends entries to a market's journal, durably, all or none.</summary>
    /// <param name="market">The market.</param>
    /// <param name="entries">Consecutive entries; the first continues the journal (or repeats recorded entries).</param>
    /// <param name="cancellationToken">Cancels the write (it may still have completed).</param>
    /// <returns>A task that completes when the entries are durable.</returns>
    /// <exception cref="ArgumentException">The entries are not consecutive, or would leave a gap after the last recorded entry.</exception>
    /// <exception cref="IdempotencyConflictException">A sequence is already recorded with other content.</exception>
    Task AppendAsync(MarketId market, IReadOnlyList<OrderJournalEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Reads a market's entries after <paramref name="afterSequence"/>, in order.</summary>
    /// <param name="market">The market.</param>
    /// <param name="afterSequence">The last entry not wanted (0 reads from the start).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries.</returns>
    IAsyncEnumerable<OrderJournalEntry> ReadAsync(MarketId market, long afterSequence, CancellationToken cancellationToken = default);

    /// <summary>Gets the sequence of a market's last entry (0 when the journal is empty).</summary>
    /// <param name="market">The market.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sequence.</returns>
    Task<long> GetLastSequenceAsync(MarketId market, CancellationToken cancellationToken = default);

    /// <summary>Saves a snapshot of a market's books. Saving the same snapshot again succeeds; another state at the same sequence throws.</summary>
    /// <param name="market">The market.</param>
    /// <param name="snapshot">The snapshot; its sequence must be recorded in the journal.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the snapshot is durable.</returns>
    /// <exception cref="ArgumentException">The snapshot's sequence is beyond the last recorded entry.</exception>
    /// <exception cref="IdempotencyConflictException">A snapshot at that sequence is recorded with another state.</exception>
    Task SaveSnapshotAsync(MarketId market, OrderJournalSnapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>Loads a market's latest snapshot (highest sequence).</summary>
    /// <param name="market">The market.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot, or <see langword="null"/> when none was saved.</returns>
    Task<OrderJournalSnapshot?> LoadLatestSnapshotAsync(MarketId market, CancellationToken cancellationToken = default);
}
