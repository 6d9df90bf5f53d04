using EnergySettlement.Chains;

namespace EnergySettlement.Testing.Tests.Faults;

/// <summary>One test per fault: the observable behaviour, and that nothing is paid twice and nothing is lost.</summary>
public class SimulatedFaultPlanTests
{
    [Fact]
    public async Task NextSubmitTimesOutButAccepts_Submit_ThrowsTransientTimeoutButTransactionIsPendingAndRetryIsAlreadyKnown()
    {
        var h = new ChainHarness();
        var tx = await h.Provider.PrepareAsync(h.Batch("b-1", 500));
        h.Chain.Faults.NextSubmitTimesOutButAccepts();

        var error = await Assert.ThrowsAsync<ChainUnavailableException>(() => h.Provider.SubmitAsync(tx));
        var status = await h.StatusAsync(tx);
        var retry = await h.Provider.SubmitAsync(tx);
        h.Chain.MineBlocks(2);

        Assert.True(error.IsTransient);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Equal(SettlementState.Pending, status.State);
        Assert.Equal(SubmissionResult.AlreadyKnown, retry);
        Assert.Equal(500, h.Balance(h.Alice));
        h.AssertConserved();
    }

    [Fact]
    public async Task RejectNextSubmit_Submit_ThrowsWithCodeAndNothingEntersTheMempool()
    {
        var h = new ChainHarness();
        var tx = await h.Provider.PrepareAsync(h.Batch("b-1", 500));
        h.Chain.Faults.RejectNextSubmit("non-standard");

        var error = await Assert.ThrowsAsync<TransactionRejectedException>(() => h.Provider.SubmitAsync(tx));
        h.Chain.MineBlock();
        var afterRejection = await h.StatusAsync(tx);
        var second = await h.Provider.SubmitAsync(tx);
        h.Chain.MineBlock();

        Assert.Equal("non-standard", error.ErrorCode);
        Assert.False(error.IsTransient);
        Assert.Equal(SettlementState.Unknown, afterRejection.State);
        Assert.Equal(SubmissionResult.Accepted, second);
        Assert.Equal(500, h.Balance(h.Alice));
        h.AssertConserved();
    }

    [Fact]
    public async Task Unreachable_ForTwoCalls_FailsExactlyThoseCallsAndChangesNothing()
    {
        var h = new ChainHarness();
        var tx = await h.Provider.PrepareAsync(h.Batch("b-1", 500));
        h.Chain.Faults.Unreachable(calls: 2);

        var submit = await Assert.ThrowsAsync<ChainUnavailableException>(() => h.Provider.SubmitAsync(tx));
        var status = await Assert.ThrowsAsync<ChainUnavailableException>(() => h.Provider.GetStatusAsync(tx));
        Assert.Empty(h.Chain.Mempool);
        var third = await h.Provider.SubmitAsync(tx);
        h.Chain.MineBlock();

        Assert.True(submit.IsTransient);
        Assert.True(status.IsTransient);
        Assert.Equal(SubmissionResult.Accepted, third);
        Assert.Equal(500, h.Balance(h.Alice));
        h.AssertConserved();
    }

    [Fact]
    public async Task Unreachable_ForADuration_FailsEveryCallUntilTheClockPassesIt()
    {
        var h = new ChainHarness();
        var batch = h.Batch("b-1", 500);
        h.Chain.Faults.Unreachable(TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<ChainUnavailableException>(() => h.Provider.QuoteAsync(batch));
        await Assert.ThrowsAsync<ChainUnavailableException>(() => h.Provider.PrepareAsync(batch));
        await Assert.ThrowsAsync<ChainUnavailableException>(() => h.Provider.GetBalanceAsync(h.Alice, h.Sim));
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.PayAsync(batch);
        h.Chain.MineBlock();

        Assert.Equal(500, h.Balance(h.Alice));
        h.AssertConserved();
    }

    [Fact]
    public async Task DropFromMempool_PendingTransaction_IsDroppedAndResubmittingTheSameBytesPaysOnce()
    {
        var h = new ChainHarness();
        var tx = await h.PayAsync(h.Batch("b-1", 500));

        Assert.True(h.Chain.Faults.DropFromMempool(tx.TransactionId));
        h.Chain.MineBlock();
        var dropped = await h.StatusAsync(tx);
        var resubmitted = await h.Provider.SubmitAsync(tx);
        h.Chain.MineBlock();

        Assert.Equal(SettlementState.Dropped, dropped.State);
        Assert.Empty(h.Chain.GetBlock(1).TransactionIds);
        Assert.Equal(SubmissionResult.Accepted, resubmitted);
        Assert.Equal(SettlementState.Included, (await h.StatusAsync(tx)).State);
        Assert.Equal(500, h.Balance(h.Alice));
        Assert.False(h.Chain.Faults.DropFromMempool(tx.TransactionId));
        h.AssertConserved();
    }

    [Fact]
    public async Task Reorg_ConfirmedTransactionReturnsToMempool_UndoesPaymentThenPaysOnceInANewBlock()
    {
        var h = new ChainHarness();
        var tx = await h.PayAsync(h.Batch("b-1", 500));
        var original = h.Chain.MineBlock();
        h.Chain.MineBlock();
        var confirmed = await h.StatusAsync(tx);

        var removed = h.Chain.Faults.Reorg(2);
        var afterReorg = await h.StatusAsync(tx);
        var aliceAfterReorg = h.Balance(h.Alice);
        var replacement = h.Chain.MineBlock();
        var reincluded = await h.StatusAsync(tx);

        Assert.Equal(2, confirmed.Confirmations);
        Assert.Equal([tx.TransactionId], removed);
        Assert.Equal(SettlementState.Pending, afterReorg.State);
        Assert.Equal(0, aliceAfterReorg);
        Assert.Equal(SettlementState.Included, reincluded.State);
        Assert.Equal(1, reincluded.Confirmations);
        Assert.NotEqual(original.Hash, replacement.Hash);
        Assert.Equal(replacement.Hash, reincluded.BlockHash);
        Assert.Equal(500, h.Balance(h.Alice));
        h.AssertConserved();
    }

    [Fact]
    public async Task Reorg_DropsTransactionAndAConflictingSpendTakesItsSequence_ReportsConflictedAndPaysOnce()
    {
        var h = new ChainHarness();
        var tx = await h.PayAsync(h.Batch("b-1", 500));
        h.Chain.MineBlocks(2);

        h.Chain.Faults.Reorg(2, SimulatedReorgMode.Drop);
        var dropped = await h.StatusAsync(tx);
        var rival = new SimulatedChainProvider(h.Chain);
        var conflicting = await rival.PrepareAsync(h.Batch("b-2", 300));
        await rival.SubmitAsync(conflicting);
        h.Chain.MineBlock();
        var conflicted = await h.StatusAsync(tx);
        var resend = await Assert.ThrowsAsync<TransactionRejectedException>(() => h.Provider.SubmitAsync(tx));
        var reprepared = await h.Provider.PrepareAsync(h.Batch("b-1", 500));
        await h.Provider.SubmitAsync(reprepared);
        h.Chain.MineBlock();

        Assert.Equal(SettlementState.Dropped, dropped.State);
        Assert.Equal(tx.Sequence, conflicting.Sequence);
        Assert.Equal(SettlementState.Conflicted, conflicted.State);
        Assert.Equal(conflicting.TransactionId, conflicted.ReplacedBy);
        Assert.Equal("sequence-used", resend.ErrorCode);
        Assert.NotEqual(tx.Sequence, reprepared.Sequence);
        Assert.Equal(800, h.Balance(h.Alice));
        Assert.Equal(ChainHarness.PayerFunds - 800 - 2200, h.Balance(h.Payer));
        h.AssertConserved();
    }

    [Fact]
    public async Task FeeSpike_PendingTransactionBelowNewFee_IsStuckUntilRepreparedThenPaysOnce()
    {
        var h = new ChainHarness();
        var cheap = await h.PayAsync(h.Batch("b-1", 500));
        h.Chain.Faults.FeeSpike(multiplier: 5);

        var quote = await h.Provider.QuoteAsync(h.Batch("b-1", 500));
        h.Chain.MineBlock();
        var stuck = await h.StatusAsync(cheap);
        var bumped = await h.Provider.PrepareAsync(h.Batch("b-1", 500));
        await h.Provider.SubmitAsync(bumped);
        var replaced = await h.StatusAsync(cheap);
        h.Chain.MineBlock();

        Assert.Equal(h.Units(5 * 1100), quote.EstimatedFee);
        Assert.Equal(SettlementState.Pending, stuck.State);
        Assert.Contains("Stuck", stuck.Detail, StringComparison.Ordinal);
        Assert.Equal(cheap.Sequence, bumped.Sequence);
        Assert.Equal(h.Units(5 * 1100), bumped.MaxFee);
        Assert.Equal(SettlementState.Conflicted, replaced.State);
        Assert.Equal(bumped.TransactionId, replaced.ReplacedBy);
        Assert.Equal(SettlementState.Included, (await h.StatusAsync(bumped)).State);
        Assert.Equal(SettlementState.Conflicted, (await h.StatusAsync(cheap)).State);
        Assert.Equal(500, h.Balance(h.Alice));
        Assert.Equal(ChainHarness.PayerFunds - 500 - 5500, h.Balance(h.Payer));
        h.AssertConserved();
    }

    [Fact]
    public async Task FeeSpike_WithDuration_EndsOnTheClockAndTheOriginalTransactionIsIncluded()
    {
        var h = new ChainHarness();
        var tx = await h.PayAsync(h.Batch("b-1", 500));
        h.Chain.Faults.FeeSpike(multiplier: 3, duration: TimeSpan.FromMinutes(1));

        h.Chain.MineBlock();
        var during = await h.StatusAsync(tx);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        h.Chain.MineBlock();

        Assert.Equal(SettlementState.Pending, during.State);
        Assert.Equal(1, h.Chain.Faults.FeeMultiplier);
        Assert.Equal(SettlementState.Included, (await h.StatusAsync(tx)).State);
        Assert.Equal(500, h.Balance(h.Alice));
        h.AssertConserved();
    }

    [Fact]
    public async Task Clear_PlannedFaults_AreCancelled()
    {
        var h = new ChainHarness();
        var tx = await h.Provider.PrepareAsync(h.Batch("b-1", 500));
        h.Chain.Faults.Unreachable(calls: 3).RejectNextSubmit("x").NextSubmitTimesOutButAccepts().FeeSpike(4);

        h.Chain.Faults.Clear();

        Assert.Equal(SubmissionResult.Accepted, await h.Provider.SubmitAsync(tx));
        Assert.Equal(1, h.Chain.Faults.FeeMultiplier);
    }
}
