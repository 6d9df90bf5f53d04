using EnergySettlement.Sequencing;
using EnergySettlement.Storage.Contracts.Sequencing;

namespace EnergySettlement.Tests.Sequencing;

public sealed class InMemorySequencedTransactionStoreTests : SequencedTransactionStoreContract
{
    protected override Task<ISequencedTransactionStore> OpenAsync() => Task.FromResult<ISequencedTransactionStore>(new InMemorySequencedTransactionStore());
}
