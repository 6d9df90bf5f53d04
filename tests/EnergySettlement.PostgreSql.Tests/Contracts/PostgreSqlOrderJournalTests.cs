using EnergySettlement.Storage.Contracts.Trading;
using EnergySettlement.Trading;

namespace EnergySettlement.PostgreSql.Tests.Contracts;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlOrderJournalTests(PostgreSqlClusterFixture cluster) : DurableOrderJournalContract
{
    private readonly TemporarySchema _schema = new(cluster);

    protected override async Task<IOrderJournal> OpenAsync() => await _schema.OpenAsync();

    protected override Task DeleteDatabaseAsync() => _schema.DeleteAsync();
}
