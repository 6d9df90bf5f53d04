using EnergySettlement.Chains;
using EnergySettlement.Settlement.Journal;
using Xunit;
using static EnergySettlement.Storage.Contracts.Settlement.JournalSamples;

namespace EnergySettlement.Storage.Contracts.Settlement;

/// <summary>
/// The rules every <see cref="ISettlementJournal"/> keeps. An implementation's test project derives from this class,
/// creates an empty journal per test, and reopens it as after a process restart.
/// </summary>
public abstract class SettlementJournalContractTests
{
    /// <summary>Creates a new, empty journal (its own file or database) for one test.</summary>
    /// <returns>The journal.</returns>
    protected abstract Task<ISettlementJournal> CreateJournalAsync();

    /// <summary>Closes the journal and opens it again on the same storage, as a restarted process would. An in-memory
    /// journal, which cannot survive a restart, returns the same instance.</summary>
    /// <param name="journal">A journal from <see cref="CreateJournalAsync"/> or an earlier reopen.</param>
    /// <returns>The reopened journal.</returns>
    protected abstract Task<ISettlementJournal> ReopenAsync(ISettlementJournal journal);

    [Fact]
    public async Task AppendReadingAsync_NewReading_IsAddedAndReadBackExactly()
    {
        var journal = await CreateJournalAsync();
        var reading = Reading("m1");

        var outcome = await journal.AppendReadingAsync(reading);
        var revisions = await journal.GetReadingRevisionsAsync(reading.Meter, Period.Start);

        Assert.Equal(JournalWriteOutcome.Added, outcome);
        var stored = Assert.Single(revisions);
        Assert.Equal(reading, stored);
        Assert.True(stored.Position > 0);
    }

    [Fact]
    public async Task AppendReadingAsync_SameReadingInOtherBuffers_AlreadyExists()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendReadingAsync(Reading("m1"));
        var again = Reading("m1");
        again = again with { Reading = again.Reading with { Signature = again.Reading.Signature.ToArray() } };

        var outcome = await journal.AppendReadingAsync(again);

        Assert.Equal(JournalWriteOutcome.AlreadyExists, outcome);
        Assert.Single(await journal.GetReadingRevisionsAsync(again.Meter, Period.Start));
    }

    [Fact]
    public async Task AppendReadingAsync_SameRevisionOtherContent_ThrowsConflictAndKeepsTheFirst()
    {
        var journal = await CreateJournalAsync();
        var first = Reading("m1", exported: 1_200);
        await journal.AppendReadingAsync(first);

        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(() => journal.AppendReadingAsync(Reading("m1", exported: 1_300)));

        Assert.Contains("m1", conflict.Key, StringComparison.Ordinal);
        Assert.Equal(first, Assert.Single(await journal.GetReadingRevisionsAsync(first.Meter, Period.Start)));
    }

    [Fact]
    public async Task AppendReadingAsync_RevisionGap_ThrowsArgumentAndWritesNothing()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendReadingAsync(Reading("m1"));

        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendReadingAsync(Reading("m1", exported: 900, revision: 2)));

        Assert.Single(await journal.GetReadingRevisionsAsync(new MeterId("m1"), Period.Start));
    }

    [Fact]
    public async Task AppendReadingAsync_FirstReadingAsRevisionOne_ThrowsArgument()
    {
        var journal = await CreateJournalAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendReadingAsync(Reading("m1", revision: 1)));

        Assert.Empty(await journal.GetReadingRevisionsAsync(new MeterId("m1"), Period.Start));
    }

    [Fact]
    public async Task AppendReadingAsync_Correction_AddsARevisionAndTheLatestIsIt()
    {
        var journal = await CreateJournalAsync();
        var original = Reading("m1", exported: 1_200);
        var correction = Reading("m1", exported: 1_100, revision: 1);
        await journal.AppendReadingAsync(original);

        await journal.AppendReadingAsync(correction);

        Assert.Equal([original, correction], await journal.GetReadingRevisionsAsync(original.Meter, Period.Start));
        Assert.Equal(correction, Assert.Single(await journal.GetLatestReadingsAsync(Period)));
    }

    [Fact]
    public async Task GetLatestReadingsAsync_SeveralMetersAndPeriods_ReturnsThePeriodsLatestRevisionPerMeterByMeterId()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendReadingAsync(Reading("m2"));
        await journal.AppendReadingAsync(Reading("m1"));
        await journal.AppendReadingAsync(Reading("m1", exported: 1_000, revision: 1));
        await journal.AppendReadingAsync(Reading("m3", Period.Next));

        var latest = await journal.GetLatestReadingsAsync(Period);

        Assert.Equal(["m1", "m2"], latest.Select(r => r.Meter.Value));
        Assert.Equal(1, latest[0].Revision);
    }

    [Fact]
    public async Task FindNeighbourReadingsAsync_GapsAround_ReturnsTheNearestPeriodsLatestRevisions()
    {
        var journal = await CreateJournalAsync();
        var early = DeliveryPeriod.Create(Period.Start.AddHours(-2), Period.Length);
        var late = DeliveryPeriod.Create(Period.Start.AddHours(3), Period.Length);
        await journal.AppendReadingAsync(Reading("m1", early));
        await journal.AppendReadingAsync(Reading("m1", early, exported: 900, revision: 1));
        await journal.AppendReadingAsync(Reading("m1", Period));
        await journal.AppendReadingAsync(Reading("m1", late));
        await journal.AppendReadingAsync(Reading("m2", Period.Next));

        var neighbours = await journal.FindNeighbourReadingsAsync(new MeterId("m1"), Period.Start);
        var unknown = await journal.FindNeighbourReadingsAsync(new MeterId("m9"), Period.Start);

        Assert.Equal(early.Start, neighbours.Before?.Period.Start);
        Assert.Equal(1, neighbours.Before?.Revision);
        Assert.Equal(late.Start, neighbours.After?.Period.Start);
        Assert.Null(unknown.Before);
        Assert.Null(unknown.After);
    }

    [Fact]
    public async Task GetReadingsAfterAsync_Cursor_ReturnsLaterRevisionsInPositionOrderUpToTheLimit()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendReadingAsync(Reading("m1"));
        var cursor = (await journal.GetReadingsAfterAsync(0, 10))[^1].Position;
        await journal.AppendReadingAsync(Reading("m2"));
        await journal.AppendReadingAsync(Reading("m1", exported: 1_000, revision: 1));
        await journal.AppendReadingAsync(Reading("m3"));

        var after = await journal.GetReadingsAfterAsync(cursor, 2);

        Assert.Equal(["m2", "m1"], after.Select(r => r.Meter.Value));
        Assert.True(after[0].Position > cursor && after[1].Position > after[0].Position);
    }

    [Fact]
    public async Task AppendTradesAsync_NewTrades_AreReadBackExactlyInOrder()
    {
        var journal = await CreateJournalAsync();
        var trades = new[] { Trade(3), Trade(1), Trade(2) };

        var added = await journal.AppendTradesAsync(trades);

        Assert.Equal(3, added);
        Assert.Equal(trades, await journal.GetTradesAsync(Market, Period));
    }

    [Fact]
    public async Task AppendTradesAsync_SomeAlreadyRecorded_CountsOnlyTheNew()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendTradesAsync([Trade(1), Trade(2)]);

        var added = await journal.AppendTradesAsync([Trade(2), Trade(3)]);

        Assert.Equal(1, added);
        Assert.Equal([1L, 2L, 3L], (await journal.GetTradesAsync(Market, Period)).Select(t => t.BuyOrder.Value));
    }

    [Fact]
    public async Task AppendTradesAsync_OneConflicting_ThrowsAndWritesNone()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendTradesAsync([Trade(1)]);
        var changed = Trade(1) with { Quantity = new Energy(801) };

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => journal.AppendTradesAsync([Trade(2), changed]));

        Assert.Equal([Trade(1)], await journal.GetTradesAsync(Market, Period));
    }

    [Fact]
    public async Task AppendTradesAsync_SameIdTwiceInOneWrite_ThrowsArgumentAndWritesNone()
    {
        var journal = await CreateJournalAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendTradesAsync([Trade(1), Trade(2), Trade(1)]));

        Assert.Empty(await journal.GetTradesAsync(Market, Period));
    }

    [Fact]
    public async Task GetTradesAsync_OtherPeriodOrMarket_ReturnsOnlyThatPeriodsTrades()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendTradesAsync([Trade(1), Trade(2, Period.Next)]);

        Assert.Equal([2L], (await journal.GetTradesAsync(Market, Period.Next)).Select(t => t.BuyOrder.Value));
        Assert.Empty(await journal.GetTradesAsync(new MarketId("other"), Period));
    }

    [Fact]
    public async Task AppendBatchesAsync_NewBatches_AreOpenAsPlannedOldestFirstWithExactPayouts()
    {
        var journal = await CreateJournalAsync();
        var b = Batch("b-2");
        var a = Batch("a-1", payees: 50);

        var added = await journal.AppendBatchesAsync([b, a]);
        var open = await journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue);

        Assert.Equal(2, added);
        Assert.Equal(["b-2", "a-1"], open.Select(h => h.Id.Value));
        Assert.All(open, h => Assert.Equal(BatchState.Planned, h.State));
        Assert.Equal(a, open[1].Record);
        Assert.Equal(a.Batch.Payouts, open[1].Batch.Payouts);
        Assert.True(open[1].Record.Position > open[0].Record.Position);
    }

    [Fact]
    public async Task AppendBatchesAsync_SameBatchesAgain_AddsNothing()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendBatchesAsync([Batch("b-1"), Batch("b-2")]);

        var added = await journal.AppendBatchesAsync([Batch("b-2"), Batch("b-1")]);

        Assert.Equal(0, added);
        Assert.Equal(2, (await journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue)).Count);
    }

    [Fact]
    public async Task AppendBatchesAsync_SameIdOtherPayouts_ThrowsConflictAndWritesNone()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendBatchesAsync([Batch("b-1")]);

        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(() => journal.AppendBatchesAsync([Batch("b-2"), Batch("b-1", scale: 2)]));

        Assert.Equal("b-1", conflict.Key);
        Assert.Null(await journal.GetBatchAsync(new SettlementBatchId("b-2")));
        Assert.Equal(Batch("b-1"), (await journal.GetBatchAsync(new SettlementBatchId("b-1")))?.Record);
    }

    [Fact]
    public async Task AppendBatchesAsync_SameIdTwiceInOneWrite_ThrowsArgumentAndWritesNone()
    {
        var journal = await CreateJournalAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendBatchesAsync([Batch("b-1"), Batch("b-1")]));

        Assert.Empty(await journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task AppendTransitionAsync_UnknownBatch_ThrowsInvalidOperation()
    {
        var journal = await CreateJournalAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.AppendTransitionAsync(Prepared(Transaction("nope"))));
    }

    [Fact]
    public async Task AppendTransitionAsync_SequenceGap_ThrowsArgumentAndWritesNothing()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendBatchesAsync([Batch("b-1")]);

        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendTransitionAsync(Prepared(Transaction("b-1"), sequence: 2)));

        Assert.Empty((await journal.GetBatchAsync(new SettlementBatchId("b-1")))!.Transitions);
    }

    [Fact]
    public async Task AppendTransitionAsync_TransactionNeverRecorded_ThrowsArgumentAndWritesNothing()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendBatchesAsync([Batch("b-1")]);

        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendTransitionAsync(Step(Transaction("b-1"), 1, BatchTransitionKind.Submitted, BatchState.Submitted)));

        Assert.Empty((await journal.GetBatchAsync(new SettlementBatchId("b-1")))!.Transitions);
    }

    [Fact]
    public async Task AppendTransitionAsync_SameTransitionAgain_AlreadyExists()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendBatchesAsync([Batch("b-1")]);
        var tx = Transaction("b-1");
        await journal.AppendTransitionAsync(Prepared(tx));
        var copy = Prepared(tx with { RawTransaction = tx.RawTransaction.ToArray() });

        var outcome = await journal.AppendTransitionAsync(copy);

        Assert.Equal(JournalWriteOutcome.AlreadyExists, outcome);
        Assert.Single((await journal.GetBatchAsync(new SettlementBatchId("b-1")))!.Transitions);
    }

    [Fact]
    public async Task AppendTransitionAsync_SameSequenceOtherContent_ThrowsConflictAndKeepsTheFirst()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendBatchesAsync([Batch("b-1")]);
        await journal.AppendTransitionAsync(Prepared(Transaction("b-1", 1)));

        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(() => journal.AppendTransitionAsync(Prepared(Transaction("b-1", 2))));

        Assert.Equal("b-1#1", conflict.Key);
        Assert.Equal(Transaction("b-1", 1), (await journal.GetBatchAsync(new SettlementBatchId("b-1")))!.Transitions[0].Transaction);
    }

    [Fact]
    public async Task AppendTransitionAsync_TwoWritersRaceForOneSequence_OneWinsTheOtherConflicts()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendBatchesAsync([Batch("b-1")]);
        var writers = Enumerable.Range(1, 8).Select(n => Task.Run(async () =>
        {
            try
            {
                return await journal.AppendTransitionAsync(Prepared(Transaction("b-1", n)));
            }
            catch (IdempotencyConflictException)
            {
                return (JournalWriteOutcome?)null;
            }
        })).ToArray();

        var outcomes = await Task.WhenAll(writers.Select(async w => await w));

        Assert.Equal(1, outcomes.Count(o => o == JournalWriteOutcome.Added));
        Assert.Equal(7, outcomes.Count(o => o is null));
        Assert.Single((await journal.GetBatchAsync(new SettlementBatchId("b-1")))!.Transitions);
    }

    [Fact]
    public async Task GetBatchAsync_AfterALifeOfTransitions_RoundTripsEveryFieldAndDerivesTheState()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendBatchesAsync([Batch("b-1")]);
        var original = Transaction("b-1", 1);
        var replacement = Transaction("b-1", 2);
        BatchTransition[] transitions =
        [
            Prepared(original),
            Step(original, 2, BatchTransitionKind.Submitted, BatchState.Submitted),
            Step(original, 3, BatchTransitionKind.Observed, BatchState.Submitted, SettlementState.Pending),
            new()
            {
                BatchId = replacement.BatchId, Sequence = 4, Kind = BatchTransitionKind.Accelerated, State = BatchState.Submitted, At = Now.AddSeconds(4),
                TransactionId = replacement.TransactionId, Transaction = replacement, Role = TransactionRole.Replacement, Accelerates = original.TransactionId,
            },
            Step(replacement, 5, BatchTransitionKind.Submitted, BatchState.Submitted),
            Step(replacement, 6, BatchTransitionKind.Observed, BatchState.Included, SettlementState.Included),
            Step(original, 7, BatchTransitionKind.Observed, BatchState.Included, SettlementState.Conflicted) with { ReplacedBy = replacement.TransactionId },
            Step(replacement, 8, BatchTransitionKind.Observed, BatchState.Final, SettlementState.Final),
        ];
        foreach (var t in transitions)
        {
            Assert.Equal(JournalWriteOutcome.Added, await journal.AppendTransitionAsync(t));
        }

        var history = (await journal.GetBatchAsync(new SettlementBatchId("b-1")))!;

        Assert.Equal(transitions, history.Transitions);
        Assert.Equal(BatchState.Final, history.State);
        Assert.Equal(replacement, history.SettledBy?.Transaction);
        Assert.Equal(TransactionRole.Replacement, history.SettledBy?.Role);
        Assert.Equal(SettlementState.Conflicted, history.FindTransaction(original.TransactionId)?.ChainState);
        Assert.Equal(Now.AddSeconds(8), history.FinalAt);
        Assert.True(history.Transitions.Select(t => t.Position).SequenceEqual(history.Transitions.Select(t => t.Position).Order()));
    }

    [Fact]
    public async Task GetOpenBatchesAsync_FinalBatch_IncludedOnlyWhileWatched()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendBatchesAsync([Batch("b-1"), Batch("b-2")]);
        var tx = Transaction("b-1");
        await journal.AppendTransitionAsync(Prepared(tx));
        await journal.AppendTransitionAsync(Step(tx, 2, BatchTransitionKind.Observed, BatchState.Final, SettlementState.Final));
        var finalAt = Now.AddSeconds(2);

        var watched = await journal.GetOpenBatchesAsync(finalAt);
        var unwatched = await journal.GetOpenBatchesAsync(finalAt.AddTicks(1));

        Assert.Equal(["b-1", "b-2"], watched.Select(h => h.Id.Value));
        Assert.Equal(["b-2"], unwatched.Select(h => h.Id.Value));
    }

    [Fact]
    public async Task GetOpenBatchesAsync_FinalBatchReorgedOut_IsOpenAgain()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendBatchesAsync([Batch("b-1")]);
        var tx = Transaction("b-1");
        await journal.AppendTransitionAsync(Prepared(tx));
        await journal.AppendTransitionAsync(Step(tx, 2, BatchTransitionKind.Observed, BatchState.Final, SettlementState.Final));
        await journal.AppendTransitionAsync(Step(tx, 3, BatchTransitionKind.Observed, BatchState.Submitted, SettlementState.Pending));

        var open = await journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue);

        Assert.Equal(BatchState.Submitted, Assert.Single(open).State);
    }

    [Fact]
    public async Task GetTransitionsAfterAsync_Cursor_ReturnsEveryBatchsLaterTransitionsInPositionOrder()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendBatchesAsync([Batch("b-1"), Batch("b-2")]);
        var one = Transaction("b-1");
        var two = Transaction("b-2");
        await journal.AppendTransitionAsync(Prepared(one));
        var cursor = (await journal.GetTransitionsAfterAsync(0, 100))[^1].Position;
        await journal.AppendTransitionAsync(Prepared(two));
        await journal.AppendTransitionAsync(Step(one, 2, BatchTransitionKind.Submitted, BatchState.Submitted));
        await journal.AppendTransitionAsync(Step(two, 2, BatchTransitionKind.Submitted, BatchState.Submitted));

        var after = await journal.GetTransitionsAfterAsync(cursor, 2);

        Assert.Equal([("b-2", 1), ("b-1", 2)], after.Select(t => (t.BatchId.Value, t.Sequence)));
    }

    [Fact]
    public async Task Positions_AcrossRecordKinds_IncreaseInAppendOrder()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendReadingAsync(Reading("m1"));
        await journal.AppendBatchesAsync([Batch("b-1")]);
        await journal.AppendTransitionAsync(Prepared(Transaction("b-1")));
        await journal.AppendReadingAsync(Reading("m2"));

        var reading1 = (await journal.GetReadingRevisionsAsync(new MeterId("m1"), Period.Start))[0].Position;
        var batch = (await journal.GetBatchAsync(new SettlementBatchId("b-1")))!;
        var reading2 = (await journal.GetReadingRevisionsAsync(new MeterId("m2"), Period.Start))[0].Position;

        Assert.True(reading1 < batch.Record.Position);
        Assert.True(batch.Record.Position < batch.Transitions[0].Position);
        Assert.True(batch.Transitions[0].Position < reading2);
    }

    [Fact]
    public async Task ReopenAsync_AfterWrites_EverythingIsReadBackAndWritesContinue()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendReadingAsync(Reading("m1"));
        await journal.AppendReadingAsync(Reading("m1", exported: 1_000, revision: 1));
        await journal.AppendTradesAsync([Trade(1), Trade(2)]);
        await journal.AppendBatchesAsync([Batch("b-1"), Batch("b-2")]);
        var tx = Transaction("b-1");
        await journal.AppendTransitionAsync(Prepared(tx));
        await journal.AppendTransitionAsync(Step(tx, 2, BatchTransitionKind.Submitted, BatchState.Submitted));
        var before = (await journal.GetTransitionsAfterAsync(0, 100))[^1].Position;

        var reopened = await ReopenAsync(journal);

        Assert.Equal([Reading("m1"), Reading("m1", exported: 1_000, revision: 1)], await reopened.GetReadingRevisionsAsync(new MeterId("m1"), Period.Start));
        Assert.Equal([Trade(1), Trade(2)], await reopened.GetTradesAsync(Market, Period));
        var open = await reopened.GetOpenBatchesAsync(DateTimeOffset.MaxValue);
        Assert.Equal(["b-1", "b-2"], open.Select(h => h.Id.Value));
        Assert.Equal(BatchState.Submitted, open[0].State);
        Assert.Equal(tx, open[0].LiveTransactions.Single().Transaction);
        Assert.Equal(JournalWriteOutcome.AlreadyExists, await reopened.AppendTransitionAsync(Step(tx, 2, BatchTransitionKind.Submitted, BatchState.Submitted)));
        await reopened.AppendTransitionAsync(Step(tx, 3, BatchTransitionKind.Observed, BatchState.Included, SettlementState.Included));
        Assert.True((await reopened.GetTransitionsAfterAsync(before, 10)).Single().Position > before);
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => reopened.AppendBatchesAsync([Batch("b-1", scale: 3)]));
    }
}
