using EnergySettlement.Trading;

namespace EnergySettlement.Storage.Contracts.Trading;

/// <summary>What a durable <see cref="IOrderJournal"/> adds: every acknowledged entry and snapshot survives a restart.</summary>
public abstract class DurableOrderJournalContract : OrderJournalContract
{
    [Fact]
    public async Task Reopen_Entries_AreReadBackTheSame()
    {
        await Store.AppendAsync(Market, Entries(1, 50));
        await Store.AppendAsync(OtherMarket, Entries(1, 2));
        await ReopenAsync();
        Assert.Equal(Entries(1, 50), await ReadAllAsync(Store, Market));
        Assert.Equal(2, await Store.GetLastSequenceAsync(OtherMarket));
    }

    [Fact]
    public async Task Reopen_ContinuesTheSequence()
    {
        await Store.AppendAsync(Market, Entries(1, 3));
        await ReopenAsync();
        await Store.AppendAsync(Market, Entries(3, 5));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(Market, Entries(7, 7)));
        Assert.Equal(Entries(1, 5), await ReadAllAsync(Store, Market));
    }

    [Fact]
    public async Task Reopen_KeepsConflictDetection()
    {
        await Store.AppendAsync(Market, Entries(1, 3));
        await ReopenAsync();
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => Store.AppendAsync(Market, [Entry(2, variant: 9)]));
    }

    [Fact]
    public async Task Reopen_Snapshot_IsLoaded()
    {
        await Store.AppendAsync(Market, Entries(1, 3));
        await Store.SaveSnapshotAsync(Market, Snapshot(3));
        await ReopenAsync();
        Assert.Equal(Snapshot(3), await Store.LoadLatestSnapshotAsync(Market));
        Assert.Equal(Entries(3, 3), await ReadAllAsync(Store, Market, after: 2));
    }

    [Fact]
    public async Task Operations_RandomSequences_MatchTheInMemoryReference() =>
        await OrderJournalModel.CheckAgainstReferenceAsync(Store, async () =>
        {
            await ReopenAsync();
            return Store;
        });
}
