using System.Diagnostics;
using EnergySettlement.Matching.Auctions;
using EnergySettlement.Matching.Benchmarks.Workloads;

namespace EnergySettlement.Matching.Benchmarks.Grid;

/// <summary>
/// `-- grid-mix`: describes the zoned benchmark stream (command mix, trades inside and between zones, pairs of zones
/// whose transfer limit filled) and times a few untimed-by-BenchmarkDotNet passes with a Stopwatch, as a quick check.
/// </summary>
internal static class GridWorkloadProbe
{
    public static void Run()
    {
        ZoneNetwork network = GridWorkloads.SixteenZones(ZonedMatchingThroughputBenchmarks.SubstationLimitWh);
        ExchangeWorkload workload = ExchangeWorkload.Generate(1_000_000, seed: 42, network);
        var book = new OrderBook(ExchangeWorkload.BookOptions(network));
        var sink = new GridSink();
        foreach (Command command in workload.Prefill)
        {
            book.Process(in command, ref sink);
        }

        sink = new GridSink();
        foreach (Command command in workload.Commands)
        {
            book.Process(in command, ref sink);
        }

        int full = 0;
        int limited = 0;
        for (int from = 0; from < network.ZoneCount; from++)
        {
            for (int to = 0; to < network.ZoneCount; to++)
            {
                long limit = network.GetTransferLimit(from, to);
                if (from != to && limit != ZoneNetwork.Unlimited)
                {
                    limited++;
                    full += book.FlowBetween(from, to) == limit ? 1 : 0;
                }
            }
        }

        Console.WriteLine($"{workload.Mix}");
        Console.WriteLine($"trades {sink.Trades:N0}: inside a zone {sink.Inside:N0}, between feeders {sink.Feeders:N0}, between substations {sink.Substations:N0}; {sink.TradedWh:N0} Wh, fees {sink.FeeTickWh:N0} tick·Wh");
        Console.WriteLine($"limited pairs full at the end: {full} of {limited}; resting orders {book.Count}");
        for (int pass = 0; pass < 5; pass++)
        {
            book.Reset();
            var s = new GridSink();
            foreach (Command command in workload.Prefill)
            {
                book.Process(in command, ref s);
            }

            long start = Stopwatch.GetTimestamp();
            foreach (Command command in workload.Commands)
            {
                book.Process(in command, ref s);
            }

            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Console.WriteLine($"pass {pass}: {workload.Commands.Length / seconds / 1e6:F1} M commands/s ({seconds * 1e9 / workload.Commands.Length:F1} ns/command)");
        }

        ProbeAuction();
    }

    private static void ProbeAuction()
    {
        ZoneNetwork network = GridWorkloads.SixteenZones(ZonalAuctionBenchmarks.SubstationLimitWh);
        (_, AuctionOrder[] orders) = ZonalAuctionBenchmarks.Generate(100_000, seed: 16);
        var result = new ClearingResult();
        UniformPriceClearingRule.Instance.Clear(orders, network, result);
        var verdict = new ClearingResultValidator().Validate(orders, result, network);
        long bought = 0;
        foreach (AuctionFill fill in result.Fills)
        {
            bought += orders[fill.OrderIndex].Side == Side.Buy ? fill.Quantity : 0;
        }

        int full = 0;
        long moved = 0;
        foreach (ZoneTransfer transfer in result.Transfers)
        {
            moved += transfer.Quantity;
            full += transfer.Quantity == network.GetTransferLimit(transfer.FromZone, transfer.ToZone) ? 1 : 0;
        }

        var prices = new List<string>();
        for (int zone = 0; zone < network.ZoneCount; zone++)
        {
            prices.Add(result.GetZonePriceTick(zone)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        }

        Console.WriteLine($"zonal auction, 100,000 orders: {verdict}; fills {result.Count:N0}, bought {bought:N0} Wh, transfers {result.Transfers.Length} moving {moved:N0} Wh, {full} at their limit; congestion rent {verdict.CongestionRent:N0} tick·Wh");
        Console.WriteLine($"zone prices: {string.Join(' ', prices)}");
        for (int pass = 0; pass < 5; pass++)
        {
            long start = Stopwatch.GetTimestamp();
            UniformPriceClearingRule.Instance.Clear(orders, network, result);
            Console.WriteLine($"zonal rule pass {pass}: {Stopwatch.GetElapsedTime(start).TotalMilliseconds:F1} ms");
        }
    }

    private struct GridSink : IMatchingEventSink
    {
        public long Trades;
        public long Inside;
        public long Feeders;
        public long Substations;
        public long TradedWh;
        public long FeeTickWh;

        public void OnEvent(in MatchingEvent e)
        {
            if (e.Kind != MatchingEventKind.Trade)
            {
                return;
            }

            Trades++;
            TradedWh += e.Quantity;
            FeeTickWh += e.Quantity * e.NetworkFeeTick;
            if (e.Zone == e.CounterZone)
            {
                Inside++;
            }
            else if (e.Zone / GridWorkloads.FeedersPerSubstation == e.CounterZone / GridWorkloads.FeedersPerSubstation)
            {
                Feeders++;
            }
            else
            {
                Substations++;
            }
        }
    }
}
