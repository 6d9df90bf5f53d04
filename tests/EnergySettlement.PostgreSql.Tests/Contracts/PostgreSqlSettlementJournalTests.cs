using EnergySettlement.Settlement.Journal;
using EnergySettlement.Storage.Contracts.Settlement;

namespace EnergySettlement.PostgreSql.Tests.Contracts;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlSettlementJournalTests(PostgreSqlClusterFixture cluster) : DurableSettlementJournalContractTests, IAsyncLifetime
{
    private readonly List<TemporarySchema> _schemas = [];
    private readonly Dictionary<ISettlementJournal, TemporarySchema> _open = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var journal in _open.Keys)
        {
            await ((PostgreSqlJournal)journal).DisposeAsync();
        }

        foreach (var schema in _schemas)
        {
            await schema.DeleteAsync();
        }
    }

    protected override async Task<ISettlementJournal> CreateJournalAsync()
    {
        var schema = new TemporarySchema(cluster);
        _schemas.Add(schema);
        return await OpenOnAsync(schema);
    }

    protected override async Task<ISettlementJournal> ReopenAsync(ISettlementJournal journal)
    {
        var schema = _open[journal];
        _open.Remove(journal);
        await ((PostgreSqlJournal)journal).DisposeAsync();
        return await OpenOnAsync(schema);
    }

    protected override Task<ISettlementJournal> OpenAnotherAsync(ISettlementJournal journal) => OpenOnAsync(_open[journal]);

    private async Task<ISettlementJournal> OpenOnAsync(TemporarySchema schema)
    {
        var journal = await schema.OpenAsync();
        _open.Add(journal, schema);
        return journal;
    }
}
