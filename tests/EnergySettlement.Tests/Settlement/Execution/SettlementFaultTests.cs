using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using EnergySettlement.Testing;

namespace EnergySettlement.Tests.Settlement.Execution;

/// <summary>Fault injection with the simulated chain: every fault ends with each batch paid exactly once.</summary>
public sealed class SettlementFaultTests
{
    [Fact]
    public async Task SubmitTimesOutAfterTheNodeAccepted_RetryFindsItKnownAndTheBatchIsPaidOnce()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        rig.Chain.Faults.NextSubmitTimesOutButAccepts();

        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        var history = await rig.BatchAsync("b-1");
        Assert.Equal(BatchState.Final, history.State);
        Assert.Equal(nameof(SubmissionResult.AlreadyKnown), history.Transitions.Single(t => t.Kind == BatchTransitionKind.Submitted).Detail);
        Assert.Equal(700, rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task SubmitTimesOutWithoutRetries_TheNextPassSendsTheSameBytesAndThePaymentIsMadeOnce()
    {
        using var rig = new SettlementRig(configure: o => o.MaxRetryAttempts = 0);
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        rig.Chain.Faults.NextSubmitTimesOutButAccepts();

        var first = await rig.Service.ProcessAsync();
        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        var history = await rig.BatchAsync("b-1");
        Assert.Equal([rig.Chain.ChainId], first.UnavailableChains);
        Assert.Single(history.Transactions);
        Assert.Equal(BatchState.Final, history.State);
        Assert.Single(rig.Chain.GetSettlements(new SettlementBatchId("b-1")));
        Assert.Equal(700, rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task TransactionDroppedFromTheMempool_IsSentAgainUnchangedAndPaidOnce()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        await rig.Service.ProcessAsync();
        var tx = (await rig.BatchAsync("b-1")).LiveTransactions.Single().Id;

        Assert.True(rig.Chain.Faults.DropFromMempool(tx));
        await rig.Service.ProcessAsync();
        var afterDrop = await rig.BatchAsync("b-1");
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        Assert.Contains(afterDrop.Transitions, t => t.ChainState == SettlementState.Dropped);
        Assert.Equal(2, rig.Events.Count(e => e == $"chain:submit:b-1:{tx}"));
        Assert.Equal(tx, (await rig.BatchAsync("b-1")).SettledBy?.Id);
        Assert.Equal(700, rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task TransactionDroppedPastTheTimeout_IsAbandonedReleasedAndTheBatchReplannedAndPaidOnce()
    {
        using var rig = new SettlementRig(chain => chain.EnforceUniqueBatchIds = false);
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        await rig.Service.ProcessAsync();
        var first = (await rig.BatchAsync("b-1")).LiveTransactions.Single().Id;
        rig.Chain.Faults.DropFromMempool(first);

        // The node refuses the re-sent bytes every time, so the transaction stays dropped past the 30-minute timeout.
        for (var i = 0; i < 4; i++)
        {
            rig.Chain.Faults.RejectNextSubmit("mempool-full");
            await rig.Service.ProcessAsync();
            rig.Time.Advance(TimeSpan.FromMinutes(11));
        }

        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        var history = await rig.BatchAsync("b-1");
        Assert.Equal(BatchState.Final, history.State);
        Assert.Contains(history.Transitions, t => t.Kind == BatchTransitionKind.Abandoned && t.ChainState == SettlementState.Dropped);
        Assert.Contains(history.Transitions, t => t.Kind == BatchTransitionKind.Released && t.TransactionId == first);
        Assert.Contains(first, rig.Provider.Released);
        Assert.Equal(1, history.Attempt);
        Assert.Single(rig.Chain.GetSettlements(new SettlementBatchId("b-1")));
        Assert.Equal(700, rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task ReorgAfterFinal_ReversesTheReceiptSendsTheSameBytesAgainAndPaysOnce()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();
        var tx = (await rig.BatchAsync("b-1")).SettledBy!.Id;

        rig.Chain.Faults.Reorg(3, SimulatedReorgMode.Drop);
        await rig.Service.ProcessAsync();
        var reopened = (await rig.BatchAsync("b-1")).State;
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        var receipts = await rig.Service.GetReceiptsAsync(0, 10);
        Assert.Equal(BatchState.Submitted, reopened);
        Assert.Equal([SettlementReceiptKind.Paid, SettlementReceiptKind.Reversed, SettlementReceiptKind.Paid], receipts.Select(r => r.Kind));
        Assert.Equal(tx, (await rig.BatchAsync("b-1")).SettledBy?.Id);
        Assert.Single(rig.Chain.GetSettlements(new SettlementBatchId("b-1")));
        Assert.Equal(700, rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task ReorgAfterTheWatchEnded_IsNotChecked()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();
        rig.Time.Advance(TimeSpan.FromHours(2));

        var calls = rig.Events.Count;
        var pass = await rig.Service.ProcessAsync();

        Assert.Equal(0, pass.Batches);
        Assert.Equal(calls, rig.Events.Count);
    }

    [Fact]
    public async Task FeeSpike_StuckTransactionIsReplacedAtTheSameSequenceAndTheReplacementPays()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        await rig.Service.ProcessAsync();
        var stuck = (await rig.BatchAsync("b-1")).LiveTransactions.Single();
        rig.Chain.Faults.FeeSpike(8);
        rig.Chain.MineBlocks(2);
        rig.Time.Advance(TimeSpan.FromMinutes(11));

        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        var history = await rig.BatchAsync("b-1");
        var replacement = history.Transactions.Single(t => t.Role == TransactionRole.Replacement);
        Assert.Equal(stuck.Id, replacement.Accelerates);
        Assert.Equal(stuck.Transaction.Sequence, replacement.Transaction.Sequence);
        Assert.True(replacement.Transaction.MaxFee > stuck.Transaction.MaxFee);
        Assert.Equal(replacement.Id, history.SettledBy?.Id);
        Assert.Equal(SettlementState.Conflicted, history.FindTransaction(stuck.Id)?.ChainState);
        Assert.True(rig.Events.IndexOf($"journal:Accelerated:b-1:{replacement.Id}:Submitted") < rig.Events.IndexOf($"chain:submit:b-1:{replacement.Id}"));
        Assert.Single(rig.Chain.GetSettlements(new SettlementBatchId("b-1")));
        Assert.Equal(700, rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task FeeSpike_ReplacementRefusedByTheNode_TheOriginalStillPaysOnceTheSpikeEnds()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        await rig.Service.ProcessAsync();
        var original = (await rig.BatchAsync("b-1")).LiveTransactions.Single().Id;
        rig.Chain.Faults.FeeSpike(8);
        rig.Time.Advance(TimeSpan.FromMinutes(11));
        rig.Chain.Faults.RejectNextSubmit("policy");

        await rig.Service.ProcessAsync();
        rig.Chain.Faults.EndFeeSpike();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        var history = await rig.BatchAsync("b-1");
        var replacement = history.Transactions.Single(t => t.Role == TransactionRole.Replacement);
        Assert.True(replacement.IsAbandoned);
        Assert.Null(replacement.FirstSubmittedAt);
        Assert.Equal(BatchState.Final, history.State);
        Assert.Equal(original, history.SettledBy?.Id);
        Assert.Equal(700, rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task HoursLongOutage_BatchesWaitInTheJournalAndGoOutOldestFirstWhenTheChainReturns()
    {
        using var rig = new SettlementRig();
        rig.Chain.Faults.Unreachable(TimeSpan.FromHours(5));
        for (var window = 0; window < 8; window++)
        {
            await rig.Service.ScheduleAsync([rig.Batch($"w{window}", ("alice", 100 + window))]);
            var pass = await rig.Service.ProcessAsync();
            Assert.Equal([rig.Chain.ChainId], pass.UnavailableChains);
            rig.Time.Advance(TimeSpan.FromMinutes(30));
        }

        var waiting = await rig.Journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue);
        rig.Time.Advance(TimeSpan.FromHours(2));
        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        var last = await rig.Service.ProcessAsync();

        Assert.All(waiting, b => Assert.Equal(BatchState.Planned, b.State));
        Assert.Equal(8, waiting.Count);
        Assert.True(last.AllFinal);
        var sequences = new List<ulong>();
        for (var window = 0; window < 8; window++)
        {
            sequences.Add((await rig.BatchAsync($"w{window}")).SettledBy!.Transaction.Sequence!.Value);
        }

        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(Enumerable.Range(0, 8).Sum(w => 100 + w), rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task OutageOfOneChain_OtherChainsSettleMeanwhile()
    {
        using var rig = new SettlementRig();
        var second = new SimulatedChain(new SimulatedChainOptions { ChainId = ChainId.Parse("sim:second") }, rig.Time);
        var payer2 = second.Account("payer");
        second.Fund(payer2, new Money(1_000_000_000, second.NativeAsset));
        var service = new SettlementService(rig.Journal, new ChainProviderRegistry([new SimulatedChainProvider(rig.Chain), new SimulatedChainProvider(second)]), rig.Options, rig.Time);
        var onSecond = new SettlementBatch(new SettlementBatchId("s-1"), payer2, second.NativeAsset, [new Payout(second.Account("carol"), new Money(55, second.NativeAsset))]);
        await service.ScheduleAsync([rig.Batch("b-1", ("alice", 700)), onSecond]);
        rig.Chain.Faults.Unreachable(TimeSpan.FromHours(1));

        await service.ProcessAsync();
        second.MineBlocks(3);
        rig.Chain.MineBlocks(3);
        await service.ProcessAsync();

        Assert.Equal(BatchState.Final, (await rig.BatchAsync("s-1")).State);
        Assert.Equal(BatchState.Planned, (await rig.BatchAsync("b-1")).State);
        service.Dispose();
    }

    [Fact]
    public async Task CircuitOpen_PassesDoNotCallTheChainUntilTheBreakEnds()
    {
        using var rig = new SettlementRig(configure: o =>
        {
            o.MaxRetryAttempts = 0;
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakerBreakDuration = TimeSpan.FromMinutes(1);
        });
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        rig.Chain.Faults.Unreachable(2);
        await rig.Service.ProcessAsync();
        await rig.Service.ProcessAsync();

        var before = rig.Events.Count(e => e.StartsWith("chain:", StringComparison.Ordinal));
        var refused = await rig.Service.ProcessAsync();
        var during = rig.Events.Count(e => e.StartsWith("chain:", StringComparison.Ordinal));
        rig.Time.Advance(TimeSpan.FromMinutes(2));
        await rig.Service.ProcessAsync();

        Assert.Equal([rig.Chain.ChainId], refused.UnavailableChains);
        Assert.Equal(before, during);
        Assert.Equal(BatchState.Submitted, (await rig.BatchAsync("b-1")).State);
    }

    [Fact]
    public async Task DuplicatedSubmissions_ARestartedServiceSendsTheSameBytesAgainAndThePaymentIsMadeOnce()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        await rig.Service.ProcessAsync();
        var tx = (await rig.BatchAsync("b-1")).LiveTransactions.Single().Id;

        rig.Restart();
        await rig.Service.RecoverAsync();
        rig.Restart();
        await rig.Service.RecoverAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        var history = await rig.BatchAsync("b-1");
        Assert.Equal(3, rig.Events.Count(e => e == $"chain:submit:b-1:{tx}"));
        Assert.Equal(
            [nameof(SubmissionResult.Accepted), nameof(SubmissionResult.AlreadyKnown), nameof(SubmissionResult.AlreadyKnown)],
            history.Transitions.Where(t => t.Kind == BatchTransitionKind.Submitted).Select(t => t.Detail));
        Assert.Single(history.Transactions);
        Assert.Equal(700, rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task JournalWriteFailsBeforeTheSignedBytesAreRecorded_NothingIsSentUntilTheyAre()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        rig.Journal.FailNextWrites(1);

        var failed = await rig.Service.ProcessAsync();
        var sentWhileFailing = rig.Events.Count(e => e.StartsWith("chain:submit", StringComparison.Ordinal));
        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        Assert.True(failed.JournalUnavailable);
        Assert.Equal(0, sentWhileFailing);
        Assert.DoesNotContain((await rig.BatchAsync("b-1")).Transitions, t => t.Kind == BatchTransitionKind.Blocked);
        Assert.Equal(BatchState.Final, (await rig.BatchAsync("b-1")).State);
        Assert.Equal(700, rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task JournalWriteSucceedsButReportsFailure_TheNextPassResumesFromTheJournalAndPaysOnce()
    {
        using var rig = new SettlementRig(chain => chain.EnforceUniqueBatchIds = false);
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        rig.Journal.FailNextWritesAfterCommit(1);

        await rig.Service.ProcessAsync();
        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        var history = await rig.BatchAsync("b-1");
        Assert.Single(history.Transactions);
        Assert.Equal(BatchState.Final, history.State);
        Assert.Single(rig.Chain.GetSettlements(new SettlementBatchId("b-1")));
        Assert.Equal(700, rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task JournalFailsOnEveryWriteForAWhile_EachPassStopsAndNothingIsSent()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700)), rig.Batch("b-2", ("bob", 1))]);
        rig.Journal.FailNextWrites(5);

        for (var i = 0; i < 5; i++)
        {
            Assert.True((await rig.Service.ProcessAsync()).JournalUnavailable);
        }

        Assert.DoesNotContain(rig.Events, e => e.StartsWith("chain:submit", StringComparison.Ordinal));
        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        Assert.True((await rig.Service.ProcessAsync()).AllFinal);
    }

    [Fact]
    public async Task NodeRefusesTheTransaction_ItIsAbandonedReleasedAndTheBatchRetriedAfterTheBlockedDelay()
    {
        using var rig = new SettlementRig();
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        rig.Chain.Faults.RejectNextSubmit("non-standard");

        await rig.Service.ProcessAsync();
        var blocked = await rig.BatchAsync("b-1");
        await rig.Service.ProcessAsync();
        var stillBlocked = (await rig.BatchAsync("b-1")).State;
        rig.Time.Advance(TimeSpan.FromMinutes(6));
        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        Assert.Equal(BatchState.Blocked, blocked.State);
        Assert.Equal(
            [BatchTransitionKind.Prepared, BatchTransitionKind.Abandoned, BatchTransitionKind.Released, BatchTransitionKind.Replanned],
            blocked.Transitions.Select(t => t.Kind));
        Assert.Equal(BatchState.Blocked, stillBlocked);
        Assert.Equal(BatchState.Final, (await rig.BatchAsync("b-1")).State);
        Assert.Equal(700, rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task PayerCannotCoverTheBatch_BlockedUntilFundedThenPaidOnce()
    {
        using var rig = new SettlementRig();
        var poor = rig.Account("poor");
        rig.Chain.Fund(poor, new Money(10_000_000, rig.Chain.NativeAsset));
        var batch = new SettlementBatch(new SettlementBatchId("b-1"), poor, rig.Eurc, [new Payout(rig.Account("alice"), new Money(700, rig.Eurc))]);
        await rig.Service.ScheduleAsync([batch]);

        await rig.Service.ProcessAsync();
        var blocked = (await rig.BatchAsync("b-1")).State;
        rig.Chain.Fund(poor, new Money(700, rig.Eurc));
        rig.Time.Advance(TimeSpan.FromMinutes(6));
        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        Assert.Equal(BatchState.Blocked, blocked);
        Assert.Equal(BatchState.Final, (await rig.BatchAsync("b-1")).State);
        Assert.Equal(700, rig.Balance("alice").Amount);
    }

    [Fact]
    public async Task SequenceTakenByAnotherTransaction_TheConflictedTransactionIsReleasedAndTheBatchPaidAtANewSequence()
    {
        using var rig = new SettlementRig(chain => chain.EnforceUniqueBatchIds = false);
        await rig.Service.ScheduleAsync([rig.Batch("b-1", ("alice", 700))]);
        await rig.Service.ProcessAsync();
        var ours = (await rig.BatchAsync("b-1")).LiveTransactions.Single();

        // The node loses ours, and another wallet of the payer uses the sequence first (say, an operator's manual payment).
        rig.Chain.Faults.DropFromMempool(ours.Id);
        var intruder = new SimulatedChainProvider(rig.Chain);
        var other = await intruder.PrepareAsync(rig.Batch("manual", ("carol", 5)));
        Assert.Equal(ours.Transaction.Sequence, other.Sequence);
        await intruder.SubmitAsync(other);
        rig.Chain.MineBlock();
        await rig.Service.ProcessAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessAsync();

        var history = await rig.BatchAsync("b-1");
        Assert.Equal(SettlementState.Conflicted, history.Transitions.Single(t => t.TransactionId == ours.Id && t.Kind == BatchTransitionKind.Observed && t.ChainState == SettlementState.Conflicted).ChainState);
        Assert.Equal(BatchState.Final, history.State);
        Assert.Equal(1, history.Attempt);
        Assert.NotEqual(ours.Transaction.Sequence, history.SettledBy!.Transaction.Sequence);
        Assert.Contains(ours.Id, rig.Provider.Released);
        Assert.Single(rig.Chain.GetSettlements(new SettlementBatchId("b-1")));
        Assert.Equal(700, rig.Balance("alice").Amount);
    }
}
