using System.Text.Json.Nodes;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Tests.Anvil;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Ethereum.Tests.Fees;

public sealed class ReplacementTests(ContractFixture chain) : IClassFixture<ContractFixture>
{
    private AnvilNode Node => chain.Node;

    [Fact]
    public async Task ReplaceAsync_TransactionStuckUnderRisingBaseFee_IsReplacedAtSameNonceAndOriginalBecomesConflicted()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract, confirmations: 1));
        var stuck = await provider.PrepareAsync(TestChain.NativeBatch(provider, "stuck-1", (TestChain.RandomAddress(), 99, null)));
        var old = (Eip1559Transaction)SignedTransaction.Decode(stuck.RawTransaction.Span).Transaction;

        PreparedTransaction replacement;
        await Node.SetAutomineAsync(false);
        try
        {
            Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(stuck));

            // The base fee jumps above what the transaction offers: mined blocks leave it behind.
            var high = old.MaxFeePerGas * 3UL;
            await Node.RpcAsync("anvil_setNextBlockBaseFeePerGas", EnergySettlement.Ethereum.Rpc.HexQuantity.Format(high));
            await Node.MineAsync();
            // Not included: geth keeps it queued (pending); Anvil evicts it from the pool (dropped).
            var stuckState = (await provider.GetStatusAsync(stuck)).State;
            Assert.True(stuckState == SettlementState.Pending || stuckState == SettlementState.Dropped, $"expected the transaction to be stuck; it is {stuckState}");

            var acceleration = await provider.AccelerateAsync(stuck);
            Assert.Equal((AccelerationKind.Replacement, stuck.TransactionId), (acceleration.Kind, acceleration.Accelerates));
            replacement = acceleration.Transaction;
            var bumped = (Eip1559Transaction)SignedTransaction.Decode(replacement.RawTransaction.Span).Transaction;
            Assert.Equal(old.Nonce, bumped.Nonce);
            Assert.Equal(stuck.Sequence, replacement.Sequence);
            Assert.Equal(stuck.BatchId, replacement.BatchId);
            Assert.True(bumped.MaxFeePerGas * 8UL >= old.MaxFeePerGas * 9UL, "max fee raised by at least 12.5 %");
            Assert.True(bumped.MaxPriorityFeePerGas * 8UL >= old.MaxPriorityFeePerGas * 9UL, "tip raised by at least 12.5 %");
            Assert.Equal(old.Data.ToArray(), bumped.Data.ToArray());

            Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(replacement));
            await Node.MineAsync();
        }
        finally
        {
            await Node.SetAutomineAsync(true);
        }

        var winner = await provider.GetStatusAsync(replacement);
        Assert.Equal(SettlementState.Final, winner.State);
        var loser = await provider.GetStatusAsync(stuck);
        Assert.Equal(SettlementState.Conflicted, loser.State);
        Assert.Equal(replacement.TransactionId, loser.ReplacedBy);
    }

    [Fact]
    public async Task SubmitAsync_ReplacementNotRaisedEnough_IsRejectedAsUnderpriced()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract, confirmations: 1));
        var original = await provider.PrepareAsync(TestChain.NativeBatch(provider, "underpriced-1", (TestChain.RandomAddress(), 5, null)));
        var tx = (Eip1559Transaction)SignedTransaction.Decode(original.RawTransaction.Span).Transaction;

        // A same-nonce transaction with the same fees (a different payout) cannot replace the pending one.
        await Node.SetAutomineAsync(false);
        try
        {
            await provider.SubmitAsync(original);
            var rival = (tx with { Value = tx.Value + 1UL }).SignAsync(signer).AsTask();
            var signed = await rival;
            var prepared = original with { TransactionId = new ChainTransactionId(signed.Hash.ToString()), RawTransaction = signed.RawBytes.ToArray() };
            var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.SubmitAsync(prepared));
            Assert.Equal("replacement transaction underpriced", ex.ErrorCode);
        }
        finally
        {
            await Node.SetAutomineAsync(true);
            await Node.MineAsync();
        }
    }

    [Fact]
    public async Task AccelerateAsync_LegacyTransactionPending_RaisesGasPriceAndReplacementWins()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var options = TestChain.Options(Node, signer, chain.Contract, confirmations: 1);
        options.UseLegacyTransactions = true;
        using var provider = TestChain.Provider(options);
        var original = await provider.PrepareAsync(TestChain.NativeBatch(provider, "legacy-1", (TestChain.RandomAddress(), 77, "legacy")));
        var old = Assert.IsType<LegacyTransaction>(SignedTransaction.Decode(original.RawTransaction.Span).Transaction);
        Assert.Equal(AnvilNode.ChainId, old.ChainId);

        PreparedTransaction replacement;
        await Node.SetAutomineAsync(false);
        try
        {
            Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(original));
            replacement = (await provider.AccelerateAsync(original)).Transaction;
            var bumped = Assert.IsType<LegacyTransaction>(SignedTransaction.Decode(replacement.RawTransaction.Span).Transaction);
            Assert.Equal(old.Nonce, bumped.Nonce);
            Assert.True(bumped.GasPrice * 8UL >= old.GasPrice * 9UL, "gas price raised by at least 12.5 %");
            Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(replacement));
            await Node.MineAsync();
        }
        finally
        {
            await Node.SetAutomineAsync(true);
        }

        Assert.Equal(SettlementState.Final, (await provider.GetStatusAsync(replacement)).State);
        var loser = await provider.GetStatusAsync(original);
        Assert.Equal(SettlementState.Conflicted, loser.State);
        Assert.Equal(replacement.TransactionId, loser.ReplacedBy);
    }
}
