using System.Numerics;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Tests.Anvil;
using EnergySettlement.Ethereum.Transactions;
using EnergySettlement.Sequencing;

namespace EnergySettlement.Ethereum.Tests.Provider;

/// <summary>One provider paying from several accounts (<see cref="EthereumOptions.Signers"/>), on a real Anvil node.</summary>
public sealed class SeveralPayersTests(ContractFixture chain) : IClassFixture<ContractFixture>
{
    private AnvilNode Node => chain.Node;

    [Fact]
    public async Task PrepareSubmit_TwoPayersConcurrently_EachUsesItsOwnNonceSequenceAndEveryBatchIsPaidOnce()
    {
        using var home1 = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var home2 = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var store = new InMemorySequencedTransactionStore();
        var options = TestChain.Options(Node, home1, chain.Contract, confirmations: 1);
        options.Signers.Add(home2);
        using var provider = TestChain.Provider(options, store);
        Assert.Equal(new[] { Account(home1), Account(home2) }, provider.Accounts);

        const int perPayer = 4;
        var work = new List<(SettlementBatch Batch, EthereumAddress Payee, long Wei)>();
        for (var i = 0; i < perPayer; i++)
        {
            foreach (var (home, tag) in new[] { (home1, "h1"), (home2, "h2") })
            {
                var payee = TestChain.RandomAddress();
                var wei = 1_000 + (i * 10) + (tag == "h1" ? 1 : 2);
                work.Add((Batch(provider, Account(home), $"{tag}-{i}", (payee, wei)), payee, wei));
            }
        }

        // Every batch of both payers prepared, submitted and followed to final at once.
        var prepared = await Task.WhenAll(work.Select(async w =>
        {
            var transaction = await provider.PrepareAsync(w.Batch);
            await provider.SubmitAsync(transaction);
            Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, transaction)).State);
            return transaction;
        }));

        foreach (var home in new[] { home1, home2 })
        {
            var mine = prepared.Where(p => p.Payer == Account(home)).ToArray();
            Assert.Equal(perPayer, mine.Length);
            // Each account's own gap-free sequence 0..n-1, signed by its own key.
            Assert.Equal(Enumerable.Range(0, perPayer).Select(n => (ulong)n), mine.Select(p => p.Sequence!.Value).Order());
            Assert.All(mine, p => Assert.Equal(home.Address, SignedTransaction.Decode(p.RawTransaction.Span).Sender));
            Assert.Equal((ulong)perPayer, await TransactionCountAsync(home.Address));
            Assert.Equal((ulong)perPayer, (await store.LoadAsync(Account(home))).NextSequence);
        }

        // Every payee got exactly its amount; the chain holds one settlement per (payer, batch).
        foreach (var (batch, payee, wei) in work)
        {
            Assert.Equal(new BigInteger(wei), await Node.BalanceAsync(payee.ToString()));
            var record = Assert.Single(await provider.FindSettlementsAsync(batch.Id, batch.Payer));
            Assert.True(record.Matches(batch));
        }

        // Paying any of them again is refused before anything is signed.
        var again = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.PrepareAsync(work[1].Batch));
        Assert.Equal(BatchSettlementErrorCodes.BatchAlreadySettled, again.ErrorCode);
        Assert.Equal((ulong)perPayer, await TransactionCountAsync(home2.Address));
    }

    [Fact]
    public async Task PrepareAsync_OnePayersSignerStalls_AnotherPayerStillPrepares()
    {
        using var stalledKey = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var freeKey = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var stalled = new GatedSigner(stalledKey);
        var options = TestChain.Options(Node, stalled, chain.Contract, confirmations: 1);
        options.Signers.Add(freeKey);
        using var provider = TestChain.Provider(options);

        // The stalled payer's preparation holds its own nonce sequence while its signer waits...
        var stalledPrepare = provider.PrepareAsync(Batch(provider, Account(stalledKey), "stalled", (TestChain.RandomAddress(), 5)));
        await stalled.Entered.WaitAsync(TimeSpan.FromSeconds(20));

        // ...and the other payer's batch is prepared and paid meanwhile.
        var payee = TestChain.RandomAddress();
        var free = await provider.PrepareAsync(Batch(provider, Account(freeKey), "free", (payee, 6))).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(stalledPrepare.IsCompleted);
        Assert.Equal(0UL, free.Sequence);
        await provider.SubmitAsync(free);
        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, free)).State);
        Assert.Equal(new BigInteger(6), await Node.BalanceAsync(payee.ToString()));

        stalled.Release();
        var late = await stalledPrepare.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0UL, late.Sequence);
        Assert.Equal(stalledKey.Address, SignedTransaction.Decode(late.RawTransaction.Span).Sender);
    }

    [Fact]
    public async Task PrepareAndQuote_PayerWithoutSigner_AreRefusedBeforeAnythingIsSigned()
    {
        using var home = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var counting = new GatedSigner(home, open: true);
        var store = new InMemorySequencedTransactionStore();
        using var provider = TestChain.Provider(TestChain.Options(Node, counting, chain.Contract), store);
        var stranger = SettlementAccount.Create(TestChain.Chain, TestChain.RandomAddress().ToString());
        var batch = Batch(provider, stranger, "stranger", (TestChain.RandomAddress(), 7));

        Assert.False(provider.CanPayFrom(stranger));
        var prepare = await Assert.ThrowsAsync<ArgumentException>(() => provider.PrepareAsync(batch));
        Assert.Contains(stranger.ToString(), prepare.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => provider.QuoteAsync(batch));

        Assert.Equal(0, counting.Signatures);
        Assert.Equal(0UL, (await store.LoadAsync(stranger)).NextSequence);
        Assert.Equal(0UL, (await store.LoadAsync(provider.Account)).NextSequence);
    }

    [Fact]
    public void CanPayFrom_EveryConfiguredAccountInAnyLetterCase_AndNoOther()
    {
        using var first = TestChain.Signer(101);
        using var second = TestChain.Signer(102);
        var options = TestChain.Options(Node, first, chain.Contract);
        options.Signer = null;
        options.Signers.Add(first);
        options.Signers.Add(second);
        using var provider = TestChain.Provider(options);

        Assert.Equal(first.Address, provider.Address);
        Assert.Equal(Account(first), provider.Account);
        Assert.True(provider.CanPayFrom(SettlementAccount.Create(TestChain.Chain, second.Address.ToString().ToLowerInvariant())));
        Assert.True(provider.CanPayFrom(Account(first)));
        Assert.False(provider.CanPayFrom(SettlementAccount.Create(TestChain.Chain, TestChain.RandomAddress().ToString())));
        Assert.False(provider.CanPayFrom(SettlementAccount.Create(ChainId.Parse("eip155:1"), second.Address.ToString())));
    }

    [Fact]
    public async Task PrepareAsync_NewProviderOnTheSameStore_ContinuesEachPayersSequence()
    {
        using var home1 = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var home2 = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var store = new InMemorySequencedTransactionStore();
        var options = TestChain.Options(Node, home1, chain.Contract);
        options.Signers.Add(home2);

        PreparedTransaction before;
        using (var provider = TestChain.Provider(options, store))
        {
            // Signed and recorded but never sent (a crash before broadcast): two for home 1, none for home 2.
            await provider.PrepareAsync(Batch(provider, Account(home1), "crash-1a", (TestChain.RandomAddress(), 1)));
            before = await provider.PrepareAsync(Batch(provider, Account(home1), "crash-1b", (TestChain.RandomAddress(), 2)));
        }

        using var restarted = TestChain.Provider(options, store);
        var next1 = await restarted.PrepareAsync(Batch(restarted, Account(home1), "after-1", (TestChain.RandomAddress(), 3)));
        var next2 = await restarted.PrepareAsync(Batch(restarted, Account(home2), "after-2", (TestChain.RandomAddress(), 4)));

        Assert.Equal(1UL, before.Sequence);
        Assert.Equal(2UL, next1.Sequence);
        Assert.Equal(0UL, next2.Sequence);
        // Reconciliation re-broadcast home 1's recorded bytes, so its sequence has no gap on chain.
        await Node.MineAsync();
        Assert.Equal(2UL, await TransactionCountAsync(home1.Address));
    }

    private static SettlementAccount Account(LocalKeySigner signer) => SettlementAccount.Create(TestChain.Chain, signer.Address.ToString());

    private static SettlementBatch Batch(EthereumSettlementProvider provider, SettlementAccount payer, string id, params (EthereumAddress Payee, long Wei)[] payouts)
    {
        var asset = provider.Capabilities.NativeAsset;
        return new SettlementBatch(
            new SettlementBatchId(id),
            payer,
            asset,
            payouts.Select(p => new Payout(SettlementAccount.Create(TestChain.Chain, p.Payee.ToString()), new Money(p.Wei, asset), null)));
    }

    private async Task<ulong> TransactionCountAsync(EthereumAddress address) =>
        Convert.ToUInt64((await Node.RpcAsync("eth_getTransactionCount", address.ToString(), "latest")).GetString(), 16);

    /// <summary>A signer that counts its signatures and, until released, holds each one (to stall one payer's preparation).</summary>
    private sealed class GatedSigner(LocalKeySigner inner, bool open = false) : ISigner
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = CreateReleased(open);
        private int _signatures;

        public Task Entered => _entered.Task;

        public int Signatures => Volatile.Read(ref _signatures);

        public SignatureAlgorithm Algorithm => inner.Algorithm;

        public ReadOnlyMemory<byte> PublicKey => inner.PublicKey;

        public void Release() => _released.TrySetResult();

        public async ValueTask<DigestSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _signatures);
            _entered.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
            return await inner.SignDigestAsync(digest, cancellationToken);
        }

        private static TaskCompletionSource CreateReleased(bool open)
        {
            var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (open)
            {
                source.SetResult();
            }

            return source;
        }
    }
}
