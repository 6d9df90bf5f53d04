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
        ExchangeWorkload single = ExchangeWorkload.Generate(1_000_000, seed: 42);
        var singleBook = new OrderBook(ExchangeWorkload.BookOptions());
        var zonedCpu = new List<double>();
        var singleCpu = new List<double>();
        for (int pass = 0; pass < 7; pass++)
        {
            // Alternating passes, so both see the same machine; thread CPU time leaves out the waits for a core.
            (double zonedWall, double zonedThread) = Pass(book, workload);
            (double singleWall, double singleThread) = Pass(singleBook, single);
            zonedCpu.Add(zonedThread);
            singleCpu.Add(singleThread);
            Console.WriteLine($"pass {pass}: 16 zones {zonedWall:F1} ns/command wall, {zonedThread:F1} thread CPU; one zone {singleWall:F1} wall, {singleThread:F1} thread CPU");
        }

        zonedCpu.Sort();
        singleCpu.Sort();
        Console.WriteLine($"thread CPU per command, median of 7: 16 zones {zonedCpu[3]:F1} ns ({1e3 / zonedCpu[3]:F1} M commands per CPU second), one zone {singleCpu[3]:F1} ns; ratio {zonedCpu[3] / singleCpu[3]:F2}");

        ProbeAuction();
    }

    private static (double Wall, double Thread) Pass(OrderBook book, ExchangeWorkload workload)
    {
        book.Reset();
        var sink = new GridSink();
        foreach (Command command in workload.Prefill)
        {
            book.Process(in command, ref sink);
        }

        Command[] commands = workload.Commands;
        long cpu = ThreadCpuClock.Nanoseconds();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < commands.Length; i++)
        {
            book.Process(in commands[i], ref sink);
        }

        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds * 1e9 / commands.Length;
        double thread = (ThreadCpuClock.Nanoseconds() - cpu) / (double)commands.Length;
        return (wall, thread);
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
        for (int pass = 0; pass < 7; pass++)
        {
            long cpu = ThreadCpuClock.Nanoseconds();
            long start = Stopwatch.GetTimestamp();
            UniformPriceClearingRule.Instance.Clear(orders, network, result);
            double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            double thread = (ThreadCpuClock.Nanoseconds() - cpu) / 1e6;
            long cpuSingle = ThreadCpuClock.Nanoseconds();
            UniformPriceClearingRule.Instance.Clear(orders, result);
            double single = (ThreadCpuClock.Nanoseconds() - cpuSingle) / 1e6;
            Console.WriteLine($"pass {pass}: zonal rule {wall:F1} ms wall, {thread:F1} ms thread CPU; single-zone rule on the same orders {single:F1} ms thread CPU");
        }

        (Command[] commands, _) = ZonalAuctionBenchmarks.Generate(100_000, seed: 16);
        var book = new OrderBook(new OrderBookOptions { MinTick = 0, MaxTick = 20_000, Capacity = commands.Length, Mode = BookMode.CallAuction, ZoneNetwork = network });
        for (int pass = 0; pass < 5; pass++)
        {
            Throughput.CallAuctionBookRuns.Refill(book, commands);
            long cpu = ThreadCpuClock.Nanoseconds();
            long start = Stopwatch.GetTimestamp();
            long traded = Throughput.CallAuctionBookRuns.Uncross(book);
            double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            double thread = (ThreadCpuClock.Nanoseconds() - cpu) / 1e6;
            Console.WriteLine($"pass {pass}: zoned book uncross {wall:F1} ms wall, {thread:F1} ms thread CPU ({traded:N0} Wh traded)");
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
