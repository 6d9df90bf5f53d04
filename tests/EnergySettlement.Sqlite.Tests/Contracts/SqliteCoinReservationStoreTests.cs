using EnergySettlement.Coins;
using EnergySettlement.Storage.Contracts.Coins;

namespace EnergySettlement.Sqlite.Tests.Contracts;

public sealed class SqliteCoinReservationStoreTests : DurableCoinReservationStoreContract
{
    private readonly TemporaryJournalFile _file = new();

    protected override async Task<ICoinReservationStore> OpenAsync() => await _file.OpenAsync();

    protected override Task DeleteDatabaseAsync() => _file.DeleteAsync();
}
