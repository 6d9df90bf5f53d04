using EnergySettlement.Storage.Contracts.Trading;
using EnergySettlement.Trading;

namespace EnergySettlement.Sqlite.Tests.Contracts;

/// <summary>The market operator's journal contract on a SQLite journal file.</summary>
public sealed class SqliteMarketOperatorTests : MarketOperatorJournalContract
{
    private readonly TemporaryJournalFile _file = new();

    protected override async Task<IOrderJournal> OpenAsync() => await _file.OpenAsync();

    protected override Task DeleteDatabaseAsync() => _file.DeleteAsync();
}
