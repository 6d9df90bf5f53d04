using EnergySettlement.Coins;

namespace EnergySettlement.Storage.Contracts.Coins;

/// <summary>What a durable <see cref="ICoinReservationStore"/> adds: reservations, releases and spent marks survive a
/// restart, so a restarted host neither double-selects a coin nor strands one.</summary>
public abstract class DurableCoinReservationStoreContract : CoinReservationStoreContract
{
    [Fact]
    public async Task Reopen_LiveReservation_StillHoldsItsCoins()
    {
        ReservedCoin[] coins = [Coin(1), Coin(2)];
        await Store.ReserveAsync(Batch(1), coins, StoreTestData.At);
        await ReopenAsync();
        var found = await Store.FindAsync(Batch(1));
        Assert.Equal(coins, found!.Coins);
        Assert.Equal(StoreTestData.At.Offset, found.ReservedAt.Offset);
        Assert.False((await Store.ReserveAsync(Batch(2), [Coin(2)], StoreTestData.At)).IsReserved);
    }

    [Fact]
    public async Task Reopen_Release_StaysReleased()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1)], StoreTestData.At);
        await Store.ReleaseAsync(Batch(1));
        await ReopenAsync();
        Assert.Null(await Store.FindAsync(Batch(1)));
        Assert.True((await Store.ReserveAsync(Batch(2), [Coin(1)], StoreTestData.At)).IsReserved);
    }

    [Fact]
    public async Task Reopen_Spent_StaysSpentAndHeld()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1)], StoreTestData.At);
        await Store.MarkSpentAsync(Batch(1));
        await ReopenAsync();
        Assert.True((await Store.FindAsync(Batch(1)))!.IsSpent);
        Assert.False((await Store.ReserveAsync(Batch(2), [Coin(1)], StoreTestData.At)).IsReserved);
    }

    [Fact]
    public async Task Reopen_KeepsConflictDetection()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1)], StoreTestData.At);
        await ReopenAsync();
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => Store.ReserveAsync(Batch(1), [Coin(2)], StoreTestData.At));
    }

    [Fact]
    public async Task Reopen_LoadKeepsOldestFirst()
    {
        await Store.ReserveAsync(Batch(2), [Coin(2)], StoreTestData.At);
        await Store.ReserveAsync(Batch(1), [Coin(1)], StoreTestData.At);
        await ReopenAsync();
        Assert.Equal([Batch(2), Batch(1)], (await Store.LoadAsync(Payer)).Select(r => r.Batch));
    }

    [Fact]
    public async Task Operations_RandomSequences_MatchTheInMemoryReference() =>
        await CoinReservationModel.CheckAgainstReferenceAsync(Store, ReopenAndGetAsync);

    private async Task<ICoinReservationStore> ReopenAndGetAsync()
    {
        await ReopenAsync();
        return Store;
    }
}
