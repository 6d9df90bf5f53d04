using EnergySettlement.Settlement.Journal;
using EnergySettlement.Storage.Contracts.Settlement;

namespace EnergySettlement.Tests.Settlement.Journal;

/// <summary>The in-memory journal keeps the same contract as the durable ones; a "restart" keeps the same instance.</summary>
public sealed class InMemorySettlementJournalContractTests : SettlementJournalContractTests
{
    protected override Task<ISettlementJournal> CreateJournalAsync() => Task.FromResult<ISettlementJournal>(new InMemorySettlementJournal());

    protected override Task<ISettlementJournal> ReopenAsync(ISettlementJournal journal) => Task.FromResult(journal);
}
