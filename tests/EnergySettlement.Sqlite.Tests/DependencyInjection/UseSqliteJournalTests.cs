using EnergySettlement.Coins;
using EnergySettlement.Sequencing;
using EnergySettlement.Trading;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EnergySettlement.Sqlite.Tests.DependencyInjection;

public sealed class UseSqliteJournalTests : IAsyncLifetime
{
    private readonly TemporaryJournalFile _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return _file.DeleteAsync();
    }

    [Fact]
    public async Task UseSqliteJournal_EveryStoreInterface_IsTheOneJournal()
    {
        await using var provider = new ServiceCollection()
            .AddEnergySettlement(es => es.UseSqliteJournal(_file.Path))
            .Services.BuildServiceProvider();
        var journal = provider.GetRequiredService<SqliteJournal>();
        Assert.Same(journal, provider.GetRequiredService<ISequencedTransactionStore>());
        Assert.Same(journal, provider.GetRequiredService<ICoinReservationStore>());
        Assert.Same(journal, provider.GetRequiredService<IOrderJournal>());
        Assert.Equal(Path.GetFullPath(_file.Path), journal.Path);
        Assert.Equal(SqliteJournal.LatestSchemaVersion, await journal.MigrateAsync());
    }

    [Fact]
    public void UseSqliteJournal_StoreRegisteredBefore_IsReplaced()
    {
        var services = new ServiceCollection().AddSingleton<ISequencedTransactionStore, InMemorySequencedTransactionStore>();
        using var provider = services.AddEnergySettlement(es => es.UseSqliteJournal(_file.Path)).Services.BuildServiceProvider();
        Assert.IsType<SqliteJournal>(provider.GetRequiredService<ISequencedTransactionStore>());
        Assert.Single(services, d => d.ServiceType == typeof(ISequencedTransactionStore));
    }

    [Fact]
    public void UseSqliteJournal_InvalidOptions_AreReportedAtStartUpAllAtOnce()
    {
        using var provider = new ServiceCollection()
            .AddEnergySettlement(es => es.UseSqliteJournal("", o => o.MaxWritesPerCommit = -1))
            .Services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(error.Failures, f => f.Contains("Path", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("MaxWritesPerCommit", StringComparison.Ordinal));
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOrderJournal>());
    }

    [Fact]
    public async Task UseSqliteJournal_HostClock_StampsTheSchemaSteps()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using (var provider = new ServiceCollection().AddSingleton<TimeProvider>(clock)
            .AddEnergySettlement(es => es.UseSqliteJournal(_file.Path)).Services.BuildServiceProvider())
        {
            await provider.GetRequiredService<SqliteJournal>().MigrateAsync();
        }

        using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT min(applied_at) FROM schema_migration;";
        Assert.Equal(clock.GetUtcNow(), DateTimeOffset.Parse((string)command.ExecuteScalar()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task DisposingTheContainer_ClosesTheJournalAfterItsQueuedWrites()
    {
        SqliteJournal journal;
        Task append;
        await using (var provider = new ServiceCollection().AddEnergySettlement(es => es.UseSqliteJournal(_file.Path)).Services.BuildServiceProvider())
        {
            journal = provider.GetRequiredService<SqliteJournal>();
            await journal.MigrateAsync();
            append = provider.GetRequiredService<IOrderJournal>().AppendAsync(new MarketId("m"), [new OrderJournalEntry { Sequence = 1, RecordedAt = default, Payload = new byte[] { 1 } }]);
        }

        await append;
        await Assert.ThrowsAsync<ObjectDisposedException>(() => ((IOrderJournal)journal).GetLastSequenceAsync(new MarketId("m")));
    }
}
