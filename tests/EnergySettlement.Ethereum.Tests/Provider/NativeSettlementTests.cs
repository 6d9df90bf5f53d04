using System.Numerics;
using System.Text.Json;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Tests.Anvil;

namespace EnergySettlement.Ethereum.Tests.Provider;

public sealed class NativeSettlementTests(ContractFixture chain) : IClassFixture<ContractFixture>
{
    private AnvilNode Node => chain.Node;

    [Fact]
    public async Task PrepareSubmitGetStatus_NativeBatch_PaysEveryPayeeAndBecomesFinalAfterConfirmations()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract, confirmations: 3));
        var payees = new[] { TestChain.RandomAddress(), TestChain.RandomAddress(), TestChain.RandomAddress() };
        var batch = TestChain.NativeBatch(provider, "native-1", (payees[0], 1_000, "obligation-1"), (payees[1], 2_000, "obligation-2"), (payees[2], 3_000, null));

        var quote = await provider.QuoteAsync(batch);
        Assert.True(quote.Fits);
        Assert.True(quote.EstimatedFee.Amount > 0);

        var prepared = await provider.PrepareAsync(batch);
        Assert.Equal(0UL, prepared.Sequence);
        Assert.Equal(SettlementState.Unknown, (await provider.GetStatusAsync(prepared)).State);
        Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(prepared));

        var included = await TestChain.IncludedStatusAsync(provider, prepared);
        Assert.Equal(SettlementState.Included, included.State);
        Assert.Equal(1, included.Confirmations);
        await Node.MineAsync(2);
        var final = await provider.GetStatusAsync(prepared);
        Assert.Equal(SettlementState.Final, final.State);
        Assert.Equal(3, final.Confirmations);
        Assert.Equal(included.BlockHash, final.BlockHash);

        Assert.Equal(new BigInteger(1_000), await Node.BalanceAsync(payees[0].ToString()));
        Assert.Equal(new BigInteger(2_000), await Node.BalanceAsync(payees[1].ToString()));
        Assert.Equal(new BigInteger(3_000), await Node.BalanceAsync(payees[2].ToString()));

        // One BatchSettled event for the whole batch: its commitment binds every payee, amount and reference.
        var receipt = await TestChain.ReceiptAsync(Node, prepared.TransactionId);
        var topics = receipt.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("topics")[0].GetString()).ToArray();
        Assert.Equal(Hex.Encode(BatchSettlementV2Contract.BatchSettledTopic, withPrefix: true), Assert.Single(topics));
        var record = await provider.GetSettlementAsync(prepared);
        Assert.NotNull(record);
        Assert.True(record.Matches(batch));
        Assert.Equal((UInt256)prepared.Sequence!.Value, record.BatchNumber);
    }

    [Fact]
    public async Task SubmitAsync_SameBytesAgain_IsAlreadyKnown()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract));
        var prepared = await provider.PrepareAsync(TestChain.NativeBatch(provider, "resubmit-1", (TestChain.RandomAddress(), 5, null)));

        Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(prepared));
        Assert.Equal(SubmissionResult.AlreadyKnown, await provider.SubmitAsync(prepared));
    }

    [Fact]
    public async Task SubmitAsync_SameBytesWhilePendingInMempool_IsAlreadyKnown()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract));
        var prepared = await provider.PrepareAsync(TestChain.NativeBatch(provider, "resubmit-pending", (TestChain.RandomAddress(), 5, null)));
        await Node.SetAutomineAsync(false);
        try
        {
            Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(prepared));
            Assert.Equal(SubmissionResult.AlreadyKnown, await provider.SubmitAsync(prepared));
            Assert.Equal(SettlementState.Pending, (await provider.GetStatusAsync(prepared)).State);
        }
        finally
        {
            await Node.SetAutomineAsync(true);
            await Node.MineAsync();
        }
    }

    [Fact]
    public async Task PrepareAsync_SameBatchWhileOutstanding_ReturnsTheRecordedTransaction()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract));
        var batch = TestChain.NativeBatch(provider, "prepare-twice", (TestChain.RandomAddress(), 7, "x"));

        var first = await provider.PrepareAsync(batch);
        var second = await provider.PrepareAsync(batch);

        Assert.Equal(first.TransactionId, second.TransactionId);
        Assert.True(first.RawTransaction.Span.SequenceEqual(second.RawTransaction.Span));
        Assert.Equal(first.Sequence, second.Sequence);
    }

    [Fact]
    public async Task PrepareAsync_BatchIdAlreadySettledOnChain_IsRefusedByTheContract()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract, confirmations: 1));
        var batch = TestChain.NativeBatch(provider, "settle-once", (TestChain.RandomAddress(), 11, null));
        var prepared = await provider.PrepareAsync(batch);
        await provider.SubmitAsync(prepared);
        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, prepared)).State);

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.PrepareAsync(batch));
        Assert.Equal(BatchSettlementErrorCodes.BatchAlreadySettled, ex.ErrorCode);
        Assert.Contains(prepared.TransactionId.Value, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_UnfundedPayer_ThrowsInsufficientFunds()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, BigInteger.Zero);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract));
        var batch = TestChain.NativeBatch(provider, "unfunded", (TestChain.RandomAddress(), 1_000_000, null));

        var ex = await Assert.ThrowsAsync<InsufficientFundsException>(() => provider.PrepareAsync(batch));
        Assert.Equal(provider.Account, ex.Account);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task SubmitAsync_FundsGoneAfterPrepare_ThrowsInsufficientFundsForThePayer()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract));
        var prepared = await provider.PrepareAsync(TestChain.NativeBatch(provider, "funds-gone", (TestChain.RandomAddress(), 1_000, null)));
        await Node.SetBalanceAsync(signer.Address.ToString(), BigInteger.Zero);

        var ex = await Assert.ThrowsAsync<InsufficientFundsException>(() => provider.SubmitAsync(prepared));
        Assert.Equal(provider.Account, ex.Account);
        Assert.Equal("insufficient funds", ex.ErrorCode);
    }

    [Fact]
    public async Task PrepareAsync_NodeOnAnotherChain_IsRefusedBeforeSigning()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var options = TestChain.Options(Node, signer, chain.Contract);
        options.ChainId = 1;
        using var provider = TestChain.Provider(options);
        var batch = new SettlementBatch(
            new SettlementBatchId("wrong-chain"),
            provider.Account,
            provider.Capabilities.NativeAsset,
            [new Payout(SettlementAccount.Create(ChainId.Parse("eip155:1"), TestChain.RandomAddress().ToString()), new Money(1, provider.Capabilities.NativeAsset))]);

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => provider.PrepareAsync(batch));
        Assert.Equal("wrong chain", ex.ErrorCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task PrepareAsync_PayeeContractRefusesEther_ThrowsRejectedWithRevertReason()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract));

        // The BatchSettlement contract itself has no payable receive: paying it reverts.
        var batch = TestChain.NativeBatch(provider, "revert-1", (TestChain.RandomAddress(), 1, null), (chain.Contract, 1, null));

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.PrepareAsync(batch));
        Assert.Contains("NativeTransferFailed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_ConcurrentBatchesFromOneAccount_UseConsecutiveNoncesAndAllSettle()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract, confirmations: 1));
        var batches = Enumerable.Range(0, 8).Select(i => TestChain.NativeBatch(provider, $"concurrent-{i}", (TestChain.RandomAddress(), 100 + i, $"c{i}"))).ToArray();

        var prepared = await Task.WhenAll(batches.Select(b => Task.Run(() => provider.PrepareAsync(b))));

        Assert.Equal(Enumerable.Range(0, 8).Select(i => (ulong?)(ulong)i), prepared.Select(p => p.Sequence).Order());
        foreach (var p in prepared.OrderBy(p => p.Sequence))
        {
            Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(p));
        }

        foreach (var p in prepared)
        {
            Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, p)).State);
        }
    }

    [Fact]
    public async Task GetStatusAsync_ReorgRemovesFinalSettlement_ReportsDroppedThenSameBytesSettleAgain()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract, confirmations: 2));
        var payee = TestChain.RandomAddress();
        var prepared = await provider.PrepareAsync(TestChain.NativeBatch(provider, "reorg-1", (payee, 42, null)));
        var snapshot = (await Node.RpcAsync("evm_snapshot")).GetString()!;
        await provider.SubmitAsync(prepared);
        Assert.Equal(SettlementState.Included, (await TestChain.IncludedStatusAsync(provider, prepared)).State);
        await Node.MineAsync();
        var final = await provider.GetStatusAsync(prepared);
        Assert.Equal(SettlementState.Final, final.State);

        // The chain reorganises back to before the transaction.
        Assert.True((await Node.RpcAsync("evm_revert", snapshot)).GetBoolean());

        var after = await provider.GetStatusAsync(prepared);
        Assert.Equal(SettlementState.Dropped, after.State);
        Assert.Null(after.BlockHash);
        Assert.Equal(BigInteger.Zero, await Node.BalanceAsync(payee.ToString()));

        Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(prepared));
        Assert.Equal(SettlementState.Included, (await TestChain.IncludedStatusAsync(provider, prepared)).State);
        await Node.MineAsync();
        var again = await provider.GetStatusAsync(prepared);
        Assert.Equal(SettlementState.Final, again.State);
        Assert.NotEqual(final.BlockHash, again.BlockHash);
        Assert.Equal(new BigInteger(42), await Node.BalanceAsync(payee.ToString()));
    }

    [Fact]
    public async Task GetStatusAsync_AnvilReorgReplacingTheBlock_ReportsDroppedAndSameBytesAreIncludedInANewBlock()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        await Node.MineAsync(2); // bury the funding below the reorganised depth
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract, confirmations: 3));
        var prepared = await provider.PrepareAsync(TestChain.NativeBatch(provider, "reorg-2", (TestChain.RandomAddress(), 43, null)));
        await provider.SubmitAsync(prepared);
        var included = await TestChain.IncludedStatusAsync(provider, prepared);
        Assert.Equal(SettlementState.Included, included.State);

        // Anvil replaces the transaction's block with a new block that does not carry it.
        await Node.RpcAsync("anvil_reorg", 1, new System.Text.Json.Nodes.JsonArray());

        var after = await provider.GetStatusAsync(prepared);
        Assert.Equal(SettlementState.Dropped, after.State);
        Assert.Equal(0, after.Confirmations);

        Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(prepared));
        var again = await TestChain.IncludedStatusAsync(provider, prepared);
        Assert.Equal(SettlementState.Included, again.State);
        Assert.NotEqual(included.BlockHash, again.BlockHash);
    }

    [Fact]
    public void IsValidAddress_BadChecksum_IsRejectedByValidateAddress()
    {
        using var signer = TestChain.Signer(7);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract));
        provider.ValidateAddress(SettlementAccount.Parse("eip155:31337:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        var ex = Assert.Throws<InvalidAddressException>(() => provider.ValidateAddress(SettlementAccount.Parse("eip155:31337:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")));
        Assert.Contains("checksum", ex.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Capabilities_Native_IsSlip44CoinWith18Decimals()
    {
        using var signer = TestChain.Signer(7);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract, confirmations: 5));
        Assert.Equal("eip155:31337/slip44:60", provider.Capabilities.NativeAsset.Id.ToString());
        Assert.Equal(18, provider.Capabilities.NativeAsset.Decimals);
        Assert.Equal(FinalityModel.Confirmations, provider.Capabilities.Finality);
        Assert.Equal(TimeSpan.FromSeconds(5), provider.Capabilities.TypicalTimeToFinality);
        // Detect sizes batches with version 1's per-payout gas: (15,000,000 / 1.2 - 65,000) / 50,000.
        Assert.Equal(248, provider.Capabilities.MaxPayoutsPerTransaction);
    }
}
