using EnergySettlement.Chains;
using EnergySettlement.Settlement.Journal;
using EnergySettlement.Trading;
using static EnergySettlement.Storage.Contracts.Settlement.JournalSamples;

namespace EnergySettlement.Storage.Contracts.Settlement;

/// <summary>
/// What a database-backed <see cref="ISettlementJournal"/> adds to <see cref="SettlementJournalContractTests"/>: bulk
/// writes of thousands of records, many concurrent writers losing nothing, and several hosts on one database — racing
/// writers where exactly one wins, and a position feed that a follower reads without missing a record.
/// </summary>
public abstract class DurableSettlementJournalContractTests : SettlementJournalContractTests
{
    /// <summary>Opens a second journal on the same storage as <paramref name="journal"/>, as another host would, while
    /// <paramref name="journal"/> stays open.</summary>
    /// <param name="journal">A journal from <see cref="SettlementJournalContractTests.CreateJournalAsync"/>.</param>
    /// <returns>The second journal.</returns>
    protected abstract Task<ISettlementJournal> OpenAnotherAsync(ISettlementJournal journal);

    [Fact]
    public async Task AppendTradesAsync_TenThousandInOneWrite_AreAllRecordedInOrder()
    {
        var journal = await CreateJournalAsync();
        var trades = Enumerable.Range(1, 10_000).Select(i => Trade(i)).ToArray();

        Assert.Equal(10_000, await journal.AppendTradesAsync(trades));

        Assert.Equal(trades, await journal.GetTradesAsync(Market, Period));
        Assert.Equal(0, await journal.AppendTradesAsync(trades));
    }

    [Fact]
    public async Task AppendBatchesAsync_AThousandInOneWrite_AreAllOpenWithTheirPayouts()
    {
        var journal = await CreateJournalAsync();
        var batches = Enumerable.Range(0, 1_000).Select(i => Batch($"bulk-{i:D4}", payees: 1 + (i % 20))).ToArray();

        Assert.Equal(1_000, await journal.AppendBatchesAsync(batches));

        var open = await journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue);
        Assert.Equal(batches, open.Select(h => h.Record));
        Assert.True(open.Select(h => h.Record.Position).SequenceEqual(open.Select(h => h.Record.Position).Order()));
    }

    [Fact]
    public async Task ConcurrentWriters_ReadingsOfManyMeters_NoneLostAndEveryPositionOnce()
    {
        var journal = await CreateJournalAsync();
        var meters = Enumerable.Range(0, 16).Select(m => $"meter-{m:D2}").ToArray();
        await Task.WhenAll(meters.Select(meter => Task.Run(async () =>
        {
            for (var revision = 0; revision < 10; revision++)
            {
                Assert.Equal(JournalWriteOutcome.Added, await journal.AppendReadingAsync(Reading(meter, exported: 1_000 + revision, revision: revision)));
            }
        })));

        var feed = await ReadReadingFeedAsync(journal, 0);
        Assert.Equal(160, feed.Count);
        Assert.Equal(160, feed.Select(r => r.Position).Distinct().Count());
        Assert.All(meters, meter => Assert.Equal(9, feed.Where(r => r.Meter.Value == meter).Max(r => r.Revision)));
    }

    [Fact]
    public async Task ConcurrentWriters_TransitionsOfManyBatches_EachBatchEndsFinal()
    {
        var journal = await CreateJournalAsync();
        var ids = Enumerable.Range(0, 24).Select(i => $"live-{i:D2}").ToArray();
        await journal.AppendBatchesAsync(ids.Select(id => Batch(id)).ToArray());
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            var tx = Transaction(id);
            await journal.AppendTransitionAsync(Prepared(tx));
            await journal.AppendTransitionAsync(Step(tx, 2, BatchTransitionKind.Submitted, BatchState.Submitted));
            await journal.AppendTransitionAsync(Step(tx, 3, BatchTransitionKind.Observed, BatchState.Included, SettlementState.Included));
            await journal.AppendTransitionAsync(Step(tx, 4, BatchTransitionKind.Observed, BatchState.Final, SettlementState.Final));
        })));

        Assert.Empty(await journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue));
        foreach (var id in ids)
        {
            var history = (await journal.GetBatchAsync(new SettlementBatchId(id)))!;
            Assert.Equal(BatchState.Final, history.State);
            Assert.Equal(Transaction(id), history.SettledBy?.Transaction);
        }

        Assert.Equal(ids.Length * 4, (await journal.GetTransitionsAfterAsync(0, 1_000)).Count);
    }

    [Fact]
    public async Task TwoHosts_RacingForOneTransition_ExactlyOneWins()
    {
        var journal = await CreateJournalAsync();
        var other = await OpenAnotherAsync(journal);
        await journal.AppendBatchesAsync([Batch("b-1")]);
        var outcomes = await Task.WhenAll(Enumerable.Range(1, 10).Select(n => Task.Run(async () =>
        {
            try
            {
                return await (n % 2 == 0 ? journal : other).AppendTransitionAsync(Prepared(Transaction("b-1", n)));
            }
            catch (IdempotencyConflictException)
            {
                return (JournalWriteOutcome?)null;
            }
        })));

        Assert.Equal(1, outcomes.Count(o => o == JournalWriteOutcome.Added));
        Assert.Single((await other.GetBatchAsync(new SettlementBatchId("b-1")))!.Transitions);
    }

    [Fact]
    public async Task TwoHosts_PlanningTheSameBatchesAtOnce_RecordEachOnce()
    {
        var journal = await CreateJournalAsync();
        var other = await OpenAnotherAsync(journal);
        var batches = Enumerable.Range(0, 40).Select(i => Batch($"both-{i:D2}")).ToArray();
        var added = await Task.WhenAll(
            Task.Run(() => journal.AppendBatchesAsync(batches)),
            Task.Run(() => other.AppendBatchesAsync(batches.Reverse().ToArray())));

        Assert.Equal(40, added.Sum());
        Assert.Equal(40, (await journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue)).Count);
    }

    [Fact]
    public async Task TwoHosts_AFollowerOfThePositionFeed_MissesNothingWhileBothWrite()
    {
        var journal = await CreateJournalAsync();
        var other = await OpenAnotherAsync(journal);
        using var writing = new CancellationTokenSource();
        var follower = Task.Run(async () =>
        {
            // Follows the feed as a receipts service would: read after the cursor, move the cursor, repeat.
            var seen = new List<long>();
            var cursor = 0L;
            while (true)
            {
                var done = writing.IsCancellationRequested;
                var page = await other.GetReadingsAfterAsync(cursor, 50);
                seen.AddRange(page.Select(r => r.Position));
                cursor = page.Count > 0 ? page[^1].Position : cursor;
                if (done && page.Count == 0)
                {
                    return seen;
                }
            }
        });
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await (w % 2 == 0 ? journal : other).AppendReadingAsync(Reading($"feed-{w}-{i}"));
            }
        })));
        await writing.CancelAsync();

        var followed = await follower;
        var all = (await ReadReadingFeedAsync(journal, 0)).Select(r => r.Position).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(all, followed);
    }

    [Fact]
    public async Task ReopenAsync_PositionFeed_ContinuesAfterTheCursorWithoutRepeats()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendReadingAsync(Reading("m1"));
        await journal.AppendBatchesAsync([Batch("b-1")]);
        await journal.AppendTransitionAsync(Prepared(Transaction("b-1")));
        var readingCursor = (await journal.GetReadingsAfterAsync(0, 10))[^1].Position;
        var transitionCursor = (await journal.GetTransitionsAfterAsync(0, 10))[^1].Position;

        var reopened = await ReopenAsync(journal);
        await reopened.AppendReadingAsync(Reading("m2"));
        await reopened.AppendTransitionAsync(Step(Transaction("b-1"), 2, BatchTransitionKind.Submitted, BatchState.Submitted));

        var readings = await reopened.GetReadingsAfterAsync(readingCursor, 10);
        var transitions = await reopened.GetTransitionsAfterAsync(transitionCursor, 10);
        Assert.Equal(["m2"], readings.Select(r => r.Meter.Value));
        Assert.Equal([2], transitions.Select(t => t.Sequence));
        Assert.True(readings[0].Position < transitions[0].Position);
    }

    private static async Task<List<EnergySettlement.Settlement.Readings.RecordedReading>> ReadReadingFeedAsync(ISettlementJournal journal, long after)
    {
        var all = new List<EnergySettlement.Settlement.Readings.RecordedReading>();
        while (true)
        {
            var page = await journal.GetReadingsAfterAsync(after, 64);
            if (page.Count == 0)
            {
                return all;
            }

            all.AddRange(page);
            after = page[^1].Position;
        }
    }
}
