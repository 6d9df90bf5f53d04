using EnergySettlement.Coins;
using EnergySettlement.Storage.Contracts.Coins;

namespace EnergySettlement.PostgreSql.Tests.Contracts;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlCoinReservationStoreTests(PostgreSqlClusterFixture cluster) : DurableCoinReservationStoreContract
{
    private readonly TemporarySchema _schema = new(cluster);

    protected override async Task<ICoinReservationStore> OpenAsync() => await _schema.OpenAsync();

    protected override Task DeleteDatabaseAsync() => _schema.DeleteAsync();
}
