using EnergySettlement.Settlement.Journal;
using EnergySettlement.Storage.Contracts.Settlement;

namespace EnergySettlement.Sqlite.Tests.Contracts;

public sealed class SqliteSettlementJournalTests : DurableSettlementJournalContractTests, IAsyncLifetime
{
    private readonly List<TemporaryJournalFile> _files = [];
    private readonly Dictionary<ISettlementJournal, TemporaryJournalFile> _open = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var journal in _open.Keys)
        {
            await ((SqliteJournal)journal).DisposeAsync();
        }

        foreach (var file in _files)
        {
            await file.DeleteAsync();
        }
    }

    protected override async Task<ISettlementJournal> CreateJournalAsync()
    {
        var file = new TemporaryJournalFile();
        _files.Add(file);
        return await OpenOnAsync(file);
    }

    protected override async Task<ISettlementJournal> ReopenAsync(ISettlementJournal journal)
    {
        var file = _open[journal];
        _open.Remove(journal);
        await ((SqliteJournal)journal).DisposeAsync();
        return await OpenOnAsync(file);
    }

    protected override Task<ISettlementJournal> OpenAnotherAsync(ISettlementJournal journal) => OpenOnAsync(_open[journal]);

    private async Task<ISettlementJournal> OpenOnAsync(TemporaryJournalFile file)
    {
        var journal = await file.OpenAsync();
        _open.Add(journal, file);
        return journal;
    }
}
