using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Sequencing;
using EnergySettlement.Settlement;
using EnergySettlement.Storage.Contracts.Settlement;
using EnergySettlement.Storage.Contracts;
using EnergySettlement.Trading;

namespace EnergySettlement.Sqlite.Tests;

public sealed class BadInputTests : IAsyncLifetime
{
    private readonly TemporaryJournalFile _file = new();
    private SqliteJournal _journal = null!;

    public async Task InitializeAsync() => _journal = await _file.OpenAsync();

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        await _file.DeleteAsync();
    }

    [Fact]
    public async Task RecordAsync_SequenceAboveLongMaxValue_IsRefusedAndNothingRecorded()
    {
        ISequencedTransactionStore store = _journal;
        var tx = new SequencedTransaction
        {
            Account = StoreTestData.EthAccount(1),
            Sequence = (ulong)long.MaxValue + 1,
            TransactionId = new ChainTransactionId("0x01"),
            RawTransaction = new byte[] { 1 },
            SignedAt = StoreTestData.At,
        };
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.RecordAsync(tx));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.CompleteAsync(tx.Account, ulong.MaxValue));
        Assert.Equal(0UL, (await store.LoadAsync(tx.Account)).NextSequence);
    }

    [Fact]
    public async Task AppendPlanAsync_ObligationTwiceInOnePlan_IsRefusedWithArgumentExceptionAndNothingRecorded()
    {
        ISettlementJournal settlement = _journal;
        var plan = JournalSamples.Plan();
        var twice = plan with { Plan = plan.Plan with { Obligations = [.. plan.Plan.Obligations, plan.Plan.Obligations[0]] } };

        await Assert.ThrowsAsync<ArgumentException>(() => settlement.AppendPlanAsync(twice));

        Assert.Null(await settlement.GetPlanAsync(plan.WindowId));
        Assert.Equal(JournalWriteOutcome.Added, await settlement.AppendPlanAsync(plan));
    }

    [Fact]
    public async Task Stores_DefaultIds_AreRefusedWithArgumentException()
    {
        ISequencedTransactionStore sequences = _journal;
        ICoinReservationStore coins = _journal;
        IOrderJournal orders = _journal;
        await Assert.ThrowsAsync<ArgumentException>(() => sequences.LoadAsync(default));
        await Assert.ThrowsAsync<ArgumentException>(() => sequences.CompleteAsync(default, 1));
        await Assert.ThrowsAsync<ArgumentException>(() => coins.LoadAsync(default));
        await Assert.ThrowsAsync<ArgumentException>(() => coins.ReleaseAsync(default));
        await Assert.ThrowsAsync<ArgumentException>(() => coins.MarkSpentAsync(default));
        await Assert.ThrowsAsync<ArgumentException>(() => orders.AppendAsync(default, []));
        await Assert.ThrowsAsync<ArgumentException>(() => orders.GetLastSequenceAsync(default));
        await Assert.ThrowsAsync<ArgumentException>(() => orders.LoadLatestSnapshotAsync(default));
    }

    [Fact]
    public async Task ReserveAsync_CoinWithoutOwnerOrAmount_IsRefused()
    {
        ICoinReservationStore coins = _journal;
        var coin = StoreTestData.Coin(StoreTestData.DashAccount(1), 1, 0);
        await Assert.ThrowsAsync<ArgumentException>(() => coins.ReserveAsync(new SettlementBatchId("b"), [coin with { Owner = default }], StoreTestData.At));
        await Assert.ThrowsAsync<ArgumentException>(() => coins.ReserveAsync(new SettlementBatchId("b"), [coin with { Amount = default }], StoreTestData.At));
        await Assert.ThrowsAsync<ArgumentException>(() => coins.ReserveAsync(new SettlementBatchId("b"), [coin, null!], StoreTestData.At));
        Assert.Null(await coins.FindAsync(new SettlementBatchId("b")));
    }

    [Fact]
    public async Task AppendAsync_NullEntry_IsRefused()
    {
        IOrderJournal orders = _journal;
        await Assert.ThrowsAsync<ArgumentException>(() => orders.AppendAsync(new MarketId("m"), [null!]));
        await Assert.ThrowsAsync<ArgumentNullException>(() => orders.AppendAsync(new MarketId("m"), null!));
    }
}
