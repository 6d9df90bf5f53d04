using System.Globalization;
using EnergySettlement.Trading;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace EnergySettlement.Sqlite.Tests.Schema;

public sealed class SqliteSchemaTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TemporaryJournalFile _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return _file.DeleteAsync();
    }

    [Fact]
    public async Task MigrateAsync_NewFile_RecordsEveryStepWithTheHostClock()
    {
        await using (var journal = new SqliteJournal(new SqliteJournalOptions { Path = _file.Path }, new FakeTimeProvider(Now)))
        {
            Assert.Equal(SqliteJournal.LatestSchemaVersion, await journal.MigrateAsync());
        }

        var steps = Query("SELECT version, description, applied_at FROM schema_migration ORDER BY version;");
        Assert.Equal(Enumerable.Range(1, SqliteJournal.LatestSchemaVersion).Select(v => v.ToString(CultureInfo.InvariantCulture)), steps.Select(s => s[0]));
        Assert.All(steps, s => Assert.False(string.IsNullOrWhiteSpace(s[1])));
        Assert.All(steps, s => Assert.Equal(Now, DateTimeOffset.Parse(s[2], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task MigrateAsync_Reopened_AppliesNothingAgain()
    {
        await using (var journal = new SqliteJournal(new SqliteJournalOptions { Path = _file.Path }, new FakeTimeProvider(Now)))
        {
            await journal.MigrateAsync();
        }

        await using (var journal = new SqliteJournal(new SqliteJournalOptions { Path = _file.Path }, new FakeTimeProvider(Now.AddDays(1))))
        {
            await journal.MigrateAsync();
        }

        var steps = Query("SELECT applied_at FROM schema_migration;");
        Assert.Equal(SqliteJournal.LatestSchemaVersion, steps.Count);
        Assert.All(steps, s => Assert.Equal(Now, DateTimeOffset.Parse(s[0], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task MigrateAsync_StepsWhoseTablesExistButAreUnrecorded_CompleteIdempotently()
    {
        await using (var journal = await _file.OpenAsync())
        {
            await ((IOrderJournal)journal).AppendAsync(new MarketId("m"), [new OrderJournalEntry { Sequence = 1, RecordedAt = Now, Payload = new byte[] { 1 } }]);
        }

        Execute("DELETE FROM schema_migration WHERE version >= 2;");

        await using (var journal = await _file.OpenAsync())
        {
            Assert.Equal(SqliteJournal.LatestSchemaVersion, await journal.MigrateAsync());
            Assert.Equal(1, await ((IOrderJournal)journal).GetLastSequenceAsync(new MarketId("m")));
        }
    }

    [Fact]
    public async Task MigrateAsync_FileFromANewerPackage_IsRefusedAndLeftAlone()
    {
        await using (var journal = await _file.OpenAsync())
        {
        }

        Execute("INSERT INTO schema_migration (version, description, applied_at) VALUES (999, 'from the future', '2030-01-01T00:00:00Z');");

        await using var newer = new SqliteJournal(new SqliteJournalOptions { Path = _file.Path });
        var error = await Assert.ThrowsAsync<EnergySettlementException>(() => newer.MigrateAsync());
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
        Assert.Equal("999", Query("SELECT max(version) FROM schema_migration;")[0][0]);
    }

    [Fact]
    public async Task MigrateAsync_AnotherProgramsDatabase_IsRefusedAndLeftAlone()
    {
        Execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);");

        await using var journal = new SqliteJournal(new SqliteJournalOptions { Path = _file.Path });
        var error = await Assert.ThrowsAsync<EnergySettlementException>(() => journal.MigrateAsync());
        Assert.Contains("not an EnergySettlement journal", error.Message, StringComparison.Ordinal);
        Assert.Equal(["customers"], Query("SELECT name FROM sqlite_schema WHERE type = 'table';").Select(r => r[0]));
    }

    [Fact]
    public async Task MigrateAsync_FailedOpen_IsTriedAgainByTheNextCall()
    {
        Execute("CREATE TABLE customers (id INTEGER PRIMARY KEY);");
        await using var journal = new SqliteJournal(new SqliteJournalOptions { Path = _file.Path });
        await Assert.ThrowsAsync<EnergySettlementException>(() => journal.MigrateAsync());
        Execute("DROP TABLE customers;");
        Assert.Equal(SqliteJournal.LatestSchemaVersion, await journal.MigrateAsync());
    }

    [Fact]
    public async Task Open_NewFile_IsStampedWalAndWritesWithSynchronousFull()
    {
        await using var journal = await _file.OpenAsync();
        Assert.Equal("wal", Query("PRAGMA journal_mode;")[0][0]);
        Assert.Equal(0x45534A31.ToString(CultureInfo.InvariantCulture), Query("PRAGMA application_id;")[0][0]);

        // synchronous is a setting of the connection that writes: ask the writer itself.
        var synchronous = await journal.Database.WriteAsync(
            context =>
            {
                using var command = context.Connection.CreateCommand();
                command.CommandText = "PRAGMA synchronous;";
                return (long)command.ExecuteScalar()!;
            },
            records: 0,
            CancellationToken.None);
        Assert.Equal(2, synchronous);
    }

    private List<string[]> Query(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!).ToArray());
        }

        return rows;
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
