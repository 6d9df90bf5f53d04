using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using EnergySettlement.PostgreSql;
using EnergySettlement.Settlement;
using EnergySettlement.Storage.Contracts.PostgreSql;
using EnergySettlement.Trading;
using Npgsql;

namespace EnergySettlement.Benchmarks.Journal;

/// <summary>
/// Bulk writes to the PostgreSQL journal on a throwaway local cluster (fsync and synchronous_commit on), in records per
/// second: each operation writes <see cref="Records"/> records in one transaction. Baseline: a bare multi-row INSERT
/// (one statement over arrays) of the same rows in one transaction.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 12, invocationCount: 1)]
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
}
