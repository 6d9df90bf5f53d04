using System.Diagnostics;

namespace EnergySettlement.Storage.Contracts.Crashes;

/// <summary>
/// Runs a crash child (<c>dotnet &lt;assembly&gt; …</c>) and kills it with SIGKILL after it has printed a given number of
/// lines (acknowledged writes, settled steps), returning every line it printed, including those printed between the count
/// being reached and the kill landing. Shared by the storage crash tests and the settlement crash harness.
/// </summary>
public static class CrashHarness
{
    /// <summary>Starts the child, waits for <paramref name="acknowledgementsBeforeKill"/> lines, kills it, and returns every line.</summary>
    /// <param name="assemblyPath">The test assembly whose <c>Main</c> runs the child.</param>
    /// <param name="arguments">The child's arguments.</param>
    /// <param name="acknowledgementsBeforeKill">How many acknowledgements to wait for before the kill.</param>
    /// <param name="timeout">How long to wait for them; the child is killed and the test fails after it.</param>
    /// <returns>Every acknowledgement line the child printed.</returns>
    public static async Task<IReadOnlyList<string>> RunUntilKilledAsync(string assemblyPath, IEnumerable<string> arguments, int acknowledgementsBeforeKill, TimeSpan timeout)
    {
        var run = await RunAsync(assemblyPath, arguments, acknowledgementsBeforeKill, timeout).ConfigureAwait(false);
        if (!run.Killed)
        {
            throw new InvalidOperationException($"The crash child exited with code {run.ExitCode} after {run.Lines.Count} acknowledgements, before it was killed. Its errors: {run.Errors}");
        }

        return run.Lines;
    }

    /// <summary>Starts the child and kills it (SIGKILL) once it has printed <paramref name="linesBeforeKill"/> lines, or
    /// lets it exit on its own if it ends first.</summary>
    /// <param name="assemblyPath">The assembly <c>dotnet</c> runs.</param>
    /// <param name="arguments">The child's arguments.</param>
    /// <param name="linesBeforeKill">How many lines to read before the kill.</param>
    /// <param name="timeout">How long the child may run; it is killed and a <see cref="TimeoutException"/> thrown after it.</param>
    /// <param name="environment">Environment variables added for the child.</param>
    /// <returns>Every line it printed, whether it was killed, its exit code (-1 when killed) and its standard error.</returns>
    public static async Task<CrashRun> RunAsync(string assemblyPath, IEnumerable<string> arguments, int linesBeforeKill, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assemblyPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("The crash child did not start.");
        var errors = child.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        using var deadline = new CancellationTokenSource(timeout);
        var killed = false;
        try
        {
            while (await child.StandardOutput.ReadLineAsync(deadline.Token).ConfigureAwait(false) is { } line)
            {
                lines.Add(line);
                if (!killed && lines.Count >= linesBeforeKill)
                {
                    // SIGKILL: no finally blocks, no flush, no dispose; whatever the child had in flight is cut off.
                    child.Kill(entireProcessTree: true);
                    killed = true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException($"The crash child printed {lines.Count} of {linesBeforeKill} lines within {timeout} and was still running. Last lines: {string.Join(" | ", lines.TakeLast(5))}. Its errors: {await errors.ConfigureAwait(false)}");
        }

        await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return new CrashRun(lines, killed, killed ? -1 : child.ExitCode, await errors.ConfigureAwait(false));
    }
}

/// <summary>What one run of a crash child printed and how it ended.</summary>
/// <param name="Lines">Every line it printed on standard output.</param>
/// <param name="Killed">Whether it was killed (false when it exited first).</param>
/// <param name="ExitCode">Its exit code; -1 when killed.</param>
/// <param name="Errors">What it printed on standard error.</param>
public sealed record CrashRun(IReadOnlyList<string> Lines, bool Killed, int ExitCode, string Errors);
