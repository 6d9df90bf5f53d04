using System.Diagnostics;
using System.Globalization;

namespace EnergySettlement.Matching.Benchmarks.Latency;

/// <summary>
/// Measures how often, and for how long, this machine pauses a thread that does nothing but read the clock: the
/// floor under any constant-rate latency figure. A gap between two consecutive clock reads longer than a loop
/// iteration is time the thread did not run (an interrupt, the hypervisor descheduling the vCPU, the OS running
/// something else).
/// </summary>
internal static class PauseProbe
{
    private static readonly long[] ThresholdsNs = [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 1_000_000];

    public static void Run(string[] args)
    {
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        long frequency = Stopwatch.Frequency;
        var counts = new long[ThresholdsNs.Length];
        var pausedNs = new double[ThresholdsNs.Length];
        long reads = 0;
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(seconds * frequency);
        long previous = start;
        long now;
        do
        {
            now = Stopwatch.GetTimestamp();
            double gapNs = (now - previous) * 1e9 / frequency;
            previous = now;
            reads++;
            for (int i = 0; i < ThresholdsNs.Length && gapNs >= ThresholdsNs[i]; i++)
            {
                counts[i]++;
                pausedNs[i] += gapNs;
            }
        }
        while (now < end);

        double elapsed = (now - start) / (double)frequency;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{reads:N0} clock reads in {elapsed:0.00} s."));
        Console.WriteLine();
        Console.WriteLine("| pauses of at least | per second | share of time paused |");
        Console.WriteLine("|---:|---:|---:|");
        for (int i = 0; i < ThresholdsNs.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {ThresholdsNs[i] / 1000.0:0.#} µs | {counts[i] / elapsed:N0} | {pausedNs[i] / 1e9 / elapsed * 100:0.000} % |"));
        }

        Console.WriteLine();
        Console.WriteLine("A constant-rate p99.9 under T needs the share of time in pauses of at least T to stay under 0.1 %.");
    }
}
