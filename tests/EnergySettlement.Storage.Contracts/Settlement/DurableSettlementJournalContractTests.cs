using EnergySettlement.Chains;
using EnergySettlement.Settlement;
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
    public async Task AppendReadingsAsync_TenThousandInOneWrite_AreAllRecordedInOrder()
    {
        var journal = await CreateJournalAsync();
        var readings = Enumerable.Range(0, 10_000).Select(i => Reading($"bulk-{i % 5_000:D4}", exported: 1_000 + (i / 5_000), revision: i / 5_000)).ToArray();

        Assert.Equal(10_000, await journal.AppendReadingsAsync(readings));

        var feed = await journal.GetReadingsAfterAsync(0, 20_000);
        Assert.Equal(readings, feed);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => feed[0].Position + i), feed.Select(r => r.Position));
        Assert.Equal(0, await journal.AppendReadingsAsync(readings));
    }

    [Fact]
    public async Task AppendReadingsAsync_RefusedAmongConcurrentSingleWrites_FailsAloneAndTheOthersCommit()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendReadingAsync(Reading("taken", exported: 1_200));
        var singles = Enumerable.Range(0, 200).Select(i => journal.AppendReadingAsync(Reading($"single-{i:D3}"))).ToArray();
        var refused = journal.AppendReadingsAsync([Reading("bulk-1"), Reading("taken", exported: 1_300)]);
        var accepted = journal.AppendReadingsAsync([Reading("bulk-2"), Reading("bulk-2", exported: 1_100, revision: 1)]);

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => refused);
        Assert.Equal(2, await accepted);
        Assert.All(await Task.WhenAll(singles), o => Assert.Equal(JournalWriteOutcome.Added, o));
        Assert.Empty(await journal.GetReadingRevisionsAsync(new MeterId("bulk-1"), Period.Start));
        Assert.Equal(203, (await journal.GetReadingsAfterAsync(0, 1_000)).Count);
    }

    [Fact]
    public async Task TwoHosts_AppendingTheSameReadingsAtOnce_RecordEachOnce()
    {
        var journal = await CreateJournalAsync();
        var other = await OpenAnotherAsync(journal);
        var readings = Enumerable.Range(0, 500).Select(i => Reading($"both-{i:D3}")).ToArray();
        var added = await Task.WhenAll(
            Task.Run(() => journal.AppendReadingsAsync(readings)),
            Task.Run(() => other.AppendReadingsAsync(readings.Reverse().ToArray())));

        Assert.Equal(500, added.Sum());
        Assert.Equal(500, (await other.GetLatestReadingsAsync(Period)).Count);
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
    public async Task AppendPlanAsync_TenThousandObligationsInOneWrite_AreReadBackExactly()
    {
        var journal = await CreateJournalAsync();
        var plan = BulkPlan(Period, 10_000);

        Assert.Equal(JournalWriteOutcome.Added, await journal.AppendPlanAsync(plan));

        var read = await journal.GetObligationsAsync(Market, Period);
        Assert.Equal(plan.Plan.Obligations.Select(SettlementRecordCodec.EncodeObligation), read.Select(SettlementRecordCodec.EncodeObligation));
        Assert.Equal(plan, await journal.GetPlanAsync(plan.WindowId));
        Assert.Equal(JournalWriteOutcome.AlreadyExists, await journal.AppendPlanAsync(BulkPlan(Period, 10_000)));
    }

    [Fact]
    public async Task TwoHosts_RecordingOneWindowAtOnce_OneAddsItTheOtherFindsItThere()
    {
        var journal = await CreateJournalAsync();
        var other = await OpenAnotherAsync(journal);
        var outcomes = await Task.WhenAll(
            Task.Run(() => journal.AppendPlanAsync(BulkPlan(Period, 500))),
            Task.Run(() => other.AppendPlanAsync(BulkPlan(Period, 500))));

        Assert.Equal([JournalWriteOutcome.Added, JournalWriteOutcome.AlreadyExists], outcomes.Order());
        Assert.Equal(500, (await other.GetObligationsAsync(Market, Period)).Count);
    }

    [Fact]
    public async Task TwoHosts_ConsumingOneCarriedAmountAtOnce_OnlyOneWindowGetsIt()
    {
        var journal = await CreateJournalAsync();
        var other = await OpenAnotherAsync(journal);
        var first = Plan();
        await journal.AppendPlanAsync(first);
        var carried = first.Plan.CarriedForward[0].Id;

        var attempts = await Task.WhenAll(new[] { (journal, Period.Next), (other, Period.Next.Next) }.Select(a => Task.Run(async () =>
        {
            try
            {
                return await a.Item1.AppendPlanAsync(Plan(a.Item2, consumes: [carried]));
            }
            catch (IdempotencyConflictException)
            {
                return (JournalWriteOutcome?)null;
            }
        })));

        Assert.Equal(1, attempts.Count(o => o == JournalWriteOutcome.Added));
        Assert.DoesNotContain(carried, (await journal.GetOpenCarriedAmountsAsync(Market)).Select(c => c.Id));
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

    /// <summary>A plan of one period with <paramref name="obligations"/> obligations of every kind: trade obligations,
    /// grid fees, provisional imbalances and adjustments.</summary>
    private static RecordedPlan BulkPlan(DeliveryPeriod period, int obligations)
    {
        var grid = new ParticipantId("grid");
        var list = new List<Obligation>(obligations);
        for (var i = 0; i < obligations; i++)
        {
            var home = new ParticipantId($"home-{i:D6}");
            var amount = new Money(((Int128)ulong.MaxValue * (1 + (i % 3))) + i, Ether);
            list.Add((i % 4) switch
            {
                0 => new Obligation(Market, period, ObligationReason.Trade, home, grid, amount, new Energy(i), Trade(i, period).Id),
                1 => new Obligation(Market, period, ObligationReason.GridFee, home, grid, amount, new Energy(i), null),
                2 => new Obligation(Market, period, ObligationReason.ImbalanceShortfall, home, grid, amount, new Energy(i), null, isProvisional: true),
                _ => new Obligation(Market, period, ObligationReason.GridFee, grid, home, amount, new Energy(i), null, adjusts: list[i - 2].Id, sequence: 1),
            });
        }

        return new RecordedPlan
        {
            Plan = new SettlementPlan
            {
                Window = new SettlementWindow(Market, period, 1),
                QuoteAsset = Ether,
                Deliveries = [],
                Imbalances = [],
                Readings = [],
                Obligations = list,
                HeldTrades = [],
                Legs = [],
                Batches = [],
                CarriedForward = [],
                ConsumedCarriedAmounts = [],
                ExchangeRates = [],
            },
            PlannedAt = Now,
            ReadingsPosition = 0,
        };
    }

    private static async Task<List<EnergySettlement.Settlement.RecordedReading>> ReadReadingFeedAsync(ISettlementJournal journal, long after)
    {
        var all = new List<EnergySettlement.Settlement.RecordedReading>();
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
