using System.Diagnostics;
using System.Globalization;
using EnergySettlement.Matching.Benchmarks.Workloads;
using EnergySettlement.Matching.Reference;
using HdrHistogram;

namespace EnergySettlement.Matching.Benchmarks.Latency;

/// <summary>
/// exchange-core's latency method: offer commands at a constant rate without waiting for the previous one's outcome,
/// measure each command from its scheduled send time (so a stall also delays, and is charged to, the commands queued
/// behind it: no coordinated omission) to the end of its processing, record every latency in an HDR histogram, and
/// print a rate-versus-percentile table.
/// </summary>
/// <remarks>
/// Each constant rate is measured twice: with the engine, and with the same schedule and clock reads but no engine
/// (the "machine floor"). The floor is what this machine charges a loop that does nothing: every pause of the thread
/// (timer interrupts, the hypervisor descheduling a vCPU) lands on the commands due during it. A percentile at or
/// near the floor's is the machine's, not the engine's.
/// </remarks>
internal static class LatencyHarness
{
    public static void Run(string[] args)
    {
        int count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3_000_000;
        long[] rates = [1_000_000, 5_000_000, 0];
        ExchangeWorkload workload = ExchangeWorkload.Generate(count, seed: 7);
        Console.WriteLine($"Workload: {count:N0} commands ({workload.Mix}); book pre-filled with {workload.Prefill.Length:N0} orders.");
        Console.WriteLine($"Stopwatch frequency {Stopwatch.Frequency:N0} Hz; latencies in ns.");
        Console.WriteLine();
        Console.WriteLine("| offered rate | achieved rate | p50 | p90 | p99 | p99.9 | p99.99 | max |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        var book = new OrderBook(ExchangeWorkload.BookOptions());

        // One unrecorded pass warms up the JIT (tiered compilation, PGO) before any measurement.
        Measure(book, workload, 0, record: false, engine: true);
        Measure(book, workload, 0, record: false, engine: false);
        foreach (long rate in rates)
        {
            Measure(book, workload, rate, record: true, engine: true);
            if (rate != 0)
            {
                Measure(book, workload, rate, record: true, engine: false);
            }
        }

        Console.WriteLine();
        (double wall, double cpu) = BestThroughput(book, workload, 5);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Untimed flat-out throughput, best of 5 passes: {wall / 1e6:0.00}M commands per wall-clock second, {cpu / 1e6:0.00}M commands per CPU second of the process (excludes time the OS gave other processes)."));
    }

    /// <summary>Processes the whole stream without per-command clock reads and returns the best commands-per-second.</summary>
    private static (double Wall, double Cpu) BestThroughput(OrderBook book, ExchangeWorkload workload, int passes)
    {
        double best = 0;
        double bestCpu = 0;
        using var process = Process.GetCurrentProcess();
        Command[] commands = workload.Commands;
        for (int pass = 0; pass < passes; pass++)
        {
            book.Reset();
            var sink = new CountingSink();
            foreach (Command command in workload.Prefill)
            {
                book.Process(in command, ref sink);
            }

            process.Refresh();
            TimeSpan cpuStart = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < commands.Length; i++)
            {
                book.Process(in commands[i], ref sink);
            }

            double seconds = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
            process.Refresh();
            double cpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds;
            best = Math.Max(best, commands.Length / seconds);
            bestCpu = Math.Max(bestCpu, commands.Length / Math.Max(cpuSeconds, 1e-9));
        }

        return (best, bestCpu);
    }

    private static void Measure(OrderBook book, ExchangeWorkload workload, long rate, bool record, bool engine)
    {
        book.Reset();
        var sink = new CountingSink();
        foreach (Command command in workload.Prefill)
        {
            book.Process(in command, ref sink);
        }

        var histogram = new LongHistogram(1, 10_000_000_000L, 3);
        Command[] commands = workload.Commands;
        double ticksPerNs = Stopwatch.Frequency / 1e9;
        double intervalTicks = rate == 0 ? 0 : Stopwatch.Frequency / (double)rate;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < commands.Length; i++)
        {
            long scheduled = rate == 0 ? Stopwatch.GetTimestamp() : start + (long)(i * intervalTicks);
            if (rate != 0)
            {
                while (Stopwatch.GetTimestamp() < scheduled)
                {
                    Thread.SpinWait(1);
                }
            }

            if (engine)
            {
                book.Process(in commands[i], ref sink);
            }

            long done = Stopwatch.GetTimestamp();
            if (record)
            {
                histogram.RecordValue(Math.Max(1, (long)((done - scheduled) / ticksPerNs)));
            }
        }

        double seconds = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        if (!record)
        {
            return;
        }

        string offered = (rate == 0 ? "flat out" : $"{rate / 1e6:0.#}M/s") + (engine ? string.Empty : ", no engine (machine floor)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {offered} | {commands.Length / seconds / 1e6:0.00}M/s | {histogram.GetValueAtPercentile(50)} | {histogram.GetValueAtPercentile(90)} | {histogram.GetValueAtPercentile(99)} | {histogram.GetValueAtPercentile(99.9)} | {histogram.GetValueAtPercentile(99.99)} | {histogram.GetMaxValue()} |"));
    }
}
