using System.Collections.Concurrent;
using EnergySettlement.Matching;
using EnergySettlement.Trading;
using Microsoft.Extensions.Time.Testing;

namespace EnergySettlement.Tests.Trading.Operator;

/// <summary>
/// A market operator on a fake clock, an in-memory journal and registry, and a sink that records every event.
/// The market: USDC, tick 0.001 USDC/kWh, prices 0 … 0.500 (ticks 0 … 500), 15-minute periods, gate 5 minutes before
/// delivery, books open 2 hours before their gate. The clock starts at 2026-06-21 10:00 UTC, so eight books are open:
/// 10:15 … 12:00.
/// </summary>
internal sealed class OperatorFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 6, 21, 10, 0, 0, TimeSpan.Zero);

    public OperatorFixture(Func<MarketDefinition, MarketDefinition>? market = null, Action<MarketOperatorOptions>? options = null, IOrderJournal? journal = null, FakeTimeProvider? clock = null, IEnumerable<ParticipantRegistration>? participants = null, params IMarketEventSink[] extraSinks)
    {
        Clock = clock ?? new FakeTimeProvider(Start);
        Market = (market ?? (m => m))(DefaultMarket());
        Options = new MarketOperatorOptions { RunScheduleOnTimer = false };
        options?.Invoke(Options);
        Journal = journal ?? new InMemoryOrderJournal();
        Participants = new InMemoryParticipantRegistry(participants ?? new[] { "alice", "bob", "carol", "dave" }.Select(p => new ParticipantRegistration { Participant = new ParticipantId(p) }));
        Operator = new MarketOperator(Market, Options, Participants, Journal, Clock, [Sink, .. extraSinks], Logger);
    }

    public FakeTimeProvider Clock { get; }

    public MarketDefinition Market { get; }

    public MarketOperatorOptions Options { get; }

    public IOrderJournal Journal { get; }

    public InMemoryParticipantRegistry Participants { get; }

    public RecordingSink Sink { get; } = new();

    public Meters.ListLogger<MarketOperator> Logger { get; } = new();

    public MarketOperator Operator { get; }

    /// <summary>The first open period (delivery 10:15, gate 10:10).</summary>
    public static DeliveryPeriod First => DeliveryPeriod.Parse("2026-06-21T10:15:00Z/PT15M");

    public static MarketDefinition DefaultMarket() => new()
    {
        Id = new MarketId("sunny-street"),
        QuoteAsset = TestAssets.Usdc,
        TickSize = TestAssets.Usd(1_000),
        MinPrice = new Price(TestAssets.Usd(0)),
        MaxPrice = new Price(TestAssets.Usd(500_000)),
        TradingHorizon = TimeSpan.FromHours(2),
    };

    public static Price Ticks(long ticks) => new(TestAssets.Usd(ticks * 1_000));

    public static ParticipantId P(string name) => new(name);

    public async Task<MarketOperator> StartAsync()
    {
        await Operator.StartAsync();
        return Operator;
    }

    public ValueTask<OrderEntryResult> BuyAsync(string who, long priceTicks, long wattHours, DeliveryPeriod? period = null) =>
        Operator.BuyAsync(P(who), period ?? First, new Energy(wattHours), Ticks(priceTicks));

    public ValueTask<OrderEntryResult> SellAsync(string who, long priceTicks, long wattHours, DeliveryPeriod? period = null) =>
        Operator.SellAsync(P(who), period ?? First, new Energy(wattHours), Ticks(priceTicks));

    public ValueTask<OrderEntryResult> SubmitAsync(string who, Side side, long wattHours, OrderType type = OrderType.Limit, Price? price = null, DeliveryPeriod? period = null) =>
        Operator.SubmitAsync(new OrderRequest { Participant = P(who), Period = period ?? First, Side = side, Type = type, LimitPrice = price, Quantity = new Energy(wattHours) });

    /// <summary>Moves the clock and runs the steps due.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Operator.RunScheduleAsync();
    }

    public async Task<long> JournalLengthAsync() => await Journal.GetLastSequenceAsync(Market.Id);

    public async Task<List<MarketEvent>> ReplayAsync(bool fromLatestSnapshot = false)
    {
        var events = new List<MarketEvent>();
        await foreach (var e in MarketReplay.ReplayAsync(Journal, Market, fromLatestSnapshot))
        {
            events.Add(e);
        }

        return events;
    }

    public async ValueTask DisposeAsync() => await Operator.DisposeAsync();
}

/// <summary>Records every event a market delivers to its sinks.</summary>
internal sealed class RecordingSink : IMarketEventSink
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
