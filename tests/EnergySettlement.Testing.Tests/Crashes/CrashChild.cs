using EnergySettlement.Storage.Contracts.Crashes;

namespace EnergySettlement.Testing.Tests.Crashes;

/// <summary>
/// Starts the crash harness (<c>dotnet EnergySettlement.CrashHarness.dll …</c>, built beside this test project) and
/// either kills it with SIGKILL after a number of output lines or waits for it to exit. Also compiled into
/// EnergySettlement.Ethereum.Tests (linked), whose Anvil crash test drives the same harness.
/// </summary>
internal static class CrashChild
{
    /// <summary>Gets the harness assembly built in the same configuration as this test assembly.</summary>
    public static string AssemblyPath { get; } = FindHarness();

    /// <summary>Runs the child until it has printed <paramref name="linesBeforeKill"/> lines, then kills it (SIGKILL).</summary>
    /// <param name="arguments">The harness's arguments.</param>
    /// <param name="linesBeforeKill">How many lines to read before the kill.</param>
    /// <param name="timeout">How long the child may run.</param>
    /// <param name="environment">Environment variables added for the child (the Anvil mode's node, contract and keys).</param>
    /// <returns>Every line it printed, and whether it was killed (false when it exited first).</returns>
    public static async Task<(IReadOnlyList<string> Lines, bool Killed, int ExitCode)> RunAsync(IEnumerable<string> arguments, int linesBeforeKill, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var run = await CrashHarness.RunAsync(AssemblyPath, arguments, linesBeforeKill, timeout, environment);
        if (!run.Killed && run.ExitCode != 0 && !run.Lines.Any(l => l.StartsWith("FAIL", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"The crash harness exited with code {run.ExitCode}. Last lines: {string.Join(" | ", run.Lines.TakeLast(5))}. Errors: {run.Errors}");
        }

        return (run.Lines, run.Killed, run.ExitCode);
    }

    private static string FindHarness()
    {
        // bin/<configuration>/<framework>/ of this project → the harness's bin/<configuration>/<framework>/.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!;
        var projects = configuration.Parent!.Parent!.Parent!;
        var path = Path.Combine(projects.FullName, "EnergySettlement.CrashHarness", "bin", configuration.Name, framework.Name, "EnergySettlement.CrashHarness.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("The crash harness is not built; build tests/EnergySettlement.CrashHarness in the same configuration.", path);
    }
}
