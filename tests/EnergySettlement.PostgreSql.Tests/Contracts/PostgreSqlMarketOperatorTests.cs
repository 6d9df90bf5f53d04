using EnergySettlement.Storage.Contracts.Trading;
using EnergySettlement.Trading;

namespace EnergySettlement.PostgreSql.Tests.Contracts;

/// <summary>The market operator's journal contract on PostgreSQL (a schema of the throwaway cluster).</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlMarketOperatorTests(PostgreSqlClusterFixture cluster) : MarketOperatorJournalContract
{
    private readonly TemporarySchema _schema = new(cluster);

    protected override async Task<IOrderJournal> OpenAsync() => await _schema.OpenAsync();

    protected override Task DeleteDatabaseAsync() => _schema.DeleteAsync();
}
