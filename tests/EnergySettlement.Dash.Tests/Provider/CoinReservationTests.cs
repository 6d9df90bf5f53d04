using EnergySettlement.Chains;
using EnergySettlement.Coins;

namespace EnergySettlement.Dash.Tests.Provider;

public sealed class CoinReservationTests
{
    [Fact]
    public async Task Prepare_SameBatchTwice_RebuildsTheSameBytesWithoutAskingTheBackend()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);
        var batch = f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000));
        var first = await f.Provider.PrepareAsync(batch);
        int queries = f.Ledger.UnspentQueries;

        var second = await f.Provider.PrepareAsync(batch);

        Assert.Equal(first, second);
        Assert.Equal(queries, f.Ledger.UnspentQueries);
    }

    [Fact]
    public async Task Prepare_AfterARestart_RebuildsTheSameBytesFromTheStore()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);
        f.Ledger.Fund(f.AddressA, 7_000_000);
        var batch = f.Batch(f.AccountA, (ProviderFixture.Payee(1), 6_000_000), (ProviderFixture.Payee(2), 600_000));
        var before = await f.Provider.PrepareAsync(batch);

        using var restarted = f.NewProvider();
        var after = await restarted.PrepareAsync(batch);

        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Prepare_ReservesBeforeReturning_SoTheCoinsAreHeldDurably()
    {
        using var f = new ProviderFixture();
        var coin = f.Ledger.Fund(f.AddressA, 5_000_000);
        var batch = f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000));

        await f.Provider.PrepareAsync(batch);

        var reservation = await f.Store.FindAsync(batch.Id);
        Assert.NotNull(reservation);
        Assert.Equal([coin], reservation.Coins.Select(c => c.OutPoint));
        Assert.False(reservation.IsSpent);
    }

    [Fact]
    public async Task Prepare_ManyBatchesAtOnce_NeverShareACoinAndAllAreAccepted()
    {
        using var f = new ProviderFixture();
        for (int i = 0; i < 12; i++)
        {
            f.Ledger.Fund(f.AddressA, 1_000_000 + (i * 10_000));
        }

        var batches = Enumerable.Range(0, 12).Select(i => f.Batch(f.AccountA, (ProviderFixture.Payee(i % 3), 500_000))).ToArray();

        var prepared = await Task.WhenAll(batches.Select(b => Task.Run(() => f.Provider.PrepareAsync(b))));

        var spent = new HashSet<OutPoint>();
        foreach (var transaction in prepared)
        {
            foreach (var input in f.Ledger.TransactionOf(transaction).Inputs)
            {
                Assert.True(spent.Add(input.ToOutPoint()), $"{input} is spent by two batches");
            }

            Assert.Equal(SubmissionResult.Accepted, await f.Provider.SubmitAsync(transaction));
        }
    }

    [Fact]
    public async Task Prepare_CoinHeldByAnotherProcessesBatch_IsNotSelected()
    {
        using var f = new ProviderFixture();
        var big = f.Ledger.Fund(f.AddressA, 9_000_000);
        var small = f.Ledger.Fund(f.AddressA, 3_000_000);
        await f.Store.ReserveAsync(new SettlementBatchId("other-process"), [new ReservedCoin { Owner = f.AccountA, OutPoint = big, Amount = f.Duffs(9_000_000) }], f.Time.GetUtcNow());

        var prepared = await f.Provider.PrepareAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000)));

        Assert.Equal([small], f.Ledger.TransactionOf(prepared).Inputs.Select(i => i.ToOutPoint()));
    }

    [Fact]
    public async Task Prepare_NotEnoughUnreservedCoins_ThrowsInsufficientFundsNamingThePayerAndReservesNothing()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 300_000);
        var batch = f.Batch(f.AccountA, (ProviderFixture.Payee(1), 1_000_000));

        var error = await Assert.ThrowsAsync<InsufficientFundsException>(() => f.Provider.PrepareAsync(batch));

        Assert.Equal(f.AccountA, error.Account);
        Assert.Null(await f.Store.FindAsync(batch.Id));
    }

    [Fact]
    public async Task Prepare_UnconfirmedCoinOfSomeoneElse_IsNotSpent()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000, confirmations: 0);

        await Assert.ThrowsAsync<InsufficientFundsException>(() => f.Provider.PrepareAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000))));
    }

    [Fact]
    public async Task Prepare_UnconfirmedButInstantSendLockedCoin_IsSpent()
    {
        using var f = new ProviderFixture();
        var coin = f.Ledger.Fund(f.AddressA, 5_000_000, confirmations: 0);
        f.Ledger.InstantLock(coin.TransactionId);

        var prepared = await f.Provider.PrepareAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000)));

        Assert.Equal(coin, f.Ledger.TransactionOf(prepared).Inputs.Single().ToOutPoint());
    }

    [Fact]
    public async Task Prepare_BackendUnreachable_ThrowsChainUnavailableAndReservesNothing()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);
        f.Ledger.Unavailable = true;
        var batch = f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000));

        var error = await Assert.ThrowsAsync<ChainUnavailableException>(() => f.Provider.PrepareAsync(batch));

        Assert.True(error.IsTransient);
        Assert.Null(await f.Store.FindAsync(batch.Id));
    }

    [Fact]
    public async Task Prepare_SameBatchIdForAnotherPayer_ThrowsIdempotencyConflict()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);
        f.Ledger.Fund(f.AddressB, 5_000_000);
        await f.Provider.PrepareAsync(f.Batch("shared-id", f.AccountA, (ProviderFixture.Payee(1), 100_000)));

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => f.Provider.PrepareAsync(f.Batch("shared-id", f.AccountB, (ProviderFixture.Payee(1), 100_000))));
    }

    [Fact]
    public async Task Release_DeadTransaction_FreesItsCoinsForTheNextPreparation()
    {
        using var f = new ProviderFixture();
        var coin = f.Ledger.Fund(f.AddressA, 5_000_000);
        var batch = f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000));
        var prepared = await f.Provider.PrepareAsync(batch);

        await f.Provider.ReleaseAsync(prepared);

        Assert.Null(await f.Store.FindAsync(batch.Id));
        var other = await f.Provider.PrepareAsync(f.Batch(f.AccountA, (ProviderFixture.Payee(2), 200_000)));
        Assert.Equal(coin, f.Ledger.TransactionOf(other).Inputs.Single().ToOutPoint());
    }

    [Fact]
    public async Task Release_TransactionTheNodeStillKnows_ThrowsAndKeepsTheCoins()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);
        var batch = f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000));
        var prepared = await f.Provider.PrepareAsync(batch);
        await f.Provider.SubmitAsync(prepared);

        await Assert.ThrowsAsync<InvalidOperationException>(() => f.Provider.ReleaseAsync(prepared));

        Assert.NotNull(await f.Store.FindAsync(batch.Id));
    }

    [Fact]
    public async Task Release_FinalTransaction_KeepsTheSpentReservation()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 5_000_000);
        var batch = f.Batch(f.AccountA, (ProviderFixture.Payee(1), 100_000));
        var prepared = await f.Provider.PrepareAsync(batch);
        await f.Provider.SubmitAsync(prepared);
        f.Ledger.Mine(6);
        await f.Provider.GetStatusAsync(prepared);
        f.Ledger.Evict(prepared.TransactionId, evenIfMined: true);

        await f.Provider.ReleaseAsync(prepared);

        Assert.True((await f.Store.FindAsync(batch.Id))!.IsSpent);
    }
}
