using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using EnergySettlement.Trading;
using static EnergySettlement.Tests.Trading.Operator.OperatorFixture;

namespace EnergySettlement.Tests.Trading.Operator;

/// <summary>The market operator's instruments on the core's one meter and activity source (named <c>EnergySettlement</c>), tagged with <c>market.id</c>.</summary>
public sealed class TelemetryTests
{
    private static readonly ZoneId North = new("north"), South = new("south");

    [Fact]
    public async Task Instruments_OfAZonedMarket_CountOrdersTradesEnergyAndRecovery()
    {
        var marketId = new MarketId("telemetry-" + Guid.NewGuid().ToString("N")[..8]);
        var measurements = new ConcurrentQueue<(string Name, double Value, string? Reason)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "EnergySettlement" && instrument.Name.StartsWith("energy_settlement.market.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        meters.Start();
        var activities = new ConcurrentQueue<Activity>();
        using var source = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "EnergySettlement",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (Equals(a.GetTagItem("market.id"), marketId.Value))
                {
                    activities.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(source);

        var participants = new[] { new ParticipantRegistration { Participant = P("alice"), Zone = North }, new ParticipantRegistration { Participant = P("bob"), Zone = South } };
        await using (var market = new OperatorFixture(
            m => m with { Id = marketId, GridOperator = P("grid-co"), Grid = new MarketGrid { Zones = [North, South], NetworkFees = [new(North, South, Ticks(5))] } },
            participants: participants))
        {
            await market.StartAsync();
            await market.SellAsync("alice", 80, 1_500);
            await market.BuyAsync("bob", 90, 1_000);
            await market.BuyAsync("bob", 900, 1_000);   // outside the band
        }

        Assert.Equal(2, Sum("energy_settlement.market.orders.accepted"));
        Assert.Equal(1, Sum("energy_settlement.market.orders.rejected", nameof(OrderRejectionReason.PriceOutOfBand)));
        Assert.Equal(1, Sum("energy_settlement.market.trades"));
        Assert.Equal(1_000, Sum("energy_settlement.market.traded_energy"));
        Assert.Equal(1_000, Sum("energy_settlement.market.cross_zone_energy"));
        Assert.Single(measurements, m => m.Name == "energy_settlement.market.recovery.duration");
        Assert.Contains(measurements, m => m.Name == "energy_settlement.market.journal.append.duration");
        var recovery = Assert.Single(activities, a => a.OperationName == "MarketOperator.Recover");
        Assert.Equal((0L, 0L), ((long)recovery.GetTagItem("journal.snapshot")!, (long)recovery.GetTagItem("journal.replayed")!));

        double Sum(string name, string? reason = null) => measurements.Where(m => m.Name == name && (reason is null || m.Reason == reason)).Sum(m => m.Value);

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? market = null, reason = null;
            foreach (var tag in tags)
            {
                market = tag.Key == "market.id" ? tag.Value as string : market;
                reason = tag.Key == "reason" ? tag.Value as string : reason;
            }

            if (market == marketId.Value)
            {
                measurements.Enqueue((instrument.Name, value, reason));
            }
        }
    }
}
