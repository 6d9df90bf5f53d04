using EnergySettlement.Trading;
using Microsoft.Extensions.Time.Testing;

namespace EnergySettlement.PostgreSql.Tests.Schema;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlSchemaTests(PostgreSqlClusterFixture cluster) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TemporarySchema _schema = new(cluster);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schema.DeleteAsync();

    [Fact]
    public async Task MigrateAsync_NewSchema_RecordsEveryStepWithTheHostClock()
    {
        await using (var journal = new PostgreSqlJournal(cluster.Options(_schema.Name), new FakeTimeProvider(Now)))
        {
            Assert.Equal(PostgreSqlJournal.LatestSchemaVersion, await journal.MigrateAsync());
        }

        var steps = await cluster.QueryAsync($"SELECT version, description, applied_at FROM \"{_schema.Name}\".schema_migration ORDER BY version;");
        Assert.Equal(Enumerable.Range(1, PostgreSqlJournal.LatestSchemaVersion), steps.Select(s => (int)s[0]!));
        Assert.All(steps, s => Assert.False(string.IsNullOrWhiteSpace((string)s[1]!)));
        Assert.All(steps, s => Assert.Equal(Now.UtcDateTime, (DateTime)s[2]!));
    }

    [Fact]
    public async Task MigrateAsync_ManyHostsAtOnce_ApplyEachStepOnce()
    {
        var journals = Enumerable.Range(0, 6).Select(_ => new PostgreSqlJournal(cluster.Options(_schema.Name))).ToArray();
        try
        {
            var versions = await Task.WhenAll(journals.Select(j => Task.Run(() => j.MigrateAsync())));
            Assert.All(versions, v => Assert.Equal(PostgreSqlJournal.LatestSchemaVersion, v));
        }
        finally
        {
            foreach (var journal in journals)
            {
                await journal.DisposeAsync();
            }
        }

        var steps = await cluster.QueryAsync($"SELECT version FROM \"{_schema.Name}\".schema_migration;");
        Assert.Equal(PostgreSqlJournal.LatestSchemaVersion, steps.Count);
    }

    [Fact]
    public async Task MigrateAsync_StepsWhoseTablesExistButAreUnrecorded_CompleteIdempotently()
    {
        await using (var journal = await _schema.OpenAsync())
        {
            await ((IOrderJournal)journal).AppendAsync(new MarketId("m"), [new OrderJournalEntry { Sequence = 1, RecordedAt = Now, Payload = new byte[] { 1 } }]);
        }

        await cluster.QueryAsync($"DELETE FROM \"{_schema.Name}\".schema_migration WHERE version >= 2;");

        await using (var journal = await _schema.OpenAsync())
        {
            Assert.Equal(1, await ((IOrderJournal)journal).GetLastSequenceAsync(new MarketId("m")));
        }

        Assert.Equal(PostgreSqlJournal.LatestSchemaVersion, (await cluster.QueryAsync($"SELECT version FROM \"{_schema.Name}\".schema_migration;")).Count);
    }

    [Fact]
    public async Task MigrateAsync_SchemaFromANewerPackage_IsRefusedAndLeftAlone()
    {
        await using (var journal = await _schema.OpenAsync())
        {
        }

        await cluster.QueryAsync($"INSERT INTO \"{_schema.Name}\".schema_migration VALUES (999, 'from the future', now());");

        await using var newer = new PostgreSqlJournal(cluster.Options(_schema.Name));
        var error = await Assert.ThrowsAsync<EnergySettlementException>(() => newer.MigrateAsync());
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_SchemaHoldingAnotherProgramsTables_IsRefusedAndLeftAlone()
    {
        await cluster.QueryAsync($"CREATE SCHEMA \"{_schema.Name}\"; CREATE TABLE \"{_schema.Name}\".customers (id int PRIMARY KEY);");

        await using var journal = new PostgreSqlJournal(cluster.Options(_schema.Name));
        var error = await Assert.ThrowsAsync<EnergySettlementException>(() => journal.MigrateAsync());
        Assert.Contains("not an EnergySettlement journal", error.Message, StringComparison.Ordinal);
        var tables = await cluster.QueryAsync($"SELECT tablename FROM pg_tables WHERE schemaname = '{_schema.Name}';");
        Assert.Equal(["customers"], tables.Select(t => (string)t[0]!));
    }

    [Fact]
    public async Task MigrateAsync_UnreachableServer_ThrowsAndTheNextCallTriesAgain()
    {
        var options = cluster.Options(_schema.Name);
        options.ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Timeout=2";
        await using var journal = new PostgreSqlJournal(options);
        await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(() => journal.MigrateAsync());
        await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(() => journal.MigrateAsync());
    }

    [Fact]
    public async Task Journals_InTwoSchemas_OfOneDatabase_AreIndependent()
    {
        var other = new TemporarySchema(cluster);
        try
        {
            await using var first = await _schema.OpenAsync();
            await using var second = await other.OpenAsync();
            await ((IOrderJournal)first).AppendAsync(new MarketId("m"), [new OrderJournalEntry { Sequence = 1, RecordedAt = Now, Payload = new byte[] { 1 } }]);
            Assert.Equal(0, await ((IOrderJournal)second).GetLastSequenceAsync(new MarketId("m")));
        }
        finally
        {
            await other.DeleteAsync();
        }
    }
}
