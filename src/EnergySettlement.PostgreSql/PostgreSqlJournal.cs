using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.PostgreSql.Coins;
using EnergySettlement.PostgreSql.Schema;
using EnergySettlement.PostgreSql.Sequencing;
using EnergySettlement.PostgreSql.Settlement;
using EnergySettlement.PostgreSql.Trading;
using EnergySettlement.Sequencing;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EnergySettlement.PostgreSql;

/// <summary>
/// Every durable EnergySettlement store in one PostgreSQL schema: the settlement journal (<see cref="ISettlementJournal"/>:
/// accepted meter readings, trades, each window's plan with its obligations, carried amounts and held trades, batches and
/// their transitions), nonces and signed bytes
/// (<see cref="ISequencedTransactionStore"/>), coin reservations (<see cref="ICoinReservationStore"/>) and the order
/// journal (<see cref="IOrderJournal"/>). Pass the one instance wherever any of these interfaces is wanted, or register
/// it with <c>UsePostgreSqlJournal(connectionString)</c>.
/// </summary>
/// <remarks>
/// <para><b>Several hosts.</b> Any number of hosts may use one schema at once: every idempotency rule is a unique key in
/// the database, so of two hosts racing to record the same key one wins and the other's write is re-checked against
/// the winner (same content: "already exists"; other content: <see cref="IdempotencyConflictException"/>).</para>
/// <para><b>Durability.</b> A write's task completes after PostgreSQL committed it (durable as the server's
/// <c>synchronous_commit</c> and <c>fsync</c> settings make it; keep both on). When the connection breaks during a
/// commit, the writers get the error and the write may or may not have happened; repeating it is safe.</para>
/// <para><b>Group commits.</b> Writes go through one writer loop that coalesces every write waiting at the time into
/// one <c>READ COMMITTED</c> transaction and answers each caller only after its commit; large writes use binary
/// <c>COPY</c>. The queue is bounded (<see cref="PostgreSqlJournalOptions.WriteQueueCapacity"/>).</para>
/// <para><b>Schema.</b> Created on first use (or by <see cref="MigrateAsync"/>) and migrated by numbered, idempotent
/// steps recorded in <c>schema_migration</c>; see <c>docs/storage.md</c>.</para>
/// <para>Thread-safe. Dispose it to finish the queued writes (and close the data source it built).</para>
/// </remarks>
public sealed class PostgreSqlJournal : ISettlementJournal, ISequencedTransactionStore, ICoinReservationStore, IOrderJournal, IAsyncDisposable, IDisposable
{
    private readonly PostgreSqlDatabase _database;
    private readonly PostgreSqlSequencedTransactionStore _sequences;
    private readonly PostgreSqlCoinReservationStore _coins;
    private readonly PostgreSqlOrderJournal _orders;
    private readonly PostgreSqlReadingStore _readings;
    private readonly PostgreSqlTradeStore _trades;
    private readonly PostgreSqlBatchStore _batches;
    private readonly PostgreSqlPlanStore _plans;

    /// <summary>Creates the journal; the schema is created or migrated on first use or by <see cref="MigrateAsync"/>.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock for the schema log (<c>applied_at</c>) and metrics; the system clock when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where the journal (event ids 7000–7099) and the data source it builds log; nowhere when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public PostgreSqlJournal(PostgreSqlJournalOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PostgreSqlJournalOptions), errors.Select(e => "PostgreSQL journal: " + e));
        }

        var copy = new PostgreSqlJournalOptions
        {
            ConnectionString = options.ConnectionString,
            DataSource = options.DataSource,
            Schema = options.Schema,
            MaxWritesPerCommit = options.MaxWritesPerCommit,
            WriteQueueCapacity = options.WriteQueueCapacity,
            MaxCommitRetries = options.MaxCommitRetries,
        };
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PostgreSqlJournal>();
        var dataSource = copy.DataSource ?? BuildDataSource(copy.ConnectionString, loggerFactory);
        _database = new PostgreSqlDatabase(copy, dataSource, ownsDataSource: copy.DataSource is null, timeProvider ?? TimeProvider.System, logger);
        _sequences = new PostgreSqlSequencedTransactionStore(_database);
        _coins = new PostgreSqlCoinReservationStore(_database);
        _orders = new PostgreSqlOrderJournal(_database);
        _readings = new PostgreSqlReadingStore(_database);
        _trades = new PostgreSqlTradeStore(_database);
        _batches = new PostgreSqlBatchStore(_database);
        _plans = new PostgreSqlPlanStore(_database);
    }

    /// <summary>Gets the newest schema version this package creates and reads.</summary>
    public static int LatestSchemaVersion => PostgreSqlSchema.LatestVersion;

    /// <summary>Gets the PostgreSQL schema that holds the journal's tables.</summary>
    public string Schema => _database.Schema;

    /// <summary>Gets the database the stores share (for the package's tests: its writer).</summary>
    internal PostgreSqlDatabase Database => _database;

    /// <summary>Opens a journal and brings its schema to the current version, for example
    /// <c>await using var journal = await PostgreSqlJournal.OpenAsync(new() { ConnectionString = "Host=…" });</c>.</summary>
    /// <param name="options">The options (at least <see cref="PostgreSqlJournalOptions.ConnectionString"/> or <see cref="PostgreSqlJournalOptions.DataSource"/>).</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where to log; nowhere when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the migration (it may still complete).</param>
    /// <returns>The open journal.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="EnergySettlementException">The schema holds another program's tables, or a newer package migrated it.</exception>
    /// <exception cref="NpgsqlException">The server cannot be reached or refused the login.</exception>
    public static async Task<PostgreSqlJournal> OpenAsync(PostgreSqlJournalOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var journal = new PostgreSqlJournal(options, timeProvider, loggerFactory);
        try
        {
            await journal.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return journal;
        }
        catch
        {
            await journal.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates the schema or applies every pending step; does nothing once done. Call it at start-up to find a
    /// bad connection string, missing rights or a foreign schema before the first write needs the journal.</summary>
    /// <param name="cancellationToken">Stops waiting (the migration may still complete).</param>
    /// <returns>The schema version the journal is at.</returns>
    /// <exception cref="EnergySettlementException">The schema holds another program's tables, or a newer package migrated it.</exception>
    /// <exception cref="NpgsqlException">The server cannot be reached or refused the login.</exception>
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

    /// <summary>Finishes every queued write, stops the writer and closes the data source the journal built. Calling it again does nothing.</summary>
    public void Dispose() => _database.Dispose();

    /// <summary>Finishes every queued write, stops the writer and closes the data source the journal built. Calling it again does nothing.</summary>
    /// <returns>A task that completes when the journal is closed.</returns>
    public ValueTask DisposeAsync() => new(Task.Run(_database.Dispose));

    private static NpgsqlDataSource BuildDataSource(string connectionString, ILoggerFactory? loggerFactory)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // Each store runs the same few statements over and over: prepared once per connection, they skip parsing.
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        }

        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return builder.Build();
    }
}
