using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Commitments;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Tests.Anvil;
using EnergySettlement.Sequencing;

namespace EnergySettlement.Ethereum.Tests.Commitments;

/// <summary>Reading a settled batch's commitment back from the chain, checking payouts against it, and the adapter's
/// binding of batch ids to batch numbers when its store is lost.</summary>
public sealed class SettlementReadBackTests(ContractFixture chain) : IClassFixture<ContractFixture>
{
    private AnvilNode Node => chain.Node;

    [Fact]
    public async Task GetSettlementAsync_SettledBatch_CommitmentMatchesTheJournalsBatchAndEveryPayoutProofVerifies()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract, confirmations: 1));
        var batch = TestChain.NativeBatch(provider, "read-back", (TestChain.RandomAddress(), 1, "leg-1"), (TestChain.RandomAddress(), 2, "leg-2"), (TestChain.RandomAddress(), 3, null));
        var prepared = await provider.PrepareAsync(batch);
        await provider.SubmitAsync(prepared);
        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, prepared)).State);

        var record = await provider.GetSettlementAsync(prepared);

        Assert.NotNull(record);
        Assert.Equal(BatchCommitment.Compute(batch), record.Commitment);
        Assert.Equal(provider.Account, record.Payer);
        Assert.Equal(chain.Contract, record.Contract);
        Assert.Equal(prepared.TransactionId.Value, record.TransactionId.Value);
        Assert.True(record.IsFor(batch.Id));
        Assert.All(Enumerable.Range(0, 3), i => Assert.True(PayoutProof.Create(batch, i).Verify(record.Commitment)));
        var forged = TestChain.NativeBatch(provider, "read-back", (TestChain.RandomAddress(), 1, "leg-1"), (TestChain.RandomAddress(), 2, "leg-2"), (TestChain.RandomAddress(), 3, null));
        Assert.False(record.Matches(forged));
    }

    [Fact]
    public async Task FindSettlementsAsync_SettledAndUnsettledIds_FindsOnlyTheSettledOne()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract, confirmations: 1));
        var batch = TestChain.NativeBatch(provider, "find-me", (TestChain.RandomAddress(), 4, "x"));
        var prepared = await provider.PrepareAsync(batch);
        await provider.SubmitAsync(prepared);
        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, prepared)).State);

        var found = await provider.FindSettlementsAsync(batch.Id);
        var none = await provider.FindSettlementsAsync(new SettlementBatchId("never-settled"));

        Assert.True(Assert.Single(found).Matches(batch));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Matches_CommitmentOfTheBatchButOtherAmountsPaid_IsFalse()
    {
        // A payer (or a tool other than this adapter) records the commitment of one batch while paying other amounts.
        using var key = TestChain.Key(8181);
        using var signer = TestChain.Signer(8181);
        await Node.SetBalanceAsync(signer.Address.ToString(), 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract, confirmations: 1));
        var payee = TestChain.RandomAddress();
        var journaled = TestChain.NativeBatch(provider, "forged", (payee, 100, "leg"));
        var data = BatchSettlementV2Contract.EncodeSettleNative(
            5_000UL,
            CommitmentHashing.BatchKey(journaled.Id).ToArray(),
            BatchCommitment.Compute(journaled),
            [BatchSettlementV2Contract.PackPayout(payee, 99UL)],
            null);
        await TestChain.TransactAsync(Node, key, chain.Contract, data, 99UL, 300_000);

        var record = Assert.Single(await provider.FindSettlementsAsync(journaled.Id));

        Assert.Equal(BatchCommitment.Compute(journaled), record.Commitment);
        Assert.False(record.Matches(journaled));
    }

    [Fact]
    public async Task PrepareSubmit_PublishReferences_LogsOnePayoutEventPerPayoutBesideTheCommitment()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var options = TestChain.Options(Node, signer, chain.Contract, confirmations: 1);
        options.PublishReferences = true;
        using var provider = TestChain.Provider(options);
        var batch = TestChain.NativeBatch(provider, "published", (TestChain.RandomAddress(), 5, "leg-a"), (TestChain.RandomAddress(), 6, "leg-b"));

        var prepared = await provider.PrepareAsync(batch);
        await provider.SubmitAsync(prepared);

        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, prepared)).State);
        var logs = (await TestChain.ReceiptAsync(Node, prepared.TransactionId)).GetProperty("logs").EnumerateArray().ToArray();
        var payouts = logs.Where(l => l.GetProperty("topics")[0].GetString() == Hex.Encode(BatchSettlementV2Contract.PayoutTopic, withPrefix: true)).ToArray();
        Assert.Equal(2, payouts.Length);
        var data = Hex.Decode(payouts[1].GetProperty("data").GetString());
        Assert.Equal("leg-b", System.Text.Encoding.UTF8.GetString(data, 96, data[95]));
        Assert.True((await provider.GetSettlementAsync(prepared))!.Matches(batch));
    }

    [Fact]
    public async Task PrepareAsync_StoreLostWhileTheBatchIsPending_WaitsForTheUnknownTransactionThenRefusesTheSettledId()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var options = TestChain.Options(Node, signer, chain.Contract, confirmations: 1);
        var batch = (EthereumSettlementProvider p) => TestChain.NativeBatch(p, "lost-store", (TestChain.RandomAddress(), 7, null));
        PreparedTransaction first;
        await Node.SetAutomineAsync(false);
        try
        {
            using (var original = TestChain.Provider(options))
            {
                first = await original.PrepareAsync(batch(original));
                await original.SubmitAsync(first);
            }

            // A new process whose store lost the record: the transaction is in the mempool, unknown to it.
            using var restarted = TestChain.Provider(options, new InMemorySequencedTransactionStore());
            var waiting = await Assert.ThrowsAsync<ChainRequestException>(() => restarted.PrepareAsync(batch(restarted)));
            Assert.Equal("unknown pending transactions", waiting.ErrorCode);
            Assert.True(waiting.IsTransient);

            await Node.MineAsync();
            var refused = await Assert.ThrowsAsync<TransactionRejectedException>(() => restarted.PrepareAsync(batch(restarted)));
            Assert.Equal(BatchSettlementErrorCodes.BatchAlreadySettled, refused.ErrorCode);
            Assert.Contains(first.TransactionId.Value, refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await Node.SetAutomineAsync(true);
        }
    }

    [Fact]
    public async Task QuoteAsync_AmountAboveWhatAPayoutWordCarries_DoesNotFitAndSaysWhy()
    {
        using var signer = TestChain.Signer(7);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract));
        var asset = provider.Capabilities.NativeAsset;
        var huge = (Int128)(UInt128)BatchSettlementV2Contract.MaxAmount + 1;
        var batch = new SettlementBatch(new SettlementBatchId("too-big"), provider.Account, asset, [new Payout(SettlementAccount.Create(TestChain.Chain, TestChain.RandomAddress().ToString()), new Money(huge, asset))]);

        var quote = await provider.QuoteAsync(batch);

        Assert.False(quote.Fits);
        Assert.Contains("2^96", quote.Reason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => provider.PrepareAsync(batch));
    }

    [Fact]
    public void Capabilities_ConfiguredVersion_SizesBatchesFromTheBlockGasLimit()
    {
        using var signer = TestChain.Signer(7);
        EthereumOptions Options(BatchSettlementVersion version, bool publish = false, ulong blockGasLimit = 30_000_000, int? cap = null)
        {
            var options = TestChain.Options(Node, signer, chain.Contract);
            options.ContractVersion = version;
            options.PublishReferences = publish;
            options.BlockGasLimit = blockGasLimit;
            options.MaxPayoutsPerTransaction = cap;
            return options;
        }

        int Max(EthereumOptions options)
        {
            using var provider = TestChain.Provider(options);
            return provider.Capabilities.MaxPayoutsPerTransaction;
        }

        // (min(limit / 2, 2^24) / 1.2 - base) / worst per-payout gas, from Fees/SettlementGas.cs.
        Assert.Equal(345, Max(Options(BatchSettlementVersion.V2)));
        Assert.Equal(276, Max(Options(BatchSettlementVersion.V2, publish: true)));
        Assert.Equal(248, Max(Options(BatchSettlementVersion.V1)));
        Assert.Equal(386, Max(Options(BatchSettlementVersion.V2, blockGasLimit: 60_000_000)));
        Assert.Equal(50, Max(Options(BatchSettlementVersion.V2, cap: 50)));
    }
}
