using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EnergySettlement.Meters;
using EnergySettlement.PostgreSql;
using EnergySettlement.Settlement;
using EnergySettlement.Storage.Contracts.PostgreSql;
using EnergySettlement.Trading;
using Npgsql;

namespace EnergySettlement.Benchmarks.Journal;

/// <summary>
/// Durable writes to the PostgreSQL journal on a throwaway local cluster (fsync and synchronous_commit on), per record:
/// each operation writes <see cref="Records"/> records — in one transaction for the bulk writes (order-journal entries,
/// a plan's obligations, trades), and as <see cref="Records"/> single-reading writes issued at once by concurrent callers
/// for meter readings (group commits of up to <c>MaxWritesPerCommit</c> writes each) and, again for readings, as one bulk
/// append of <see cref="Records"/> (one transaction). Baseline: a bare multi-row INSERT
/// (one statement over arrays) of as many plain rows in one transaction.
/// </summary>
/// <remarks>The job runs in process (the benchmark is bound by the server and the disk; on the loaded shared machine the
/// out-of-process job's generated project did not build within BenchmarkDotNet's two-minute limit). Run with <c>dotnet run -c Release --project benchmarks/EnergySettlement.Benchmarks -- --filter '*PostgreSqlJournalBenchmarks*'</c>.</remarks>
[MemoryDiagnoser]
[Config(typeof(InProcessMonitoringConfig))]
public class PostgreSqlJournalBenchmarks
{
    private const int Records = 10_000;

    private PostgreSqlTestCluster _cluster = null!;
    private PostgreSqlJournal _journal = null!;
    private NpgsqlDataSource _bare = null!;
    private long _next = 1;
    private long _bareNext = 1;
    private DeliveryPeriod _period = JournalRecords.FirstPeriod;
    private OrderJournalEntry[] _entries = [];
    private RecordedPlan _plan = null!;
    private Trade[] _trades = [];
    private RecordedReading[] _readings = [];

    private IOrderJournal Orders => _journal;

    private ISettlementJournal Settlement => _journal;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _cluster = await PostgreSqlTestCluster.StartAsync();
        _journal = await PostgreSqlJournal.OpenAsync(new PostgreSqlJournalOptions { ConnectionString = _cluster.ConnectionString, Schema = "bench" });
        _bare = NpgsqlDataSource.Create(_cluster.ConnectionString);
        await using var command = _bare.CreateCommand("""
            CREATE TABLE bare_entry (market text NOT NULL, sequence bigint NOT NULL, recorded_at_ticks bigint NOT NULL,
                recorded_at_offset smallint NOT NULL, payload bytea NOT NULL, PRIMARY KEY (market, sequence));
            """);
        await command.ExecuteNonQueryAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _journal.DisposeAsync();
        await _bare.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [IterationSetup]
    public void PrepareRecords()
    {
        _period = _period.Next;
        _entries = JournalRecords.Entries(_next, Records);
        _plan = JournalRecords.Plan(_period, Records);
        _trades = JournalRecords.Trades(_period, 1, Records);
        _readings = Readings(_period, Records);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records, Description = "bare multi-row INSERT, one transaction")]
    public async Task BareInsert()
    {
        await using var connection = await _bare.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO bare_entry SELECT 'bench-market', s, t, o, p FROM unnest($1::bigint[], $2::bigint[], $3::smallint[], $4::bytea[]) AS x(s, t, o, p);",
            connection,
            transaction);
        var first = _bareNext;
        command.Parameters.Add(new NpgsqlParameter { Value = _entries.Select((_, i) => first + i).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = _entries.Select(e => e.RecordedAt.UtcTicks).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = _entries.Select(e => (short)e.RecordedAt.Offset.TotalMinutes).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = _entries.Select(_ => JournalRecords.EntryPayload).ToArray() });
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        _bareNext += Records;
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "order journal: append entries (COPY)")]
    public async Task OrderJournalAppend()
    {
        await Orders.AppendAsync(JournalRecords.Market, _entries);
        _next += Records;
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "settlement journal: plan with obligations (COPY)")]
    public Task<JournalWriteOutcome> PlanWithObligations() => Settlement.AppendPlanAsync(_plan);

    [Benchmark(OperationsPerInvoke = Records, Description = "settlement journal: trades (COPY)")]
    public Task<int> Trades() => Settlement.AppendTradesAsync(_trades);

    [Benchmark(OperationsPerInvoke = Records, Description = "settlement journal: readings, one per writer, all at once")]
    public Task ConcurrentReadings() => Task.WhenAll(_readings.Select(r => Settlement.AppendReadingAsync(r)));

    [Benchmark(OperationsPerInvoke = Records, Description = "settlement journal: readings, 10,000 in one append (COPY)")]
    public Task<int> ReadingsInOneAppend() => Settlement.AppendReadingsAsync(_readings);

    /// <summary>The first readings (revision 0) of <paramref name="count"/> meters for one period, each with a 64-byte signature.</summary>
    private static RecordedReading[] Readings(DeliveryPeriod period, int count) =>
        Enumerable.Range(0, count).Select(i => new RecordedReading
        {
            Reading = new MeterReading
            {
                Meter = new MeterId($"meter-{i:D6}"),
                IntervalStart = period.Start,
                IntervalLength = period.Length,
                Imported = new Energy(30 + i),
                Exported = new Energy(1_200),
                ImportRegisterWattHours = 5_000 + i,
                ExportRegisterWattHours = 10_000,
                Signature = Enumerable.Range(0, 64).Select(b => (byte)(b * 7)).ToArray(),
            },
            Participant = new ParticipantId($"home-{i:D6}"),
            Period = period,
            Revision = 0,
            RecordedAt = JournalRecords.At,
        }).ToArray();

    /// <summary>Each iteration writes <see cref="Records"/> records once (monitoring, one invocation), in this process.</summary>
    public sealed class InProcessMonitoringConfig : ManualConfig
    {
        /// <summary>Creates the configuration: 2 warm-up and 12 measured iterations.</summary>
        public InProcessMonitoringConfig() => AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(12)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
    }
}
