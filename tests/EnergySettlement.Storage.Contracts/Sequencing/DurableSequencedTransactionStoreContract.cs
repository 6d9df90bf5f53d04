using EnergySettlement.Sequencing;

namespace EnergySettlement.Storage.Contracts.Sequencing;

/// <summary>What a durable <see cref="ISequencedTransactionStore"/> adds: everything recorded survives a restart.</summary>
public abstract class DurableSequencedTransactionStoreContract : SequencedTransactionStoreContract
{
    [Fact]
    public async Task Reopen_AfterRecordsAndCompletions_LoadsTheSameState()
    {
        var kept = Tx(Alice, 1, "0x02", fill: 7, batch: "batch-2");
        await Store.RecordAsync(Tx(Alice, 0, "0x01"));
        await Store.RecordAsync(kept);
        await Store.RecordAsync(Tx(Bob, 4, "0x03"));
        await Store.CompleteAsync(Alice, 0);

        await ReopenAsync();

        var alice = await Store.LoadAsync(Alice);
        Assert.Equal(2UL, alice.NextSequence);
        AssertSame(kept, Assert.Single(alice.Outstanding));
        Assert.Equal(5UL, (await Store.LoadAsync(Bob)).NextSequence);
    }

    [Fact]
    public async Task Reopen_KeepsConflictDetection()
    {
        await Store.RecordAsync(Tx(Alice, 0, "0x01", fill: 1));
        await ReopenAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.RecordAsync(Tx(Alice, 0, "0x01", fill: 2)));
    }

    [Fact]
    public async Task Reopen_KeepsReplacementsInRecordingOrder()
    {
        await Store.RecordAsync(Tx(Alice, 0, "0x0b", fill: 1));
        await Store.RecordAsync(Tx(Alice, 0, "0x0a", fill: 2));
        await ReopenAsync();
        Assert.Equal(["0x0b", "0x0a"], (await Store.LoadAsync(Alice)).Outstanding.Select(t => t.TransactionId.Value));
    }

    [Fact]
    public async Task Reopen_CompletionWithoutRecord_KeepsNextSequence()
    {
        await Store.CompleteAsync(Alice, 41);
        await ReopenAsync();
        Assert.Equal(42UL, (await Store.LoadAsync(Alice)).NextSequence);
    }
}
