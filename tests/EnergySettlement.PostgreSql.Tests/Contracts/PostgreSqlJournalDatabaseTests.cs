using EnergySettlement.Storage.Contracts.Journals;

namespace EnergySettlement.PostgreSql.Tests.Contracts;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlJournalDatabaseTests(PostgreSqlClusterFixture cluster) : JournalDatabaseContract<PostgreSqlJournal>
{
    private readonly TemporarySchema _schema = new(cluster);

    protected override Task<PostgreSqlJournal> OpenAsync() => _schema.OpenAsync();

    protected override Task DeleteDatabaseAsync() => _schema.DeleteAsync();
}
