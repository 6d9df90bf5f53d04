using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using EnergySettlement.Coins;
using EnergySettlement.Sqlite;
using EnergySettlement.Trading;
using Microsoft.Data.Sqlite;

namespace EnergySettlement.Benchmarks.Journal;

/// <summary>
/// Group commits on the SQLite journal: <see cref="Writes"/> small writes issued at once by concurrent callers, each
/// acknowledged only when durable, coalesced into few transactions (few fsyncs). Baseline: the same rows written bare,
/// one autocommit INSERT (one fsync) each, as a store without group commit would.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 8, invocationCount: 1)]
public class SqliteGroupCommitBenchmarks
{
    private const int Writes = 500;

    private string _directory = null!;
    private SqliteJournal _journal = null!;
    private SqliteConnection _bare = null!;
    private SqliteCommand _bareInsert = null!;
    private long _bareNext = 1;
    private int _round;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("es-bench-sqlite-gc-").FullName;
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
        _bareInsert.CommandText = "INSERT INTO entry VALUES ('bench-market', $sequence, 0, 0, $payload);";
        _bareInsert.Parameters.Add(new SqliteParameter { ParameterName = "$sequence" });
        _bareInsert.Parameters.Add(new SqliteParameter { ParameterName = "$payload" });
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
    public void NextRound() => _round++;

    [Benchmark(Baseline = true, OperationsPerInvoke = Writes, Description = "bare INSERT, one commit each")]
    public void BareAutocommit()
    {
        for (var i = 0; i < Writes; i++)
        {
            _bareInsert.Parameters[0].Value = _bareNext++;
            _bareInsert.Parameters[1].Value = JournalRecords.EntryPayload;
            _bareInsert.ExecuteNonQuery();
        }
    }

    [Benchmark(OperationsPerInvoke = Writes, Description = "order journal: one entry per writer, all at once")]
    public Task ConcurrentAppends()
    {
        IOrderJournal orders = _journal;
        return Task.WhenAll(Enumerable.Range(0, Writes).Select(i =>
            orders.AppendAsync(new MarketId($"m{_round}-{i}"), JournalRecords.Entries(1, 1))));
    }

    [Benchmark(OperationsPerInvoke = Writes, Description = "coin reservations: one batch per writer, all at once")]
    public Task ConcurrentReservations()
    {
        ICoinReservationStore coins = _journal;
        return Task.WhenAll(Enumerable.Range(0, Writes).Select(i =>
        {
            var n = (_round * Writes) + i;
            return coins.ReserveAsync(new Chains.SettlementBatchId($"b-{n}"), JournalRecords.Coins(n), JournalRecords.At);
        }));
    }
}
