using EnergySettlement.Coins;
using EnergySettlement.Sequencing;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnergySettlement.PostgreSql.Tests.DependencyInjection;

[Collection(PostgreSqlCollection.Name)]
public sealed class UsePostgreSqlJournalTests(PostgreSqlClusterFixture cluster) : IAsyncLifetime
{
    private readonly TemporarySchema _schema = new(cluster);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schema.DeleteAsync();

    [Fact]
    public async Task UsePostgreSqlJournal_EveryStoreInterface_IsTheOneJournal()
    {
        await using var provider = new ServiceCollection()
            .AddEnergySettlement(es => es.UsePostgreSqlJournal(cluster.ConnectionString, o => o.Schema = _schema.Name))
            .Services.BuildServiceProvider();
        var journal = provider.GetRequiredService<PostgreSqlJournal>();
        Assert.Same(journal, provider.GetRequiredService<ISettlementJournal>());
        Assert.Same(journal, provider.GetRequiredService<ISequencedTransactionStore>());
        Assert.Same(journal, provider.GetRequiredService<ICoinReservationStore>());
        Assert.Same(journal, provider.GetRequiredService<IOrderJournal>());
        Assert.Equal(_schema.Name, journal.Schema);
        Assert.Equal(PostgreSqlJournal.LatestSchemaVersion, await journal.MigrateAsync());
    }

    [Fact]
    public void UsePostgreSqlJournal_InvalidOptions_AreReportedAtStartUpAllAtOnce()
    {
        using var provider = new ServiceCollection()
            .AddEnergySettlement(es => es.UsePostgreSqlJournal("", o => o.Schema = "No"))
            .Services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(error.Failures, f => f.Contains("ConnectionString", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Schema", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UsePostgreSqlJournal_HostDataSource_IsUsedAndNotDisposed()
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(cluster.ConnectionString);
        await using (var provider = new ServiceCollection()
            .AddEnergySettlement(es => es.UsePostgreSqlJournal(string.Empty, o =>
            {
                o.DataSource = dataSource;
                o.Schema = _schema.Name;
            }))
            .Services.BuildServiceProvider())
        {
            await provider.GetRequiredService<PostgreSqlJournal>().MigrateAsync();
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
    }
}
