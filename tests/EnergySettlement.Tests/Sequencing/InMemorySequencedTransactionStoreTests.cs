using EnergySettlement.Sequencing;

namespace EnergySettlement.Tests.Sequencing;

public sealed class InMemorySequencedTransactionStoreTests : SequencedTransactionStoreContractTests
{
    protected override ISequencedTransactionStore Store { get; } = new InMemorySequencedTransactionStore();
}
