using System.Diagnostics.Metrics;

namespace EnergySettlement.PostgreSql;

/// <summary>The package's one <see cref="Meter"/>, named <c>EnergySettlement.PostgreSql</c>. Instruments carry
/// <c>db.system.name</c> = <c>postgresql</c> and <c>db.namespace</c> = the journal's schema, with the same names as the
/// SQLite package's, so one dashboard shows either.</summary>
internal static class PostgreSqlTelemetry
{
    public const string Name = "EnergySettlement.PostgreSql";

    public static readonly Meter Meter = new(Name, typeof(PostgreSqlTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> Commits = Meter.CreateCounter<long>(
        "energy_settlement.storage.commits", "{commit}", "Write transactions committed.");

    public static readonly Counter<long> Records = Meter.CreateCounter<long>(
        "energy_settlement.storage.records", "{record}", "Records written durably (entries, transactions, coins, states).");

    public static readonly Histogram<int> WritesPerCommit = Meter.CreateHistogram<int>(
        "energy_settlement.storage.commit.writes", "{write}", "Writes coalesced into one commit (group commit).");

    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "energy_settlement.storage.commit.duration", "s", "Time from the start of a write transaction to its durable commit.");

    public static readonly UpDownCounter<long> QueuedWrites = Meter.CreateUpDownCounter<long>(
        "energy_settlement.storage.queue.writes", "{write}", "Writes waiting for the writer.");

    public static readonly Counter<long> FailedCommits = Meter.CreateCounter<long>(
        "energy_settlement.storage.commit.failures", "{commit}", "Write transactions that failed; their writers got the error.");

    public static readonly Counter<long> RetriedCommits = Meter.CreateCounter<long>(
        "energy_settlement.storage.commit.retries", "{commit}", "Write transactions run again after losing a race with another host.");

    public static readonly KeyValuePair<string, object?> DbSystem = new("db.system.name", "postgresql");
}
