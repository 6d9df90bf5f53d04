using EnergySettlement.Chains;
using EnergySettlement.Coins;

namespace EnergySettlement.Storage.Contracts.Coins;

/// <summary>The behaviour every <see cref="ICoinReservationStore"/> shares (the rules in its documentation).</summary>
public abstract class CoinReservationStoreContract : StoreContract<ICoinReservationStore>
{
    /// <summary>Gets the paying address.</summary>
    protected static SettlementAccount Payer { get; } = StoreTestData.DashAccount(1);

    /// <summary>Gets another paying address.</summary>
    protected static SettlementAccount OtherPayer { get; } = StoreTestData.DashAccount(2);

    /// <summary>A batch id.</summary>
    /// <param name="n">Its number.</param>
    /// <returns>The id.</returns>
    protected static SettlementBatchId Batch(int n) => new($"batch-{n}");

    /// <summary>A coin of <see cref="Payer"/>.</summary>
    /// <param name="transaction">Its transaction number.</param>
    /// <param name="index">Its output index.</param>
    /// <returns>The coin.</returns>
    protected static ReservedCoin Coin(int transaction, uint index = 0) => StoreTestData.Coin(Payer, transaction, index);

    [Fact]
    public async Task ReserveAsync_FreeCoins_IsReservedAndFoundInSpendingOrder()
    {
        ReservedCoin[] coins = [Coin(3), Coin(1, 2), Coin(2)];
        Assert.True((await Store.ReserveAsync(Batch(1), coins, StoreTestData.At)).IsReserved);
        var found = await Store.FindAsync(Batch(1));
        Assert.NotNull(found);
        Assert.Equal(Batch(1), found.Batch);
        Assert.Equal(coins, found.Coins);
        Assert.Equal(StoreTestData.At, found.ReservedAt);
        Assert.Equal(StoreTestData.At.Offset, found.ReservedAt.Offset);
        Assert.False(found.IsSpent);
    }

    [Fact]
    public async Task ReserveAsync_AmountBeyond64Bits_IsKeptExactly()
    {
        var coin = new ReservedCoin
        {
            Owner = StoreTestData.EthAccount(1),
            OutPoint = new OutPoint(StoreTestData.DashTxId(9), 1),
            Amount = new Money(Int128.Parse("170141183460469231731687303715884105727", System.Globalization.CultureInfo.InvariantCulture), StoreTestData.Ether),
        };
        await Store.ReserveAsync(Batch(1), [coin], StoreTestData.At);
        var kept = Assert.Single((await Store.FindAsync(Batch(1)))!.Coins);
        Assert.Equal(coin, kept);
        Assert.Equal("ETH", kept.Amount.Asset.Symbol);
    }

    [Fact]
    public async Task ReserveAsync_SameBatchSameCoinsAgain_SucceedsAndChangesNothing()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1), Coin(2)], StoreTestData.At);
        var again = await Store.ReserveAsync(Batch(1), [Coin(1), Coin(2)], StoreTestData.At.AddMinutes(5));
        Assert.True(again.IsReserved);
        var found = await Store.FindAsync(Batch(1));
        Assert.Equal(StoreTestData.At, found!.ReservedAt);
        Assert.Single(await Store.LoadAsync(Payer));
    }

    [Fact]
    public async Task ReserveAsync_SameBatchOtherCoins_ThrowsConflictAndKeepsTheFirst()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1)], StoreTestData.At);
        var error = await Assert.ThrowsAsync<IdempotencyConflictException>(() => Store.ReserveAsync(Batch(1), [Coin(2)], StoreTestData.At));
        Assert.Equal(Batch(1).Value, error.Key);
        Assert.False(error.IsTransient);
        Assert.Equal([Coin(1)], (await Store.FindAsync(Batch(1)))!.Coins);
        Assert.True((await Store.ReserveAsync(Batch(2), [Coin(2)], StoreTestData.At)).IsReserved);
    }

    [Fact]
    public async Task ReserveAsync_SameBatchSameCoinsOtherOrder_ThrowsConflict()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1), Coin(2)], StoreTestData.At);
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => Store.ReserveAsync(Batch(1), [Coin(2), Coin(1)], StoreTestData.At));
    }

    [Fact]
    public async Task ReserveAsync_CoinHeldByAnotherBatch_RefusesTheWholeReservation()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1)], StoreTestData.At);
        var result = await Store.ReserveAsync(Batch(2), [Coin(2), Coin(1), Coin(3)], StoreTestData.At);
        Assert.False(result.IsReserved);
        Assert.Equal(Batch(1), Assert.Single(result.HeldByOthers, h => h.Key == Coin(1).OutPoint).Value);
        Assert.Single(result.HeldByOthers);
        Assert.Null(await Store.FindAsync(Batch(2)));

        // Nothing of the refused reservation was held: its free coins are still free.
        Assert.True((await Store.ReserveAsync(Batch(3), [Coin(2), Coin(3)], StoreTestData.At)).IsReserved);
    }

    [Fact]
    public async Task ReserveAsync_CoinHeldBySpentReservation_IsRefused()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1)], StoreTestData.At);
        await Store.MarkSpentAsync(Batch(1));
        var result = await Store.ReserveAsync(Batch(2), [Coin(1)], StoreTestData.At);
        Assert.False(result.IsReserved);
        Assert.Equal(Batch(1), result.HeldByOthers[Coin(1).OutPoint]);
    }

    [Fact]
    public async Task ReserveAsync_SameCoinIndexOnOtherTransaction_IsAnotherCoin()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1, 0)], StoreTestData.At);
        Assert.True((await Store.ReserveAsync(Batch(2), [Coin(1, 1), Coin(2, 0)], StoreTestData.At)).IsReserved);
    }

    [Fact]
    public async Task ReserveAsync_NoCoins_ThrowsArgumentException() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReserveAsync(Batch(1), [], StoreTestData.At));

    [Fact]
    public async Task ReserveAsync_SameCoinTwice_ThrowsArgumentExceptionAndReservesNothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReserveAsync(Batch(1), [Coin(1), Coin(1)], StoreTestData.At));
        Assert.Null(await Store.FindAsync(Batch(1)));
    }

    [Fact]
    public async Task ReserveAsync_DefaultBatch_ThrowsArgumentException() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReserveAsync(default, [Coin(1)], StoreTestData.At));

    [Fact]
    public async Task FindAsync_UnknownBatch_IsNull() => Assert.Null(await Store.FindAsync(Batch(404)));

    [Fact]
    public async Task LoadAsync_Owner_ListsEveryReservationHoldingItsCoinsOldestFirst()
    {
        await Store.ReserveAsync(Batch(3), [Coin(3)], StoreTestData.At);
        await Store.ReserveAsync(Batch(1), [StoreTestData.Coin(OtherPayer, 10, 0)], StoreTestData.At);
        await Store.ReserveAsync(Batch(2), [StoreTestData.Coin(OtherPayer, 11, 0), Coin(4)], StoreTestData.At);
        await Store.MarkSpentAsync(Batch(3));

        var mine = await Store.LoadAsync(Payer);
        Assert.Equal([Batch(3), Batch(2)], mine.Select(r => r.Batch));
        Assert.True(mine[0].IsSpent);
        Assert.Equal(2, mine[1].Coins.Count);
        Assert.Equal([Batch(1), Batch(2)], (await Store.LoadAsync(OtherPayer)).Select(r => r.Batch));
        Assert.Empty(await Store.LoadAsync(StoreTestData.DashAccount(99)));
    }

    [Fact]
    public async Task ReleaseAsync_LiveReservation_FreesItsCoins()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1), Coin(2)], StoreTestData.At);
        await Store.ReleaseAsync(Batch(1));
        Assert.Null(await Store.FindAsync(Batch(1)));
        Assert.Empty(await Store.LoadAsync(Payer));
        Assert.True((await Store.ReserveAsync(Batch(2), [Coin(2), Coin(1)], StoreTestData.At)).IsReserved);
    }

    [Fact]
    public async Task ReleaseAsync_ThenSameBatchOtherCoins_IsReserved()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1)], StoreTestData.At);
        await Store.ReleaseAsync(Batch(1));
        Assert.True((await Store.ReserveAsync(Batch(1), [Coin(2)], StoreTestData.At)).IsReserved);
        Assert.Equal([Coin(2)], (await Store.FindAsync(Batch(1)))!.Coins);
    }

    [Fact]
    public async Task ReleaseAsync_SpentReservation_KeepsIt()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1)], StoreTestData.At);
        await Store.MarkSpentAsync(Batch(1));
        await Store.ReleaseAsync(Batch(1));
        Assert.True((await Store.FindAsync(Batch(1)))!.IsSpent);
        Assert.False((await Store.ReserveAsync(Batch(2), [Coin(1)], StoreTestData.At)).IsReserved);
    }

    [Fact]
    public async Task ReleaseAsync_UnknownBatch_DoesNothing()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1)], StoreTestData.At);
        await Store.ReleaseAsync(Batch(2));
        Assert.NotNull(await Store.FindAsync(Batch(1)));
    }

    [Fact]
    public async Task MarkSpentAsync_Reservation_IsSpentAndStillListed()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1)], StoreTestData.At);
        await Store.MarkSpentAsync(Batch(1));
        await Store.MarkSpentAsync(Batch(1));
        Assert.True((await Store.FindAsync(Batch(1)))!.IsSpent);
        Assert.True(Assert.Single(await Store.LoadAsync(Payer)).IsSpent);
    }

    [Fact]
    public async Task MarkSpentAsync_SpentBatchSameCoinsAgain_IsReserved()
    {
        await Store.ReserveAsync(Batch(1), [Coin(1)], StoreTestData.At);
        await Store.MarkSpentAsync(Batch(1));
        Assert.True((await Store.ReserveAsync(Batch(1), [Coin(1)], StoreTestData.At)).IsReserved);
        Assert.True((await Store.FindAsync(Batch(1)))!.IsSpent);
    }

    [Fact]
    public async Task MarkSpentAsync_UnknownBatch_ThrowsInvalidOperationException() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.MarkSpentAsync(Batch(404)));

    [Fact]
    public async Task ReserveAsync_ConcurrentOverlappingBatches_NoCoinIsHeldTwice()
    {
        // 24 batches race for 30 coins, each wanting 4 of them; every coin ends with at most one holder, and every
        // batch holds all the coins it asked for or none.
        var random = new Random(20261124);
        var wanted = Enumerable.Range(1, 24)
            .Select(b => (Batch: Batch(b), Coins: Enumerable.Range(1, 30).OrderBy(_ => random.Next()).Take(4).Select(t => Coin(t)).ToArray()))
            .ToArray();
        var results = await Task.WhenAll(wanted.Select(w => Task.Run(() => Store.ReserveAsync(w.Batch, w.Coins, StoreTestData.At))));

        var holders = new Dictionary<OutPoint, SettlementBatchId>();
        for (var i = 0; i < wanted.Length; i++)
        {
            var found = await Store.FindAsync(wanted[i].Batch);
            if (results[i].IsReserved)
            {
                Assert.Equal(wanted[i].Coins, found!.Coins);
                foreach (var coin in found.Coins)
                {
                    holders.Add(coin.OutPoint, wanted[i].Batch);
                }
            }
            else
            {
                Assert.Null(found);
                Assert.NotEmpty(results[i].HeldByOthers);
            }
        }

        Assert.Contains(results, r => r.IsReserved);
        Assert.Equal(holders.Count, (await Store.LoadAsync(Payer)).Sum(r => r.Coins.Count));
    }

    [Fact]
    public async Task ReserveAsync_SameReservationFromManyWritersAtOnce_AllSucceedOnce()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Store.ReserveAsync(Batch(1), [Coin(1), Coin(2)], StoreTestData.At))));
        Assert.All(results, r => Assert.True(r.IsReserved));
        Assert.Single(await Store.LoadAsync(Payer));
    }
}
