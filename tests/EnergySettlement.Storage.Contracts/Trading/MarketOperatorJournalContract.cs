using System.Collections.Concurrent;
using EnergySettlement.Matching;
using EnergySettlement.Trading;
using Microsoft.Extensions.Time.Testing;

namespace EnergySettlement.Storage.Contracts.Trading;

/// <summary>
/// The market operator on a durable <see cref="IOrderJournal"/>: every acknowledged command is in the database (seen by
/// a second instance) before its caller is answered, and after a restart — a new store instance on the same database,
/// with or without snapshots — the operator rebuilds the same books and re-emits the same events and trades, as a
/// replay of the journal does. The market has a grid (zones, fees, a transfer limit) so journaled books keep it too.
/// </summary>
public abstract class MarketOperatorJournalContract : StoreContract<IOrderJournal>
{
    private static readonly DateTimeOffset Start = new(2026, 6, 21, 10, 0, 0, TimeSpan.Zero);
    private static readonly Asset Usdc = new(AssetId.Parse("eip155:1/erc20:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"), 6, "USDC");
    private static readonly ZoneId North = new("north"), South = new("south");
    private static readonly string[] Names = ["alice", "bob", "carol", "dave", "erin", "frank"];

    /// <summary>The market: USDC, tick 0.001/kWh, band 0 … 0.5, 15-minute periods opened 2 hours ahead, two zones.</summary>
    protected static MarketDefinition Market { get; } = new()
    {
        Id = new MarketId("durable-street"),
        QuoteAsset = Usdc,
        TickSize = new Money(1_000, Usdc),
        MinPrice = new Price(new Money(0, Usdc)),
        MaxPrice = new Price(new Money(500_000, Usdc)),
        TradingHorizon = TimeSpan.FromHours(2),
        GridOperator = new ParticipantId("grid-co"),
        Grid = new MarketGrid
        {
            Zones = [North, South],
            NetworkFees = [new(North, South, Ticks(5)), new(South, North, Ticks(5))],
            TransferLimits = [new(North, South, new Energy(20_000))],
        },
    };

    [Fact]
    public async Task Submit_Acknowledged_IsDurableBeforeTheAnswer()
    {
        var watcher = await OpenAnotherAsync();
        var sink = new JournalCheckingSink(watcher, Market.Id);
        var clock = new FakeTimeProvider(Start);
        await using var op = CreateOperator(Store, clock, 0, sink);
        await op.StartAsync();
        var period = op.OpenPeriods[0];

        var sell = await op.SellAsync(new ParticipantId("alice"), period, new Energy(1_000), Ticks(80));
        var buy = await op.BuyAsync(new ParticipantId("bob"), period, new Energy(1_000), Ticks(90));

        Assert.True(sell.IsAccepted && buy.IsAccepted);
        Assert.Single(buy.Trades);
        Assert.True(await watcher.GetLastSequenceAsync(Market.Id) >= buy.Sequence, "A second instance must see the acknowledged entry.");
        Assert.Empty(sink.Violations);
        Assert.True(sink.Checked > 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public async Task Restart_RebuildsTheSameBooksAndReplaysTheSameTrades(int snapshotInterval)
    {
        var clock = new FakeTimeProvider(Start);
        var live = new RecordingSink();
        List<MarketEvent> liveEvents;
        Dictionary<string, IReadOnlyList<OpenOrder>> openBefore;
        await using (var op = CreateOperator(Store, clock, snapshotInterval, live))
        {
            await op.StartAsync();
            await RunWorkloadAsync(op, clock, seed: 42, count: 160);
            liveEvents = [.. live.Events];
            openBefore = Names.ToDictionary(n => n, n => op.GetOpenOrders(new ParticipantId(n)));
        }

        Assert.Contains(liveEvents, e => e is TradeExecuted { Trade.NetworkFee: not null });
        Assert.Contains(liveEvents, e => e is TradeExecuted { Trade.NetworkFee: null });
        Assert.Contains(openBefore.Values, o => o.Count > 0);

        await ReopenAsync();
        Assert.Equal(liveEvents, await ReplayAsync(Store));
        var snapshot = await Store.LoadLatestSnapshotAsync(Market.Id);

        var restarted = new RecordingSink();
        await using var again = CreateOperator(Store, clock, snapshotInterval, restarted);
        await again.StartAsync();

        foreach (var name in Names)
        {
            Assert.Equal(openBefore[name], again.GetOpenOrders(new ParticipantId(name)));
        }

        // Without a snapshot the restart re-emits every event; from a snapshot, the events after it.
        var replayed = restarted.Events;
        Assert.Equal(snapshotInterval > 0, snapshot is not null);
        var expected = liveEvents.Where(e => e.Sequence > (snapshot?.Sequence ?? 0)).ToList();
        Assert.Equal(expected, replayed.Take(expected.Count));
    }

    [Fact]
    public async Task Restart_ThenTrading_ContinuesAsIfNeverStopped()
    {
        var uninterruptedClock = new FakeTimeProvider(Start);
        List<Trade> uninterrupted;
        var journal = new InMemoryOrderJournal();
        var reference = new RecordingSink();
        await using (var op = CreateOperator(journal, uninterruptedClock, 0, reference))
        {
            await op.StartAsync();
            await RunWorkloadAsync(op, uninterruptedClock, seed: 7, count: 120);
            await RunWorkloadAsync(op, uninterruptedClock, seed: 8, count: 120);
            uninterrupted = [.. reference.Of<TradeExecuted>().Select(t => t.Trade)];
        }

        var clock = new FakeTimeProvider(Start);
        var first = new RecordingSink();
        await using (var op = CreateOperator(Store, clock, 5, first))
        {
            await op.StartAsync();
            await RunWorkloadAsync(op, clock, seed: 7, count: 120);
        }

        await ReopenAsync();
        var second = new RecordingSink();
        await using (var op = CreateOperator(Store, clock, 5, second))
        {
            await op.StartAsync();
            var before = second.Events.Count;
            await RunWorkloadAsync(op, clock, seed: 8, count: 120);
            var after = second.Events.Skip(before).OfType<TradeExecuted>().Select(t => t.Trade);
            Assert.Equal(uninterrupted, [.. first.Of<TradeExecuted>().Select(t => t.Trade), .. after]);
        }
    }

    /// <summary>Prices in ticks of 0.001 USDC/kWh.</summary>
    protected static Price Ticks(long ticks) => new(new Money(ticks * 1_000, Usdc));

    private static MarketOperator CreateOperator(IOrderJournal journal, TimeProvider clock, int snapshotInterval, IMarketEventSink sink)
    {
        var registrations = Names.Select((n, i) => new ParticipantRegistration { Participant = new ParticipantId(n), Zone = i % 2 == 0 ? North : South });
        var options = new MarketOperatorOptions { RunScheduleOnTimer = false, SnapshotInterval = snapshotInterval, WorkerCount = 2 };
        return new MarketOperator(Market, options, new InMemoryParticipantRegistry(registrations), journal, clock, [sink]);
    }

    /// <summary>A seeded stream of bids, offers, cancels and reduces from six participants over three periods, with the clock moving.</summary>
    private static async Task RunWorkloadAsync(MarketOperator op, FakeTimeProvider clock, int seed, int count)
    {
        var random = new Random(seed);
        var placed = new List<(ParticipantId Who, OrderId Order)>();
        for (var i = 0; i < count; i++)
        {
            var who = new ParticipantId(Names[random.Next(Names.Length)]);
            var periods = op.OpenPeriods;
            var period = periods[random.Next(Math.Min(3, periods.Count))];
            switch (random.Next(10))
            {
                case < 7:
                    var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
                    var price = Ticks(side == Side.Buy ? random.Next(60, 110) : random.Next(55, 105));
                    var result = await op.SubmitAsync(new OrderRequest
                    {
                        Participant = who, Period = period, Side = side, LimitPrice = price, Quantity = new Energy(random.Next(1, 40) * 250),
                        AttributeFlags = random.Next(3), RequiredFlags = random.Next(8) == 0 ? 1 : 0,
                    });
                    if (result.IsAccepted)
                    {
                        placed.Add((who, result.OrderId));
                    }

                    break;
                case 7 when placed.Count > 0:
                    var cancel = placed[random.Next(placed.Count)];
                    await op.CancelAsync(cancel.Who, cancel.Order);
                    break;
                case 8 when placed.Count > 0:
                    var reduce = placed[random.Next(placed.Count)];
                    await op.ReduceAsync(reduce.Who, reduce.Order, new Energy(250));
                    break;
                default:
                    clock.Advance(TimeSpan.FromSeconds(random.Next(1, 90)));
                    await op.RunScheduleAsync();
                    break;
            }
        }
    }

    private static async Task<List<MarketEvent>> ReplayAsync(IOrderJournal journal)
    {
        var events = new List<MarketEvent>();
        await foreach (var e in MarketReplay.ReplayAsync(journal, Market))
        {
            events.Add(e);
        }

        return events;
    }

    private sealed class RecordingSink : IMarketEventSink
    {
        private readonly ConcurrentQueue<MarketEvent> _events = new();

        public IReadOnlyList<MarketEvent> Events => [.. _events];

        public IReadOnlyList<T> Of<T>() where T : MarketEvent => [.. _events.OfType<T>()];

        public ValueTask OnEventsAsync(IReadOnlyList<MarketEvent> events, CancellationToken cancellationToken)
        {
            foreach (var e in events)
            {
                _events.Enqueue(e);
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Checks, as each command's events arrive (before its caller is answered), that a second store instance already holds the command.</summary>
    private sealed class JournalCheckingSink(IOrderJournal watcher, MarketId market) : IMarketEventSink
    {
        public ConcurrentQueue<string> Violations { get; } = new();

        public int Checked { get; private set; }

        public async ValueTask OnEventsAsync(IReadOnlyList<MarketEvent> events, CancellationToken cancellationToken)
        {
            var sequence = events[0].Sequence;
            var last = await watcher.GetLastSequenceAsync(market, cancellationToken);
            Checked++;
            if (last < sequence)
            {
                Violations.Enqueue($"The events of entry {sequence} arrived while the database held entries up to {last}.");
            }
        }
    }
}
