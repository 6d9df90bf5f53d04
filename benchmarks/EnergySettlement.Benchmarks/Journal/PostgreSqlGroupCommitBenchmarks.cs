using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using EnergySettlement.Coins;
using EnergySettlement.PostgreSql;
using EnergySettlement.Storage.Contracts.PostgreSql;
using EnergySettlement.Trading;
using Npgsql;

namespace EnergySettlement.Benchmarks.Journal;

/// <summary>
/// Group commits on the PostgreSQL journal: <see cref="Writes"/> small writes issued at once by concurrent callers,
/// each acknowledged only when committed, coalesced into few transactions. Baseline: the same rows written bare, one
/// autocommit INSERT (one commit, one WAL flush) each.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 8, invocationCount: 1)]
public class PostgreSqlGroupCommitBenchmarks
{
    private const int Writes = 500;

    private PostgreSqlTestCluster _cluster = null!;
    private PostgreSqlJournal _journal = null!;
    private NpgsqlDataSource _bare = null!;
    private long _bareNext = 1;
    private int _round;

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
    public void NextRound() => _round++;

    [Benchmark(Baseline = true, OperationsPerInvoke = Writes, Description = "bare INSERT, one commit each")]
    public async Task BareAutocommit()
    {
        await using var connection = await _bare.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("INSERT INTO bare_entry VALUES ('bench-market', $1, 0, 0, $2);", connection);
        command.Parameters.Add(new NpgsqlParameter<long>());
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = JournalRecords.EntryPayload });
        for (var i = 0; i < Writes; i++)
        {
            ((NpgsqlParameter<long>)command.Parameters[0]).TypedValue = _bareNext++;
            await command.ExecuteNonQueryAsync();
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
