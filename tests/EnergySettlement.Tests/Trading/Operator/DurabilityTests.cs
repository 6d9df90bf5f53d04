using EnergySettlement.Trading;
using Microsoft.Extensions.Time.Testing;
using static EnergySettlement.Tests.Trading.Operator.OperatorFixture;

namespace EnergySettlement.Tests.Trading.Operator;

/// <summary>Journal before acknowledgement, failures of the journal and of sinks, restarts.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task SubmitAsync_JournalAppendNotDone_AnswersOnlyAfterIt()
    {
        var journal = new ControllableJournal();
        await using var market = new OperatorFixture(journal: journal);
        await market.StartAsync();
        journal.Hold();

        var pending = market.SellAsync("alice", 80, 400).AsTask();
        await journal.AppendReached.Task;

        Assert.False(pending.IsCompleted);
        Assert.Empty(market.Sink.Of<OrderAccepted>());
        journal.Release();
        var result = await pending;
        Assert.True(result.IsAccepted);
        Assert.Equal(result.Sequence, await market.JournalLengthAsync());
    }

    [Fact]
    public async Task SubmitAsync_JournalRefusesTheAppend_ThrowsAndChangesNothing()
    {
        var journal = new ControllableJournal();
        await using var market = new OperatorFixture(journal: journal);
        await market.StartAsync();
        var before = await market.JournalLengthAsync();
        journal.FailNext = new IOException("disk full");

        var thrown = await Assert.ThrowsAsync<IOException>(async () => await market.SellAsync("alice", 80, 400));

        Assert.Equal("disk full", thrown.Message);
        Assert.Equal(before, await market.JournalLengthAsync());
        Assert.Empty(market.Operator.GetOpenOrders(P("alice")));
        var next = await market.SellAsync("alice", 80, 400);
        Assert.Equal((before + 1, 1L), (next.Sequence, next.OrderId.Value));
        Assert.Equal(MarketOperatorState.Running, market.Operator.State);
    }

    [Fact]
    public async Task SubmitAsync_JournalFailsAfterRecording_CarriesOn()
    {
        var journal = new ControllableJournal { RecordBeforeFailing = true };
        await using var market = new OperatorFixture(journal: journal);
        await market.StartAsync();
        journal.FailNext = new TimeoutException("commit acknowledgement lost");

        var result = await market.SellAsync("alice", 80, 400);

        Assert.True(result.IsAccepted);
        Assert.Equal(result.Sequence, await market.JournalLengthAsync());
        Assert.Equal(await market.ReplayAsync(), market.Sink.Events);
    }

    [Fact]
    public async Task Sink_Throws_OperatorFaultsAndRestartRecovers()
    {
        var failing = new FailingSink();
        var market = new OperatorFixture(extraSinks: failing);
        await market.StartAsync();
        failing.Fail = true;

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await market.SellAsync("alice", 80, 400));
        Assert.Equal(MarketOperatorState.Faulted, market.Operator.State);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await market.SellAsync("alice", 80, 400));

        failing.Fail = false;
        await market.Operator.StopAsync();
        await market.Operator.StartAsync();
        Assert.Single(market.Operator.GetOpenOrders(P("alice")));
        await market.Operator.StopAsync();
    }

    [Fact]
    public async Task StartAsync_ExistingJournal_RebuildsBooksAndReEmitsTheSameEvents()
    {
        var journal = new InMemoryOrderJournal();
        var clock = new FakeTimeProvider(Start);
        List<MarketEvent> firstRun;
        long aliceOrder;
        await using (var market = new OperatorFixture(journal: journal, clock: clock))
        {
            await market.StartAsync();
            aliceOrder = (await market.SellAsync("alice", 80, 1_000)).OrderId.Value;
            await market.BuyAsync("bob", 80, 300);
            await market.SellAsync("carol", 85, 200, First.Next);
            firstRun = [.. market.Sink.Events];
        }

        await using var restarted = new OperatorFixture(journal: journal, clock: clock);
        await restarted.StartAsync();

        Assert.Equal(firstRun, restarted.Sink.Events);
        Assert.Equal(new Energy(700), Assert.Single(restarted.Operator.GetOpenOrders(P("alice"))).Remaining);
        var next = await restarted.BuyAsync("dave", 90, 700);
        Assert.Equal(aliceOrder, Assert.Single(next.Trades).SellOrder.Value);
        Assert.Equal(4L, next.OrderId.Value);
    }

    [Fact]
    public async Task StartAsync_WithSnapshots_ReplaysOnlyTheTailAndReachesTheSameState()
    {
        var journal = new InMemoryOrderJournal();
        var clock = new FakeTimeProvider(Start);
        await using (var market = new OperatorFixture(journal: journal, clock: clock, options: o => o.SnapshotInterval = 5))
        {
            await market.StartAsync();
            for (var i = 0; i < 12; i++)
            {
                await market.SellAsync(i % 2 == 0 ? "alice" : "carol", 80 + i, 100 + i);
            }

            await market.BuyAsync("bob", 85, 450);
        }

        var snapshot = await journal.LoadLatestSnapshotAsync(new MarketId("sunny-street"));
        Assert.NotNull(snapshot);
        await using var restarted = new OperatorFixture(journal: journal, clock: clock);
        await restarted.StartAsync();

        Assert.All(restarted.Sink.Events, e => Assert.True(e.Sequence > snapshot.Sequence));
        var full = new JournalReplayer(restarted.Market);
        await foreach (var entry in journal.ReadAsync(restarted.Market.Id, 0))
        {
            full.Apply(entry);
        }

        var tail = new JournalReplayer(restarted.Market);
        tail.Restore(snapshot);
        await foreach (var entry in journal.ReadAsync(restarted.Market.Id, snapshot.Sequence))
        {
            tail.Apply(entry);
        }

        Assert.Equal(full.Snapshot(), tail.Snapshot());
        Assert.Equal(
            full.State.OpenOrdersOf(P("alice")).Concat(full.State.OpenOrdersOf(P("carol"))),
            restarted.Operator.GetOpenOrders(P("alice")).Concat(restarted.Operator.GetOpenOrders(P("carol"))));
    }

    [Fact]
    public async Task StartAsync_JournalOfAnotherTickSize_RefusesToReplay()
    {
        var journal = new InMemoryOrderJournal();
        await using (var market = new OperatorFixture(journal: journal))
        {
            await market.StartAsync();
        }

        await using var changed = new OperatorFixture(m => m with { TickSize = TestAssets.Usd(500) }, journal: journal);

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(changed.StartAsync);
        Assert.Contains("tick", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(MarketOperatorState.Stopped, changed.Operator.State);
    }

    [Fact]
    public async Task StartAsync_CorruptEntry_RefusesToReplay()
    {
        var journal = new InMemoryOrderJournal();
        var market = OperatorFixture.DefaultMarket();
        await journal.AppendAsync(market.Id, [new OrderJournalEntry { Sequence = 1, RecordedAt = Start, Payload = new byte[] { 1, 2, 3 } }]);
        await using var fixture = new OperatorFixture(journal: journal);

        await Assert.ThrowsAsync<InvalidDataException>(fixture.StartAsync);
    }

    [Fact]
    public async Task StopAsync_ThenStartAsync_SameInstanceResumes()
    {
        await using var market = new OperatorFixture();
        await market.StartAsync();
        var sell = await market.SellAsync("alice", 80, 400);

        await market.Operator.StopAsync();
        await market.Operator.StartAsync();

        Assert.Equal(sell.OrderId, Assert.Single(market.Operator.GetOpenOrders(P("alice"))).Order.Id);
    }

    private sealed class FailingSink : IMarketEventSink
    {
        public bool Fail { get; set; }

        public ValueTask OnEventsAsync(IReadOnlyList<MarketEvent> events, CancellationToken cancellationToken) =>
            Fail ? throw new InvalidOperationException("settlement store unavailable") : ValueTask.CompletedTask;
    }
}
