using EnergySettlement.Sequencing;
using EnergySettlement.Storage.Contracts.Sequencing;

namespace EnergySettlement.PostgreSql.Tests.Contracts;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlSequencedTransactionStoreTests(PostgreSqlClusterFixture cluster) : DurableSequencedTransactionStoreContract
{
    private readonly TemporarySchema _schema = new(cluster);

    protected override async Task<ISequencedTransactionStore> OpenAsync() => await _schema.OpenAsync();

    protected override Task DeleteDatabaseAsync() => _schema.DeleteAsync();
}
