using System.Security.Cryptography;
using EnergySettlement.Chains;

namespace EnergySettlement.Testing.Tests.Provider;

public class SimulatedChainProviderTests
{
    [Fact]
    public async Task PrepareAsync_SameBatchOnSameChainState_GivesSameTransaction()
    {
        var first = new ChainHarness();
        var second = new ChainHarness();

        var a = await first.Provider.PrepareAsync(first.Batch("b-1", 500, 300));
        var again = await first.Provider.PrepareAsync(first.Batch("b-1", 500, 300));
        var b = await second.Provider.PrepareAsync(second.Batch("b-1", 500, 300));

        Assert.Equal(a.TransactionId, again.TransactionId);
        Assert.Equal(a.TransactionId, b.TransactionId);
        Assert.True(a.RawTransaction.Span.SequenceEqual(b.RawTransaction.Span));
    }

    [Fact]
    public async Task PrepareAsync_AnyContentChange_ChangesTransactionId()
    {
        var h = new ChainHarness();
        var baseline = await new SimulatedChainProvider(h.Chain).PrepareAsync(h.Batch("b-1", 500));
        var otherAmount = await new SimulatedChainProvider(h.Chain).PrepareAsync(h.Batch("b-1", 501));
        var otherBatch = await new SimulatedChainProvider(h.Chain).PrepareAsync(h.Batch("b-2", 500));

        Assert.NotEqual(baseline.TransactionId, otherAmount.TransactionId);
        Assert.NotEqual(baseline.TransactionId, otherBatch.TransactionId);
    }

    [Fact]
    public async Task PrepareAsync_TransactionId_IsSha256OfRawBytes()
    {
        var h = new ChainHarness();
        var tx = await h.Provider.PrepareAsync(h.Batch("b-1", 500));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(tx.RawTransaction.Span)), tx.TransactionId.Value);
        Assert.Equal(h.Chain.ChainId, tx.ChainId);
        Assert.Equal(new SettlementBatchId("b-1"), tx.BatchId);
        Assert.Equal(0UL, tx.Sequence);
        Assert.Equal(h.Units(1000 + 100), tx.MaxFee);
    }

    [Fact]
    public async Task PrepareAsync_ConsecutiveBatches_TakeConsecutiveSequences()
    {
        var h = new ChainHarness();
        var first = await h.PayAsync(h.Batch("b-1", 500));
        var second = await h.PayAsync(h.Batch("b-2", 700));

        Assert.Equal(0UL, first.Sequence);
        Assert.Equal(1UL, second.Sequence);
        var block = h.Chain.MineBlock();
        Assert.Equal([first.TransactionId, second.TransactionId], block.TransactionIds);
        Assert.Equal(1200, h.Balance(h.Alice));
    }

    [Fact]
    public async Task SubmitAsync_Accepted_MovesNoMoneyUntilIncluded()
    {
        var h = new ChainHarness();
        var tx = await h.PayAsync(h.Batch("b-1", 500, 300));

        Assert.Equal(SettlementState.Pending, (await h.StatusAsync(tx)).State);
        Assert.Equal(ChainHarness.PayerFunds, h.Balance(h.Payer));
        Assert.Equal(0, h.Balance(h.Alice));
        Assert.Equal([tx.TransactionId], h.Chain.Mempool);
    }

    [Fact]
    public async Task MineBlock_IncludesTransaction_DebitsPayoutsAndFeeAndCreditsPayees()
    {
        var h = new ChainHarness();
        var tx = await h.PayAsync(h.Batch("b-1", 500, 300));

        var block = h.Chain.MineBlock();

        Assert.Equal([tx.TransactionId], block.TransactionIds);
        Assert.Equal(ChainHarness.PayerFunds - 800 - 1200, h.Balance(h.Payer));
        Assert.Equal(500, h.Balance(h.Alice));
        Assert.Equal(300, h.Balance(h.Bob));
        Assert.Equal(h.Units(1200), h.Chain.FeesBurned);
        Assert.Empty(h.Chain.Mempool);
        Assert.True(h.Chain.TryGetSettlement(new SettlementBatchId("b-1"), out var settledBy));
        Assert.Equal(tx.TransactionId, settledBy);
        h.AssertConserved();
    }

    [Fact]
    public async Task GetStatusAsync_EachBlock_AddsOneConfirmationUntilFinal()
    {
        var h = new ChainHarness(o => o.ConfirmationsForFinality = 3);
        var tx = await h.PayAsync(h.Batch("b-1", 500));

        var block = h.Chain.MineBlock();
        var one = await h.StatusAsync(tx);
        h.Chain.MineBlock();
        var two = await h.StatusAsync(tx);
        h.Chain.MineBlock();
        var three = await h.StatusAsync(tx);

        Assert.Equal((SettlementState.Included, 1), (one.State, one.Confirmations));
        Assert.Equal((SettlementState.Included, 2), (two.State, two.Confirmations));
        Assert.Equal((SettlementState.Final, 3), (three.State, three.Confirmations));
        Assert.Equal(block.Hash, three.BlockHash);
        Assert.Equal((ulong)block.Height, three.BlockNumber);
        Assert.True(three.IsFinal);
    }

    [Fact]
    public async Task GetStatusAsync_OneConfirmationForFinality_IsFinalOnInclusion()
    {
        var h = new ChainHarness(o => o.ConfirmationsForFinality = 1);
        var tx = await h.PayAsync(h.Batch("b-1", 500));
        h.Chain.MineBlock();

        Assert.Equal(SettlementState.Final, (await h.StatusAsync(tx)).State);
        Assert.Equal(FinalityModel.Immediate, h.Provider.Capabilities.Finality);
    }

    [Fact]
    public async Task GetStatusAsync_NeverSubmitted_IsUnknown()
    {
        var h = new ChainHarness();
        var tx = await h.Provider.PrepareAsync(h.Batch("b-1", 500));

        Assert.Equal(SettlementState.Unknown, (await h.StatusAsync(tx)).State);
    }

    [Fact]
    public async Task SubmitAsync_SameTransactionAgain_IsAlreadyKnownWhilePendingAndAfterInclusion()
    {
        var h = new ChainHarness();
        var tx = await h.PayAsync(h.Batch("b-1", 500));

        var whilePending = await h.Provider.SubmitAsync(tx);
        h.Chain.MineBlock();
        var afterInclusion = await h.Provider.SubmitAsync(tx);
        h.Chain.MineBlock();

        Assert.Equal(SubmissionResult.AlreadyKnown, whilePending);
        Assert.Equal(SubmissionResult.AlreadyKnown, afterInclusion);
        Assert.Equal(500, h.Balance(h.Alice));
        h.AssertConserved();
    }

    [Fact]
    public async Task PrepareAsync_SameBatchAfterInclusion_ReturnsTheIncludedTransaction()
    {
        var h = new ChainHarness();
        var tx = await h.PayAsync(h.Batch("b-1", 500));
        h.Chain.MineBlock();

        var again = await h.Provider.PrepareAsync(h.Batch("b-1", 500));

        Assert.Equal(tx.TransactionId, again.TransactionId);
        Assert.Equal(SubmissionResult.AlreadyKnown, await h.Provider.SubmitAsync(again));
    }

    [Fact]
    public async Task SubmitAsync_BatchAlreadySettled_IsRefusedAndPaysNothing()
    {
        var h = new ChainHarness();
        await h.PayAsync(h.Batch("b-1", 500));
        var otherProvider = new SimulatedChainProvider(h.Chain);
        var duplicate = await otherProvider.PrepareAsync(h.Batch("b-1", 500));
        h.Chain.MineBlock();
        var payerBefore = h.Balance(h.Payer);

        var error = await Assert.ThrowsAsync<TransactionRejectedException>(() => otherProvider.SubmitAsync(duplicate));
        h.Chain.MineBlock();

        Assert.Equal("batch-already-settled", error.ErrorCode);
        Assert.False(error.IsTransient);
        Assert.Equal(500, h.Balance(h.Alice));
        Assert.Equal(payerBefore, h.Balance(h.Payer));
        h.AssertConserved();
    }

    [Fact]
    public async Task PrepareAsync_BatchSettledByAnotherProvider_ReturnsTheSettlingTransaction()
    {
        var h = new ChainHarness();
        var settled = await h.PayAsync(h.Batch("b-1", 500));
        h.Chain.MineBlock();

        var again = await new SimulatedChainProvider(h.Chain).PrepareAsync(h.Batch("b-1", 500));

        Assert.Equal(settled.TransactionId, again.TransactionId);
        Assert.Equal(SubmissionResult.AlreadyKnown, await h.Provider.SubmitAsync(again));
        Assert.Equal(500, h.Balance(h.Alice));
    }

    [Fact]
    public async Task MineBlock_TwoPendingTransactionsForOneBatch_PaysOnceAndMarksTheOtherConflicted()
    {
        var h = new ChainHarness();
        var first = await h.PayAsync(h.Batch("b-1", 500));
        var secondProvider = new SimulatedChainProvider(h.Chain);
        var second = await secondProvider.PrepareAsync(h.Batch("b-1", 500));
        Assert.NotEqual(first.TransactionId, second.TransactionId);
        Assert.Equal(SubmissionResult.Accepted, await secondProvider.SubmitAsync(second));

        h.Chain.MineBlock();
        var status = await h.StatusAsync(second);

        Assert.Equal(500, h.Balance(h.Alice));
        Assert.Equal(SettlementState.Included, (await h.StatusAsync(first)).State);
        Assert.Equal(SettlementState.Conflicted, status.State);
        Assert.Equal(first.TransactionId, status.ReplacedBy);
        Assert.Equal(ChainHarness.PayerFunds - 500 - (2 * 1100), h.Balance(h.Payer));
        h.AssertConserved();
    }

    [Fact]
    public async Task SubmitAsync_PayerCannotCover_ThrowsInsufficientFundsAndLeavesMempoolEmpty()
    {
        var h = new ChainHarness();
        var tx = await h.Provider.PrepareAsync(h.Batch("b-1", ChainHarness.PayerFunds));

        var error = await Assert.ThrowsAsync<InsufficientFundsException>(() => h.Provider.SubmitAsync(tx));

        Assert.Equal(h.Payer, error.Account);
        Assert.Empty(h.Chain.Mempool);
        Assert.Equal(SettlementState.Unknown, (await h.StatusAsync(tx)).State);
    }

    [Fact]
    public async Task SubmitAsync_PendingTransactionsUseUpFunds_RefusesTheOneThatCannotBeCovered()
    {
        var h = new ChainHarness();
        await h.PayAsync(h.Batch("b-1", 600_000));
        var tx = await h.Provider.PrepareAsync(h.Batch("b-2", 600_000));

        await Assert.ThrowsAsync<InsufficientFundsException>(() => h.Provider.SubmitAsync(tx));
    }

    [Fact]
    public async Task MineBlock_TokenBatch_MovesTokensAndChargesFeeInNativeCoin()
    {
        var h = new ChainHarness();
        h.Chain.Fund(h.Payer, new Money(10_000, h.Usds));
        var tx = await h.PayAsync(h.Batch("b-1", h.Payer, h.Usds, 2_500, 1_500));
        h.Chain.MineBlock();

        Assert.Equal(new Money(6_000, h.Usds), h.Chain.GetBalance(h.Payer, h.Usds));
        Assert.Equal(new Money(2_500, h.Usds), h.Chain.GetBalance(h.Alice, h.Usds));
        Assert.Equal(ChainHarness.PayerFunds - 1200, h.Balance(h.Payer));
        Assert.Equal(h.Units(1200), tx.MaxFee);
        h.AssertConserved();
    }

    [Fact]
    public async Task SubmitAsync_OtherTransactionAtPendingSequenceWithoutHigherFee_IsRejectedAsUnderpriced()
    {
        var h = new ChainHarness();
        var rival = new SimulatedChainProvider(h.Chain);
        var competing = await rival.PrepareAsync(h.Batch("b-2", 700));
        var first = await h.PayAsync(h.Batch("b-1", 500));

        var error = await Assert.ThrowsAsync<TransactionRejectedException>(() => rival.SubmitAsync(competing));

        Assert.Equal(first.Sequence, competing.Sequence);
        Assert.Equal("replacement-underpriced", error.ErrorCode);
        Assert.Equal([first.TransactionId], h.Chain.Mempool);
    }

    [Fact]
    public async Task PrepareAsync_PayeeAddressBreaksRule_ThrowsInvalidAddressException()
    {
        var h = new ChainHarness();
        var upper = SettlementAccount.Create(h.Chain.ChainId, "Alice");
        var batch = new SettlementBatch(new SettlementBatchId("b-1"), h.Payer, h.Sim, [new Payout(upper, h.Units(5))]);

        var error = await Assert.ThrowsAsync<InvalidAddressException>(() => h.Provider.PrepareAsync(batch));

        Assert.Equal(upper, error.Account);
        Assert.Throws<InvalidAddressException>(() => h.Provider.ValidateAddress(SettlementAccount.Create(h.Chain.ChainId, "9lives")));
        h.Provider.ValidateAddress(h.Chain.Account("home-42"));
    }

    [Fact]
    public async Task PrepareAsync_BatchForAnotherChain_ThrowsArgumentException()
    {
        var h = new ChainHarness();
        var other = new ChainHarness(o => o.ChainId = ChainId.Parse("sim:other"));

        await Assert.ThrowsAsync<ArgumentException>(() => h.Provider.PrepareAsync(other.Batch("b-1", 5)));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Provider.QuoteAsync(other.Batch("b-1", 5)));
    }

    [Fact]
    public async Task PrepareAsync_AssetTheChainDoesNotCarry_ThrowsArgumentException()
    {
        var h = new ChainHarness();
        var foreign = new Asset(AssetId.Parse("sim:local/token:EURS"), 2, "EURS");

        await Assert.ThrowsAsync<ArgumentException>(() => h.Provider.PrepareAsync(h.Batch("b-1", h.Payer, foreign, 5)));
    }

    [Fact]
    public async Task QuoteAsync_Batch_ChargesBaseFeePlusFeePerPayout()
    {
        var h = new ChainHarness(o =>
        {
            o.BaseFee = 2_000;
            o.FeePerPayout = 250;
        });

        var quote = await h.Provider.QuoteAsync(h.Batch("b-1", 5, 7));

        Assert.True(quote.Fits);
        Assert.Null(quote.Reason);
        Assert.Equal(h.Units(2_500), quote.EstimatedFee);
    }

    [Fact]
    public async Task QuoteAsync_TooManyPayouts_DoesNotFitAndPrepareRefuses()
    {
        var h = new ChainHarness(o => o.MaxPayoutsPerTransaction = 1);
        var batch = h.Batch("b-1", 5, 7);

        var quote = await h.Provider.QuoteAsync(batch);

        Assert.False(quote.Fits);
        Assert.Contains("at most 1", quote.Reason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Provider.PrepareAsync(batch));
    }

    [Fact]
    public async Task QuoteAsync_ReferencesLongerThanMemo_DoesNotFit()
    {
        var h = new ChainHarness(o => o.MaxMemoBytes = 4);

        var quote = await h.Provider.QuoteAsync(h.Batch("b-1", 5));

        Assert.False(quote.Fits);
        Assert.Contains("memo", quote.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_SameBatchIdWithOtherPayouts_ThrowsArgumentException()
    {
        var h = new ChainHarness();
        await h.Provider.PrepareAsync(h.Batch("b-1", 5));

        await Assert.ThrowsAsync<ArgumentException>(() => h.Provider.PrepareAsync(h.Batch("b-1", 6)));
    }

    [Fact]
    public async Task SubmitAsync_TamperedBytes_ThrowsArgumentExceptionAndGarbageIsRejectedAsMalformed()
    {
        var h = new ChainHarness();
        var tx = await h.Provider.PrepareAsync(h.Batch("b-1", 5));
        var tampered = tx.RawTransaction.ToArray();
        tampered[^1] ^= 1;
        byte[] garbage = [1, 2, 3];

        await Assert.ThrowsAsync<ArgumentException>(() => h.Provider.SubmitAsync(tx with { RawTransaction = tampered }));
        var error = await Assert.ThrowsAsync<TransactionRejectedException>(() => h.Provider.SubmitAsync(tx with
        {
            RawTransaction = garbage,
            TransactionId = new ChainTransactionId(Convert.ToHexStringLower(SHA256.HashData(garbage))),
        }));
        Assert.Equal("malformed", error.ErrorCode);
        Assert.Empty(h.Chain.Mempool);
    }

    [Fact]
    public async Task SubmitAsync_TransactionReadBackByAnotherProvider_IsAccepted()
    {
        var h = new ChainHarness();
        var tx = await h.Provider.PrepareAsync(h.Batch("b-1", 5));
        var journaled = tx with { RawTransaction = tx.RawTransaction.ToArray() };

        Assert.Equal(SubmissionResult.Accepted, await new SimulatedChainProvider(h.Chain).SubmitAsync(journaled));
    }

    [Fact]
    public async Task GetBalanceAsync_AfterPayment_ReportsTheChainBalance()
    {
        var h = new ChainHarness();
        await h.PayAsync(h.Batch("b-1", 500));
        h.Chain.MineBlock();

        Assert.True(h.Provider.CanQueryBalance);
        Assert.Equal(h.Units(500), await h.Provider.GetBalanceAsync(h.Alice, h.Sim));
    }

    [Fact]
    public void Capabilities_FromOptions_DescribeTheChain()
    {
        var h = new ChainHarness(o =>
        {
            o.MaxPayoutsPerTransaction = 7;
            o.MaxMemoBytes = 0;
            o.BlockInterval = TimeSpan.FromSeconds(2);
            o.ConfirmationsForFinality = 5;
        });

        var caps = h.Provider.Capabilities;

        Assert.Equal("sim:local", h.Provider.ChainId.ToString());
        Assert.Equal("sim:local/native:SIM", caps.NativeAsset.Id.ToString());
        Assert.Equal([h.Sim, h.Usds], caps.Assets);
        Assert.Equal(7, caps.MaxPayoutsPerTransaction);
        Assert.False(caps.SupportsMemo);
        Assert.Equal(FinalityModel.Confirmations, caps.Finality);
        Assert.Equal(TimeSpan.FromSeconds(10), caps.TypicalTimeToFinality);
        Assert.Equal(h.Units(1100), caps.TypicalFee);
    }
}
