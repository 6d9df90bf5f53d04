using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite;
using EnergySettlement.Trading;
using Microsoft.Data.Sqlite;

namespace EnergySettlement.Benchmarks.Journal;

/// <summary>
/// Bulk writes to the SQLite journal, in records per second (each operation writes <see cref="Records"/> records in one
/// transaction and one fsync; BenchmarkDotNet reports the time per record). Baseline: a bare prepared INSERT of the same
/// rows in one transaction, on a file with the same settings (WAL, <c>synchronous=FULL</c>). Meter readings are appended
/// one per call, all at once, as meters report (the writer's group commits carry up to 1,024 of them per fsync), and all
/// in one bulk append, as a head-end system delivers a file of them.
/// Run: <c>dotnet run -c Release --project benchmarks/EnergySettlement.Benchmarks -- --filter '*SqliteJournalBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 12, invocationCount: 1)]
public class SqliteJournalBenchmarks
{
    private const int Records = 10_000;

    private string _directory = null!;
    private SqliteJournal _journal = null!;
    private SqliteConnection _bare = null!;
    private SqliteCommand _bareInsert = null!;
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
        _directory = Directory.CreateTempSubdirectory("es-bench-sqlite-").FullName;
        _journal = await SqliteJournal.OpenAsync(new SqliteJournalOptions { Path = Path.Combine(_directory, "journal.db") });
        _bare = new SqliteConnection($"Data Source={Path.Combine(_directory, "bare.db")};Pooling=False");
        _bare.Open();
        using (var setup = _bare.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
                CREATE TABLE entry (market TEXT NOT NULL, sequence INTEGER NOT NULL, recorded_at_ticks INTEGER NOT NULL,
                    recorded_at_offset INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (market, sequence)) WITHOUT ROWID, STRICT;
                """;
            setup.ExecuteNonQuery();
        }

        _bareInsert = _bare.CreateCommand();
        _bareInsert.CommandText = "INSERT INTO entry VALUES ($market, $sequence, $ticks, $offset, $payload);";
        foreach (var name in new[] { "$market", "$sequence", "$ticks", "$offset", "$payload" })
        {
            _bareInsert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bareInsert.Dispose();
        _bare.Dispose();
        _journal.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [IterationSetup]
    public void PrepareRecords()
    {
        // The records are the caller's: built here, outside the measurement; encoding them is the journal's work.
        _period = _period.Next;
        _entries = JournalRecords.Entries(_next, Records);
        _plan = JournalRecords.Plan(_period, Records);
        _trades = JournalRecords.Trades(_period, 1, Records);

        // The planner works out every obligation's id (ContentIds, many at once) before a plan reaches the journal.
        foreach (var obligation in _plan.Plan.Obligations)
        {
            _ = obligation.Id;
        }

        var signature = new byte[64];
        _readings = new RecordedReading[Records];
        for (var i = 0; i < Records; i++)
        {
            _readings[i] = new RecordedReading
            {
                Reading = new Meters.MeterReading
                {
                    Meter = new MeterId($"meter-{i:D6}"),
                    IntervalStart = _period.Start,
                    IntervalLength = _period.Length,
                    Imported = new Energy(30),
                    Exported = new Energy(1_200),
                    ImportRegisterWattHours = 5_000,
                    ExportRegisterWattHours = 10_000,
                    Signature = signature,
                },
                Participant = new ParticipantId($"home-{i:D6}"),
                Period = _period,
                Revision = 0,
                RecordedAt = JournalRecords.At,
            };
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records, Description = "bare INSERT, one transaction")]
    public void BareInsert()
    {
        using var transaction = _bare.BeginTransaction(deferred: false);
        _bareInsert.Transaction = transaction;
        var p = _bareInsert.Parameters;
        foreach (var entry in _entries)
        {
            p[0].Value = "bench-market";
            p[1].Value = _bareNext++;
            p[2].Value = entry.RecordedAt.UtcTicks;
            p[3].Value = (long)entry.RecordedAt.Offset.TotalMinutes;
            p[4].Value = JournalRecords.EntryPayload;
            _bareInsert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "order journal: append entries")]
    public async Task OrderJournalAppend()
    {
        await Orders.AppendAsync(JournalRecords.Market, _entries);
        _next += Records;
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "settlement journal: plan with obligations")]
    public Task<JournalWriteOutcome> PlanWithObligations() => Settlement.AppendPlanAsync(_plan);

    [Benchmark(OperationsPerInvoke = Records, Description = "settlement journal: trades")]
    public Task<int> Trades() => Settlement.AppendTradesAsync(_trades);

    [Benchmark(OperationsPerInvoke = Records, Description = "settlement journal: readings, one per call, all at once")]
    public Task<JournalWriteOutcome[]> Readings()
    {
        var writes = new Task<JournalWriteOutcome>[_readings.Length];
        for (var i = 0; i < writes.Length; i++)
        {
            writes[i] = Settlement.AppendReadingAsync(_readings[i]);
        }

        return Task.WhenAll(writes);
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "settlement journal: readings, 10,000 in one append")]
    public Task<int> ReadingsInOneAppend() => Settlement.AppendReadingsAsync(_readings);
}
