using EnergySettlement.Storage.Contracts.Trading;
using EnergySettlement.Trading;

namespace EnergySettlement.Sqlite.Tests.Contracts;

public sealed class SqliteOrderJournalTests : DurableOrderJournalContract
{
    private readonly TemporaryJournalFile _file = new();

    protected override async Task<IOrderJournal> OpenAsync() => await _file.OpenAsync();

    protected override Task DeleteDatabaseAsync() => _file.DeleteAsync();
}
