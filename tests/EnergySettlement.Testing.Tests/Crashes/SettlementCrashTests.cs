using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace EnergySettlement.Testing.Tests.Crashes;

/// <summary>
/// The crash harness: a child process settles window after window through the <c>SettlementService</c> against a SQLite
/// journal and a simulated chain kept in a file, and is killed with SIGKILL after a random number of steps — during
/// recovery, planning, signing, sending, mining or finality — 50 times per step, 500 in all (ten steps, each from an empty journal and chain, so the
/// full check at each restart stays cheap). Each restart recovers,
/// finishes every recorded batch and checks that every obligation is paid exactly once and that every party's balance
/// moved by exactly its obligations; the last start of a step does the same and exits. The chain lets a batch id be paid
/// twice, so a double payment would show in the balances. The seed is printed, and is in every failure message
/// (ES_CRASH_SEED repeats a run).
/// </summary>
public sealed class SettlementCrashTests(ITestOutputHelper output)
{
    private const int KillsPerStep = 50;
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public async Task KilledAtRandomPoints_EveryRestartRecoversAndEveryObligationIsPaidExactlyOnce(int step)
    {
        var seed = (Environment.GetEnvironmentVariable("ES_CRASH_SEED") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : Random.Shared.Next()) + step;
        output.WriteLine($"step {step}, seed {seed} (set ES_CRASH_SEED={seed - step} to repeat)");
        var random = new Random(seed);
        var directory = Directory.CreateTempSubdirectory("es-crash-");
        var clock = Stopwatch.StartNew();
        try
        {
            var seedText = seed.ToString(CultureInfo.InvariantCulture);
            await RunToEndAsync(["init", directory.FullName, seedText], "ready", seed);
            int verifiedRestarts = 0, killsDuringRecovery = 0, lines = 0;
            for (var kill = 1; kill <= KillsPerStep; kill++)
            {
                // Lines 1-4 are recovery and the drain; later ones are windows being planned, sent and mined.
                var linesBeforeKill = random.Next(1, 24);
                var run = await CrashChild.RunAsync(["run", directory.FullName, seedText], linesBeforeKill, ChildTimeout);
                lines += run.Lines.Count;
                if (run.Lines.FirstOrDefault(l => l.StartsWith("FAIL", StringComparison.Ordinal)) is { } failure)
                {
                    Assert.Fail($"seed {seed}, step {step}, kill {kill}: {failure}");
                }

                Assert.True(run.Killed, $"seed {seed}, step {step}, kill {kill}: the harness exited (code {run.ExitCode}) before it was killed");
                if (run.Lines.Any(l => l.StartsWith("verified", StringComparison.Ordinal)))
                {
                    verifiedRestarts++;
                }
                else
                {
                    killsDuringRecovery++;
                }
            }

            var final = await RunToEndAsync(["drain", directory.FullName, seedText], "verified", seed);
            var elapsed = clock.Elapsed;
            output.WriteLine($"{KillsPerStep} kills ({killsDuringRecovery} during recovery, {verifiedRestarts} after a verified recovery), {lines} steps seen, then: {final}");
            output.WriteLine($"{elapsed.TotalSeconds:F1} s, {elapsed.TotalMilliseconds / KillsPerStep:F0} ms per kill cycle");
            Assert.True(verifiedRestarts >= KillsPerStep / 2, $"seed {seed}: only {verifiedRestarts} of {KillsPerStep} restarts got as far as verifying");
            Assert.Matches(@"^verified [1-9]\d* windows", final);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<string> RunToEndAsync(string[] arguments, string expected, int seed)
    {
        var run = await CrashChild.RunAsync(arguments, int.MaxValue, ChildTimeout);
        if (run.Lines.FirstOrDefault(l => l.StartsWith("FAIL", StringComparison.Ordinal)) is { } failure)
        {
            Assert.Fail($"seed {seed}, {arguments[0]}: {failure}");
        }

        Assert.Equal(0, run.ExitCode);
        return run.Lines.LastOrDefault(l => l.StartsWith(expected, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"seed {seed}, {arguments[0]}: no '{expected}' line in: {string.Join(" | ", run.Lines)}");
    }
}
