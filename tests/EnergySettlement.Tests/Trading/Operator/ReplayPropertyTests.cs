using CsCheck;
using EnergySettlement.Matching;
using EnergySettlement.Trading;
using static EnergySettlement.Tests.Trading.Operator.OperatorFixture;

namespace EnergySettlement.Tests.Trading.Operator;

/// <summary>
/// Random streams of order entries and clock steps through the live operator (threaded engine, group-committed journal),
/// then: a full replay of the journal yields the live events; a snapshot taken anywhere plus the tail after it yields the
/// full replay's events and state; a restarted operator reaches the same open orders. Half the runs trade on a grid (two
/// zones, a network fee, a tight transfer limit, attribute and requirement flags), so snapshots must carry the energy
/// already moved between zones. CsCheck prints the seed of a failure.
/// </summary>
public sealed class ReplayPropertyTests
{
    private static readonly string[] Who = ["alice", "bob", "carol", "dave"];

    /// <summary>One step of a stream: an order, a cancel or reduce of an earlier order (by anyone), or the clock moving.</summary>
    private sealed record Step(int Kind, int Participant, int Period, Side Side, OrderType Type, long Price, long Quantity, int Target, int Minutes)
    {
        public override string ToString() => Kind switch
        {
            0 => $"{Who[Participant]} {Type} {Side} {Quantity} Wh @ {Price} in book {Period}",
            1 => $"{Who[Participant]} cancels #{Target}",
            2 => $"{Who[Participant]} reduces #{Target} by {Quantity}",
            3 => $"operator cancels #{Target}",
            _ => $"clock +{Minutes} min",
        };
    }

    private static readonly Gen<Step> AnyStep = Gen.Frequency(
        (10, Gen.Select(Gen.Int[0, 3], Gen.Int[0, 4], Gen.Enum<Side>(), Gen.Frequency((6, Gen.Const(OrderType.Limit)), (1, Gen.Const(OrderType.ImmediateOrCancel)), (1, Gen.Const(OrderType.FillOrKill)), (1, Gen.Const(OrderType.Market))), Gen.Long[40, 60], Gen.Long[1, 1_000])
            .Select((p, b, s, t, price, q) => new Step(0, p, b, s, t, price, q, 0, 0))),
        (2, Gen.Select(Gen.Int[0, 3], Gen.Int[0, 200]).Select((p, target) => new Step(1, p, 0, Side.Buy, OrderType.Limit, 0, 0, target, 0))),
        (2, Gen.Select(Gen.Int[0, 3], Gen.Int[0, 200], Gen.Long[1, 600]).Select((p, target, q) => new Step(2, p, 0, Side.Buy, OrderType.Limit, 0, q, target, 0))),
        (1, Gen.Int[0, 200].Select(target => new Step(3, 0, 0, Side.Buy, OrderType.Limit, 0, 0, target, 0))),
        (2, Gen.Int[0, 12].Select(minutes => new Step(4, 0, 0, Side.Buy, OrderType.Limit, 0, 0, 0, minutes))));

    private static readonly Gen<(int Schedule, int Workers, int Snapshots, double Cut, bool Zoned, Step[] Steps)> AnyRun =
        Gen.Select(Gen.Int[0, 2], Gen.Int[1, 3], Gen.Int[0, 3], Gen.Double[0, 1], Gen.Bool, AnyStep.Array[10, 120]);

    private static readonly ZoneId North = new("north"), South = new("south");

    /// <summary>alice and carol in the north, bob and dave in the south; 2 ticks per kWh either way, at most 1.5 kWh a period north to south.</summary>
    private static MarketDefinition WithGrid(MarketDefinition market, bool zoned) => !zoned ? market : market with
    {
        GridOperator = P("grid-co"),
        Grid = new MarketGrid { Zones = [North, South], NetworkFees = [new(North, South, Ticks(2)), new(South, North, Ticks(2))], TransferLimits = [new(North, South, new Energy(1_500))] },
    };

    private static IEnumerable<ParticipantRegistration> Registrations() =>
        Who.Select((w, i) => new ParticipantRegistration { Participant = P(w), Zone = i % 2 == 0 ? North : South });

    [Fact]
    public async Task Replay_RandomStreams_EqualsLiveAndSnapshotPlusTailEqualsFullReplay() =>
        await AnyRun.SampleAsync(async run =>
        {
            var journal = new InMemoryOrderJournal();
            var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
            var schedule = run.Schedule switch
            {
                0 => MarketSchedule.Continuous,
                1 => MarketSchedule.PeriodicAuction(TimeSpan.FromMinutes(5)),
                _ => MarketSchedule.DayAheadAuction(new TimeOnly(10, 30)),
            };
            List<MarketEvent> live;
            await using (var market = new OperatorFixture(
                m => WithGrid(m with { Schedule = schedule, TradingHorizon = run.Schedule == 2 ? TimeSpan.FromHours(12) : TimeSpan.FromHours(1), PeriodLength = run.Schedule == 2 ? TimeSpan.FromHours(6) : m.PeriodLength }, run.Zoned),
                o =>
                {
                    o.WorkerCount = run.Workers;
                    o.BookCapacity = 64;
                    o.MaxBatchSize = 8;
                    o.Limits.MaxRestingOrders = 25;
                    o.SnapshotInterval = run.Snapshots == 0 ? 0 : run.Snapshots * 7;
                },
                journal,
                clock,
                Registrations()))
            {
                await market.StartAsync();
                await DriveAsync(market, run.Steps);
                live = [.. market.Sink.Events];
            }

            var definition = WithGrid(OperatorFixture.DefaultMarket() with { Schedule = schedule, TradingHorizon = run.Schedule == 2 ? TimeSpan.FromHours(12) : TimeSpan.FromHours(1), PeriodLength = run.Schedule == 2 ? TimeSpan.FromHours(6) : TimeSpan.FromMinutes(15) }, run.Zoned);
            var entries = new List<OrderJournalEntry>();
            await foreach (var entry in journal.ReadAsync(definition.Id, 0))
            {
                entries.Add(entry);
            }

            // The full replay re-emits exactly what the live operator delivered.
            var full = new JournalReplayer(definition);
            var replayed = entries.SelectMany(full.Apply).ToList();
            Assert.Equal(live, replayed);

            // A snapshot anywhere, restored, plus the tail: the same later events and the same final state.
            var cut = (int)(run.Cut * entries.Count);
            var head = new JournalReplayer(definition);
            foreach (var entry in entries.Take(cut))
            {
                head.Apply(entry);
            }

            var snapshot = head.Snapshot();
            var tail = new JournalReplayer(definition);
            tail.Restore(snapshot);
            var tailEvents = entries.Skip(cut).SelectMany(tail.Apply).ToList();
            Assert.Equal(replayed.Where(e => e.Sequence > cut), tailEvents);
            Assert.Equal(full.Snapshot(), tail.Snapshot());

            // A restarted operator (from the operator's own latest snapshot, if any) holds the same open orders.
            await using var restarted = new OperatorFixture(m => definition, o => o.BookCapacity = 64, journal, clock, Registrations());
            await restarted.StartAsync();
            foreach (var who in Who)
            {
                Assert.Equal(full.State.OpenOrdersOf(P(who)), restarted.Operator.GetOpenOrders(P(who)));
            }
        }, iter: 40, threads: 1);

    private static async Task DriveAsync(OperatorFixture market, Step[] steps)
    {
        var op = market.Operator;
        var placed = new List<OrderId>();
        foreach (var step in steps)
        {
            var periods = op.OpenPeriods;
            OrderEntryResult? result = null;
            switch (step.Kind)
            {
                case 0:
                    var type = market.Market.Schedule.IsAuction ? OrderType.Limit : step.Type;
                    result = await op.SubmitAsync(new OrderRequest
                    {
                        Participant = P(Who[step.Participant]),
                        Period = periods.Count > 0 ? periods[step.Period % periods.Count] : First,
                        Side = step.Side,
                        Type = type,
                        LimitPrice = type == OrderType.Market ? null : Ticks(step.Price),
                        Quantity = new Energy(step.Quantity),
                        AttributeFlags = (int)(step.Quantity % 3),
                        RequiredFlags = !market.Market.Schedule.IsAuction && step.Price % 7 == 0 ? 1 : 0,
                    });
                    if (result.IsAccepted)
                    {
                        placed.Add(result.OrderId);
                    }

                    break;
                case 1 when placed.Count > 0:
                    result = await op.CancelAsync(P(Who[step.Participant]), placed[step.Target % placed.Count]);
                    break;
                case 2 when placed.Count > 0:
                    result = await op.ReduceAsync(P(Who[step.Participant]), placed[step.Target % placed.Count], new Energy(step.Quantity));
                    break;
                case 3 when placed.Count > 0:
                    result = await op.CancelAsOperatorAsync(placed[step.Target % placed.Count]);
                    break;
                case 4:
                    await market.AdvanceAsync(TimeSpan.FromMinutes(step.Minutes));
                    break;
            }

            if (result is { IsAccepted: false, Reason: OrderRejectionReason.RejectedByEngine })
            {
                Assert.Fail($"Unexpected engine refusal after '{step}': {result}");
            }
        }
    }
}
