using EnergySettlement.Storage.Contracts.Journals;

namespace EnergySettlement.Sqlite.Tests.Contracts;

public sealed class SqliteJournalDatabaseTests : JournalDatabaseContract<SqliteJournal>
{
    private readonly TemporaryJournalFile _file = new();

    protected override Task<SqliteJournal> OpenAsync() => _file.OpenAsync();

    protected override Task DeleteDatabaseAsync() => _file.DeleteAsync();
}
