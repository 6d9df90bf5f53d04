using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Tests.Anvil;
using EnergySettlement.Sequencing;

namespace EnergySettlement.Ethereum.Tests.Nonces;

public sealed class DurableNonceTests(ContractFixture chain) : IClassFixture<ContractFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("es-eth-nonces-").FullName;

    private AnvilNode Node => chain.Node;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task PrepareAsync_AfterCrashBeforeBroadcast_RestartRebroadcastsRecordedBytesAndNeverReusesTheNonce()
    {
        var path = Path.Combine(_directory, "sequences.jsonl");
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var options = TestChain.Options(Node, signer, chain.Contract, confirmations: 1);
        PreparedTransaction first;

        // First process: signs and records batch A, then "crashes" before broadcasting it.
        using (var store = FileSequencedTransactionStore.Open(path))
        using (var provider = TestChain.Provider(options, store))
        {
            first = await provider.PrepareAsync(TestChain.NativeBatch(provider, "restart-a", (TestChain.RandomAddress(), 10, null)));
            Assert.Equal(0UL, first.Sequence);
        }

        Assert.Equal("0x0", (await Node.RpcAsync("eth_getTransactionCount", signer.Address.ToString(), "pending")).GetString());

        // Second process: reopens the file; reconciling re-broadcasts A's recorded bytes, and batch B gets the next nonce.
        using (var store = FileSequencedTransactionStore.Open(path))
        using (var provider = TestChain.Provider(options, store))
        {
            var reconciliation = await provider.ReconcileAsync();
            Assert.Equal(1, reconciliation.Rebroadcast);
            Assert.Equal(1UL, reconciliation.NextNonce);

            var again = await provider.PrepareAsync(TestChain.NativeBatch(provider, "restart-a", (TestChain.RandomAddress(), 10, null)));
            Assert.Equal(first.TransactionId, again.TransactionId);

            var second = await provider.PrepareAsync(TestChain.NativeBatch(provider, "restart-b", (TestChain.RandomAddress(), 20, null)));
            Assert.Equal(1UL, second.Sequence);
            await provider.SubmitAsync(second);

            Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, first)).State);
            Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, second)).State);
            var state = await store.LoadAsync(provider.Account);
            Assert.Empty(state.Outstanding);
            Assert.Equal(2UL, state.NextSequence);
        }
    }

    [Fact]
    public async Task PrepareAsync_ChainAheadOfStore_StartsAtTheChainsPendingCount()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var options = TestChain.Options(Node, signer, chain.Contract, confirmations: 1);

        // Another wallet used the account's first nonces (the store knows nothing of them).
        using (var other = TestChain.Provider(options))
        {
            for (var i = 0; i < 2; i++)
            {
                var p = await other.PrepareAsync(TestChain.NativeBatch(other, $"elsewhere-{i}", (TestChain.RandomAddress(), 1, null)));
                await other.SubmitAsync(p);
                await TestChain.IncludedStatusAsync(other, p);
            }
        }

        using var provider = TestChain.Provider(options, new InMemorySequencedTransactionStore());
        var prepared = await provider.PrepareAsync(TestChain.NativeBatch(provider, "after-elsewhere", (TestChain.RandomAddress(), 1, null)));
        Assert.Equal(2UL, prepared.Sequence);
    }

    [Fact]
    public async Task PrepareAsync_FeeAboveCap_IsRefusedAndNothingIsRecorded()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var options = TestChain.Options(Node, signer, chain.Contract);
        options.MinPriorityFeePerGas = 0;
        options.MaxFeePerGasCap = 1; // 1 wei per gas: below any base fee
        var store = new InMemorySequencedTransactionStore();
        using var provider = TestChain.Provider(options, store);
        var batch = TestChain.NativeBatch(provider, "over-cap", (TestChain.RandomAddress(), 1, null));

        var ex = await Assert.ThrowsAsync<EnergySettlement.Ethereum.Fees.FeeCapExceededException>(() => provider.PrepareAsync(batch));
        Assert.Contains("MaxFeePerGasCap", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsTransient);
        Assert.Equal(1UL, ex.CapMaxFeePerGas);
        Assert.Empty((await store.LoadAsync(provider.Account)).Outstanding);
        await Assert.ThrowsAsync<EnergySettlement.Ethereum.Fees.FeeCapExceededException>(() => provider.QuoteAsync(batch));
    }

    [Fact]
    public async Task GetStatusAsync_NonceUsedByAnotherTransaction_IsConflictedAndReconcileReportsIt()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var options = TestChain.Options(Node, signer, chain.Contract, confirmations: 1);
        var store = new InMemorySequencedTransactionStore();
        using var provider = TestChain.Provider(options, store);
        var ours = await provider.PrepareAsync(TestChain.NativeBatch(provider, "taken-1", (TestChain.RandomAddress(), 3, null)));

        // Another wallet holding the same key sends a different transaction at our nonce before we broadcast.
        var tx = (EnergySettlement.Ethereum.Transactions.Eip1559Transaction)EnergySettlement.Ethereum.Transactions.SignedTransaction.Decode(ours.RawTransaction.Span).Transaction;
        var rival = await (tx with { Value = tx.Value + 1UL }).SignAsync(signer);
        await Node.RpcAsync("eth_sendRawTransaction", rival.ToHexString());
        await Node.MineAsync();

        using (var restarted = TestChain.Provider(options, store))
        {
            var reconciliation = await restarted.ReconcileAsync();
            Assert.Equal(1, reconciliation.TakenElsewhere);
            Assert.Equal(0, reconciliation.Rebroadcast);
            Assert.Equal(1UL, reconciliation.NextNonce);
        }

        var status = await provider.GetStatusAsync(ours);
        Assert.Equal(SettlementState.Conflicted, status.State);
        Assert.Null(status.ReplacedBy);

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.SubmitAsync(ours));
        Assert.Equal("nonce too low", ex.ErrorCode);

        // The conflicted record is finished: preparing the batch again signs a new transaction at the next nonce.
        var again = await provider.PrepareAsync(TestChain.NativeBatch(provider, "taken-1", (TestChain.RandomAddress(), 3, null)));
        Assert.Equal(1UL, again.Sequence);
        Assert.NotEqual(ours.TransactionId, again.TransactionId);
    }
}
