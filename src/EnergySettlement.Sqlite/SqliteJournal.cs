using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Sequencing;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite.Coins;
using EnergySettlement.Sqlite.Schema;
using EnergySettlement.Sqlite.Sequencing;
using EnergySettlement.Sqlite.Settlement;
using EnergySettlement.Sqlite.Trading;
using EnergySettlement.Trading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Sqlite;

/// <summary>
/// Every durable EnergySettlement store in one SQLite file: the settlement journal (<see cref="ISettlementJournal"/>:
/// accepted meter readings, trades, each window's plan with its obligations, carried amounts and held trades, batches and
/// their transitions), nonces and signed bytes
/// (<see cref="ISequencedTransactionStore"/>), coin reservations (<see cref="ICoinReservationStore"/>) and the order
/// journal (<see cref="IOrderJournal"/>). Pass the one instance wherever any of these interfaces is wanted, or register
/// it with <c>UseSqliteJournal(path)</c>.
/// </summary>
/// <remarks>
/// <para><b>Durability.</b> The file is in write-ahead-log mode with <c>synchronous=FULL</c>: when a write's task
/// completes, the write is on disk and survives a process crash or a power loss. A write that has not completed may or
/// may not have happened, never half.</para>
/// <para><b>Group commits.</b> Writes go through one writer thread that coalesces every write waiting at the time into
/// one transaction (one fsync), each in its own savepoint, and answers each caller only after that commit; a refused
/// write (bad input, a conflict) fails alone. The queue is bounded (<see cref="SqliteJournalOptions.WriteQueueCapacity"/>):
/// when it is full, writers wait.</para>
/// <para><b>Schema.</b> Created on first use (or by <see cref="MigrateAsync"/>) and migrated by numbered, idempotent
/// steps recorded in the table <c>schema_migration</c>; see <c>docs/storage.md</c>.</para>
/// <para>Several processes may open the same file (SQLite's locks order their writes), though one per host is the
/// intended use. Thread-safe. Dispose it to finish the queued writes and close the file.</para>
/// </remarks>
public sealed class SqliteJournal : ISettlementJournal, ISequencedTransactionStore, ICoinReservationStore, IOrderJournal, IAsyncDisposable, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly SqliteSequencedTransactionStore _sequences;
    private readonly SqliteCoinReservationStore _coins;
    private readonly SqliteOrderJournal _orders;
    private readonly SqliteReadingStore _readings;
    private readonly SqliteTradeStore _trades;
    private readonly SqliteBatchStore _batches;
    private readonly SqlitePlanStore _plans;

    /// <summary>Creates the journal; the file is opened (and created or migrated) on first use or by <see cref="MigrateAsync"/>.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock for the schema log (<c>applied_at</c>) and metrics; the system clock when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where the journal logs (event ids 6000–6099); nowhere when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public SqliteJournal(SqliteJournalOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SqliteJournalOptions), errors.Select(e => "SQLite journal: " + e));
        }

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqliteJournal>();
        _database = new SqliteDatabase(Copy(options), timeProvider ?? TimeProvider.System, logger);
        _sequences = new SqliteSequencedTransactionStore(_database);
        _coins = new SqliteCoinReservationStore(_database);
        _orders = new SqliteOrderJournal(_database);
        _readings = new SqliteReadingStore(_database);
        _trades = new SqliteTradeStore(_database);
        _batches = new SqliteBatchStore(_database);
        _plans = new SqlitePlanStore(_database);
    }

    /// <summary>Gets the newest schema version this package creates and reads.</summary>
    public static int LatestSchemaVersion => SqliteSchema.LatestVersion;

    /// <summary>Gets the full path of the database file.</summary>
    public string Path => _database.Path;

    /// <summary>Gets the database the stores share (for the package's tests: its writer and connections).</summary>
    internal SqliteDatabase Database => _database;

    /// <summary>Opens a journal and brings its file to the current schema, for example
    /// <c>await using var journal = await SqliteJournal.OpenAsync(new() { Path = "journal.db" });</c>.</summary>
    /// <param name="options">The options (at least <see cref="SqliteJournalOptions.Path"/>).</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where to log; nowhere when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the open (it may still complete).</param>
    /// <returns>The open journal.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="EnergySettlementException">The file is another program's database, or a newer package wrote it.</exception>
    public static async Task<SqliteJournal> OpenAsync(SqliteJournalOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var journal = new SqliteJournal(options, timeProvider, loggerFactory);
        try
        {
            await journal.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return journal;
        }
        catch
        {
            journal.Dispose();
            throw;
        }
    }

    /// <summary>Opens the file (creating it) and applies every pending schema step; does nothing once done. Call it at
    /// start-up to find a bad path or a foreign file before the first write needs the journal.</summary>
    /// <param name="cancellationToken">Stops waiting (the migration may still complete).</param>
    /// <returns>The schema version the file is at.</returns>
    /// <exception cref="EnergySettlementException">The file is another program's database, or a newer package wrote it.</exception>
    /// <exception cref="ObjectDisposedException">The journal is disposed.</exception>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return _database.SchemaVersion;
    }

    /// <inheritdoc cref="ISettlementJournal.AppendReadingAsync"/>
    Task<JournalWriteOutcome> ISettlementJournal.AppendReadingAsync(RecordedReading reading, CancellationToken cancellationToken) =>
        _readings.AppendAsync(reading, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.AppendReadingsAsync"/>
    Task<int> ISettlementJournal.AppendReadingsAsync(IReadOnlyList<RecordedReading> readings, CancellationToken cancellationToken) =>
        _readings.AppendManyAsync(readings, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.GetReadingRevisionsAsync"/>
    Task<IReadOnlyList<RecordedReading>> ISettlementJournal.GetReadingRevisionsAsync(MeterId meter, DateTimeOffset periodStart, CancellationToken cancellationToken) =>
        _readings.GetRevisionsAsync(meter, periodStart, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.FindNeighbourReadingsAsync"/>
    Task<ReadingNeighbours> ISettlementJournal.FindNeighbourReadingsAsync(MeterId meter, DateTimeOffset periodStart, CancellationToken cancellationToken) =>
        _readings.FindNeighboursAsync(meter, periodStart, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.GetLatestReadingsAsync"/>
    Task<IReadOnlyList<RecordedReading>> ISettlementJournal.GetLatestReadingsAsync(DeliveryPeriod period, CancellationToken cancellationToken) =>
        _readings.GetLatestAsync(period, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.GetReadingsAfterAsync"/>
    Task<IReadOnlyList<RecordedReading>> ISettlementJournal.GetReadingsAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken) =>
        _readings.GetAfterAsync(afterPosition, maxCount, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.AppendTradesAsync"/>
    Task<int> ISettlementJournal.AppendTradesAsync(IReadOnlyList<Trade> trades, CancellationToken cancellationToken) =>
        _trades.AppendAsync(trades, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.GetTradesAsync"/>
    Task<IReadOnlyList<Trade>> ISettlementJournal.GetTradesAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken) =>
        _trades.GetAsync(market, period, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.AppendPlanAsync"/>
    Task<JournalWriteOutcome> ISettlementJournal.AppendPlanAsync(RecordedPlan plan, CancellationToken cancellationToken) =>
        _plans.AppendAsync(plan, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.GetPlanAsync"/>
    Task<RecordedPlan?> ISettlementJournal.GetPlanAsync(SettlementWindowId window, CancellationToken cancellationToken) =>
        _plans.GetAsync(window, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.GetLatestPlanAsync"/>
    Task<RecordedPlan?> ISettlementJournal.GetLatestPlanAsync(MarketId market, CancellationToken cancellationToken) =>
        _plans.GetLatestAsync(market, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.GetPlansCoveringAsync"/>
    Task<IReadOnlyList<RecordedPlan>> ISettlementJournal.GetPlansCoveringAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken) =>
        _plans.GetCoveringAsync(market, period, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.GetPlansForParticipantAsync"/>
    Task<IReadOnlyList<RecordedPlan>> ISettlementJournal.GetPlansForParticipantAsync(ParticipantId participant, DateTimeOffset startsFrom, DateTimeOffset startsBefore, CancellationToken cancellationToken) =>
        _plans.GetForParticipantAsync(participant, startsFrom, startsBefore, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.GetObligationsAsync"/>
    Task<IReadOnlyList<Obligation>> ISettlementJournal.GetObligationsAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken) =>
        _plans.GetObligationsAsync(market, period, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.GetOpenCarriedAmountsAsync"/>
    Task<IReadOnlyList<CarriedAmount>> ISettlementJournal.GetOpenCarriedAmountsAsync(MarketId market, CancellationToken cancellationToken) =>
        _plans.GetOpenCarriedAsync(market, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.GetHeldTradesAsync"/>
    Task<IReadOnlyList<HeldTrade>> ISettlementJournal.GetHeldTradesAsync(MarketId market, CancellationToken cancellationToken) =>
        _plans.GetHeldAsync(market, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.AppendBatchesAsync"/>
    Task<int> ISettlementJournal.AppendBatchesAsync(IReadOnlyList<SettlementBatchRecord> batches, CancellationToken cancellationToken) =>
        _batches.AppendBatchesAsync(batches, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.AppendTransitionAsync"/>
    Task<JournalWriteOutcome> ISettlementJournal.AppendTransitionAsync(BatchTransition transition, CancellationToken cancellationToken) =>
        _batches.AppendTransitionAsync(transition, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.GetBatchAsync"/>
    Task<BatchHistory?> ISettlementJournal.GetBatchAsync(SettlementBatchId batchId, CancellationToken cancellationToken) =>
        _batches.GetAsync(batchId, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.GetOpenBatchesAsync"/>
    Task<IReadOnlyList<BatchHistory>> ISettlementJournal.GetOpenBatchesAsync(DateTimeOffset finalizedSince, CancellationToken cancellationToken) =>
        _batches.GetOpenAsync(finalizedSince, cancellationToken);

    /// <inheritdoc cref="ISettlementJournal.GetTransitionsAfterAsync"/>
    Task<IReadOnlyList<BatchTransition>> ISettlementJournal.GetTransitionsAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken) =>
        _batches.GetTransitionsAfterAsync(afterPosition, maxCount, cancellationToken);

    /// <inheritdoc cref="ISequencedTransactionStore.LoadAsync"/>
    Task<AccountSequenceState> ISequencedTransactionStore.LoadAsync(SettlementAccount account, CancellationToken cancellationToken) =>
        _sequences.LoadAsync(account, cancellationToken);

    /// <inheritdoc cref="ISequencedTransactionStore.RecordAsync"/>
    Task ISequencedTransactionStore.RecordAsync(SequencedTransaction transaction, CancellationToken cancellationToken) =>
        _sequences.RecordAsync(transaction, cancellationToken);

    /// <inheritdoc cref="ISequencedTransactionStore.CompleteAsync"/>
    Task ISequencedTransactionStore.CompleteAsync(SettlementAccount account, ulong sequence, CancellationToken cancellationToken) =>
        _sequences.CompleteAsync(account, sequence, cancellationToken);

    /// <inheritdoc cref="ICoinReservationStore.ReserveAsync"/>
    Task<CoinReservationResult> ICoinReservationStore.ReserveAsync(SettlementBatchId batch, IReadOnlyList<ReservedCoin> coins, DateTimeOffset reservedAt, CancellationToken cancellationToken) =>
        _coins.ReserveAsync(batch, coins, reservedAt, cancellationToken);

    /// <inheritdoc cref="ICoinReservationStore.FindAsync"/>
    Task<CoinReservation?> ICoinReservationStore.FindAsync(SettlementBatchId batch, CancellationToken cancellationToken) =>
        _coins.FindAsync(batch, cancellationToken);

    /// <inheritdoc cref="ICoinReservationStore.LoadAsync"/>
    Task<IReadOnlyList<CoinReservation>> ICoinReservationStore.LoadAsync(SettlementAccount owner, CancellationToken cancellationToken) =>
        _coins.LoadAsync(owner, cancellationToken);

    /// <inheritdoc cref="ICoinReservationStore.ReleaseAsync"/>
    Task ICoinReservationStore.ReleaseAsync(SettlementBatchId batch, CancellationToken cancellationToken) =>
        _coins.ReleaseAsync(batch, cancellationToken);

    /// <inheritdoc cref="ICoinReservationStore.MarkSpentAsync"/>
    Task ICoinReservationStore.MarkSpentAsync(SettlementBatchId batch, CancellationToken cancellationToken) =>
        _coins.MarkSpentAsync(batch, cancellationToken);

    /// <inheritdoc cref="IOrderJournal.AppendAsync"/>
    Task IOrderJournal.AppendAsync(MarketId market, IReadOnlyList<OrderJournalEntry> entries, CancellationToken cancellationToken) =>
        _orders.AppendAsync(market, entries, cancellationToken);

    /// <inheritdoc cref="IOrderJournal.ReadAsync"/>
    IAsyncEnumerable<OrderJournalEntry> IOrderJournal.ReadAsync(MarketId market, long afterSequence, CancellationToken cancellationToken) =>
        _orders.ReadAsync(market, afterSequence, cancellationToken);

    /// <inheritdoc cref="IOrderJournal.GetLastSequenceAsync"/>
    Task<long> IOrderJournal.GetLastSequenceAsync(MarketId market, CancellationToken cancellationToken) =>
        _orders.GetLastSequenceAsync(market, cancellationToken);

    /// <inheritdoc cref="IOrderJournal.SaveSnapshotAsync"/>
    Task IOrderJournal.SaveSnapshotAsync(MarketId market, OrderJournalSnapshot snapshot, CancellationToken cancellationToken) =>
        _orders.SaveSnapshotAsync(market, snapshot, cancellationToken);

    /// <inheritdoc cref="IOrderJournal.LoadLatestSnapshotAsync"/>
    Task<OrderJournalSnapshot?> IOrderJournal.LoadLatestSnapshotAsync(MarketId market, CancellationToken cancellationToken) =>
        _orders.LoadLatestSnapshotAsync(market, cancellationToken);

    /// <summary>Finishes every queued write, stops the writer and closes the file. Calling it again does nothing.</summary>
    public void Dispose() => _database.Dispose();

    /// <summary>Finishes every queued write, stops the writer and closes the file. Calling it again does nothing.</summary>
    /// <returns>A task that completes when the file is closed.</returns>
    public ValueTask DisposeAsync()
    {
        // The writer thread finishes the queue; waiting for it off the caller's thread keeps async callers responsive.
        return new ValueTask(Task.Run(_database.Dispose));
    }

    private static SqliteJournalOptions Copy(SqliteJournalOptions options) => new()
    {
        Path = options.Path,
        MaxWritesPerCommit = options.MaxWritesPerCommit,
        WriteQueueCapacity = options.WriteQueueCapacity,
        BusyTimeout = options.BusyTimeout,
    };
}
