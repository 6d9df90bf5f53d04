using EnergySettlement.Sequencing;
using EnergySettlement.Storage.Contracts.Sequencing;

namespace EnergySettlement.Sqlite.Tests.Contracts;

public sealed class SqliteSequencedTransactionStoreTests : DurableSequencedTransactionStoreContract
{
    private readonly TemporaryJournalFile _file = new();

    protected override async Task<ISequencedTransactionStore> OpenAsync() => await _file.OpenAsync();

    protected override Task DeleteDatabaseAsync() => _file.DeleteAsync();
}
