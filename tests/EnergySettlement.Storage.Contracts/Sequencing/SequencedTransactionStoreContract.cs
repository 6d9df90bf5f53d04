using EnergySettlement.Chains;
using EnergySettlement.Sequencing;

namespace EnergySettlement.Storage.Contracts.Sequencing;

/// <summary>The behaviour every <see cref="ISequencedTransactionStore"/> shares; each store runs it through a derived class.</summary>
public abstract class SequencedTransactionStoreContract : StoreContract<ISequencedTransactionStore>
{
    /// <summary>Gets the first account.</summary>
    protected static SettlementAccount Alice { get; } = StoreTestData.EthAccount(0xA);

    /// <summary>Gets the second account.</summary>
    protected static SettlementAccount Bob { get; } = StoreTestData.EthAccount(0xB);

    /// <summary>A transaction of <paramref name="account"/> at <paramref name="sequence"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="sequence">The sequence.</param>
    /// <param name="id">The transaction id.</param>
    /// <param name="fill">The byte the raw transaction repeats (different bytes, same id: a conflict).</param>
    /// <param name="batch">The batch id, if any.</param>
    /// <returns>The transaction.</returns>
    protected static SequencedTransaction Tx(SettlementAccount account, ulong sequence, string id, byte fill = 1, string? batch = null) => new()
    {
        Account = account,
        Sequence = sequence,
        TransactionId = new ChainTransactionId(id),
        RawTransaction = Enumerable.Repeat(fill, 3).ToArray(),
        BatchId = batch is null ? null : new SettlementBatchId(batch),
        SignedAt = StoreTestData.At,
    };

    /// <summary>Asserts every field equal, the instant's offset included.</summary>
    /// <param name="expected">The expected transaction.</param>
    /// <param name="actual">The loaded one.</param>
    protected static void AssertSame(SequencedTransaction expected, SequencedTransaction actual)
    {
        Assert.Equal(expected.Account, actual.Account);
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.TransactionId, actual.TransactionId);
        Assert.Equal(expected.RawTransaction.ToArray(), actual.RawTransaction.ToArray());
        Assert.Equal(expected.BatchId, actual.BatchId);
        Assert.Equal(expected.SignedAt, actual.SignedAt);
        Assert.Equal(expected.SignedAt.Offset, actual.SignedAt.Offset);
    }

    [Fact]
    public async Task LoadAsync_UnknownAccount_IsEmptyAtSequenceZero()
    {
        var state = await Store.LoadAsync(Alice);
        Assert.Equal(Alice, state.Account);
        Assert.Equal(0UL, state.NextSequence);
        Assert.Empty(state.Outstanding);
    }

    [Fact]
    public async Task RecordAsync_Transaction_IsOutstandingAndAdvancesNextSequence()
    {
        var tx = Tx(Alice, 0, "0x01", batch: "batch-1");
        await Store.RecordAsync(tx);
        var state = await Store.LoadAsync(Alice);
        Assert.Equal(1UL, state.NextSequence);
        AssertSame(tx, Assert.Single(state.Outstanding));
    }

    [Fact]
    public async Task RecordAsync_SameTransactionTwice_IsRecordedOnce()
    {
        await Store.RecordAsync(Tx(Alice, 0, "0x01"));
        await Store.RecordAsync(Tx(Alice, 0, "0x01"));
        Assert.Single((await Store.LoadAsync(Alice)).Outstanding);
    }

    [Fact]
    public async Task RecordAsync_SameIdOtherBytes_Throws()
    {
        await Store.RecordAsync(Tx(Alice, 0, "0x01", fill: 1));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.RecordAsync(Tx(Alice, 0, "0x01", fill: 2)));
        AssertSame(Tx(Alice, 0, "0x01", fill: 1), Assert.Single((await Store.LoadAsync(Alice)).Outstanding));
    }

    [Fact]
    public async Task RecordAsync_SameIdOtherSequence_Throws()
    {
        await Store.RecordAsync(Tx(Alice, 0, "0x01"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.RecordAsync(Tx(Alice, 1, "0x01")));
        Assert.Equal(1UL, (await Store.LoadAsync(Alice)).NextSequence);
    }

    [Fact]
    public async Task RecordAsync_ReplacementAtSameSequence_IsKeptBesideTheOriginalInRecordingOrder()
    {
        await Store.RecordAsync(Tx(Alice, 0, "0x0b", fill: 1));
        await Store.RecordAsync(Tx(Alice, 0, "0x0a", fill: 2));
        var state = await Store.LoadAsync(Alice);
        Assert.Equal(["0x0b", "0x0a"], state.Outstanding.Select(t => t.TransactionId.Value));
        Assert.Equal(1UL, state.NextSequence);
    }

    [Fact]
    public async Task LoadAsync_Outstanding_AreOrderedBySequence()
    {
        await Store.RecordAsync(Tx(Alice, 2, "0x02"));
        await Store.RecordAsync(Tx(Alice, 0, "0x00"));
        await Store.RecordAsync(Tx(Alice, 1, "0x01"));
        Assert.Equal([0UL, 1UL, 2UL], (await Store.LoadAsync(Alice)).Outstanding.Select(t => t.Sequence));
    }

    [Fact]
    public async Task CompleteAsync_Sequence_RemovesAllItsTransactions()
    {
        await Store.RecordAsync(Tx(Alice, 0, "0x01", fill: 1));
        await Store.RecordAsync(Tx(Alice, 0, "0x02", fill: 2));
        await Store.RecordAsync(Tx(Alice, 1, "0x03", fill: 3));
        await Store.CompleteAsync(Alice, 0);
        var state = await Store.LoadAsync(Alice);
        Assert.Equal("0x03", Assert.Single(state.Outstanding).TransactionId.Value);
        Assert.Equal(2UL, state.NextSequence);
    }

    [Fact]
    public async Task CompleteAsync_NextSequenceNeverDecreases()
    {
        await Store.RecordAsync(Tx(Alice, 5, "0x05"));
        await Store.CompleteAsync(Alice, 5);
        await Store.CompleteAsync(Alice, 2);
        Assert.Equal(6UL, (await Store.LoadAsync(Alice)).NextSequence);
    }

    [Fact]
    public async Task CompleteAsync_Twice_ChangesNothing()
    {
        await Store.RecordAsync(Tx(Alice, 0, "0x01"));
        await Store.CompleteAsync(Alice, 0);
        await Store.CompleteAsync(Alice, 0);
        var state = await Store.LoadAsync(Alice);
        Assert.Empty(state.Outstanding);
        Assert.Equal(1UL, state.NextSequence);
    }

    [Fact]
    public async Task RecordAsync_LowerSequenceAfterHigher_DoesNotLowerNextSequence()
    {
        await Store.RecordAsync(Tx(Alice, 5, "0x05"));
        await Store.RecordAsync(Tx(Alice, 1, "0x01"));
        Assert.Equal(6UL, (await Store.LoadAsync(Alice)).NextSequence);
    }

    [Fact]
    public async Task CompleteAsync_UnrecordedSequence_AdvancesNextSequence()
    {
        await Store.CompleteAsync(Alice, 3);
        Assert.Equal(4UL, (await Store.LoadAsync(Alice)).NextSequence);
    }

    [Fact]
    public async Task RecordAsync_IntoCompletedSequence_IsNotOutstanding()
    {
        await Store.CompleteAsync(Alice, 0);
        await Store.RecordAsync(Tx(Alice, 0, "0x01"));
        Assert.Empty((await Store.LoadAsync(Alice)).Outstanding);
    }

    [Fact]
    public async Task Accounts_AreIndependent()
    {
        await Store.RecordAsync(Tx(Alice, 3, "0x01"));
        await Store.RecordAsync(Tx(Bob, 0, "0x01", fill: 9));
        Assert.Equal(4UL, (await Store.LoadAsync(Alice)).NextSequence);
        Assert.Equal(1UL, (await Store.LoadAsync(Bob)).NextSequence);
    }

    [Fact]
    public async Task LoadAsync_ReturnsSnapshot()
    {
        await Store.RecordAsync(Tx(Alice, 0, "0x01"));
        var before = await Store.LoadAsync(Alice);
        await Store.RecordAsync(Tx(Alice, 1, "0x02"));
        Assert.Single(before.Outstanding);
    }

    [Fact]
    public async Task RecordAsync_LargeSignedTransaction_KeepsEveryByte()
    {
        var tx = Tx(Alice, 7, "0x77") with { RawTransaction = StoreTestData.Bytes(7, 100_000) };
        await Store.RecordAsync(tx);
        AssertSame(tx, Assert.Single((await Store.LoadAsync(Alice)).Outstanding));
    }

    [Fact]
    public async Task RecordAsync_ConcurrentDistinctSequences_AllRecorded()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Store.RecordAsync(Tx(Alice, (ulong)i, $"0x{i:x2}"))));
        var state = await Store.LoadAsync(Alice);
        Assert.Equal(20, state.Outstanding.Count);
        Assert.Equal(20UL, state.NextSequence);
    }

    [Fact]
    public async Task RecordAsync_ManyConcurrentWriters_NothingLost()
    {
        var accounts = Enumerable.Range(1, 8).Select(StoreTestData.EthAccount).ToArray();
        await Task.WhenAll(accounts.Select(account => Task.Run(async () =>
        {
            for (var s = 0UL; s < 25; s++)
            {
                await Store.RecordAsync(Tx(account, s, $"0x{s:x2}"));
            }
        })));
        foreach (var account in accounts)
        {
            var state = await Store.LoadAsync(account);
            Assert.Equal(25UL, state.NextSequence);
            Assert.Equal(Enumerable.Range(0, 25).Select(i => (ulong)i), state.Outstanding.Select(t => t.Sequence));
        }
    }

    [Fact]
    public async Task RecordAsync_SameIdConcurrentlyWithDifferentBytes_ExactlyOneWins()
    {
        var attempts = Enumerable.Range(1, 12).Select(fill => Task.Run(() => Store.RecordAsync(Tx(Alice, 0, "0x01", fill: (byte)fill)))).ToArray();
        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                await t;
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }));
        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Single((await Store.LoadAsync(Alice)).Outstanding);
    }

    [Fact]
    public async Task LoadAsync_Cancelled_Throws() =>
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.LoadAsync(Alice, new CancellationToken(canceled: true)));
}
