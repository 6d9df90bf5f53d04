using EnergySettlement.Storage.Contracts.Trading;
using EnergySettlement.Trading;

namespace EnergySettlement.Tests.Trading;

public sealed class InMemoryOrderJournalTests : OrderJournalContract
{
    protected override Task<IOrderJournal> OpenAsync() => Task.FromResult<IOrderJournal>(new InMemoryOrderJournal());
}
