using System.Diagnostics;

namespace EnergySettlement.Storage.Contracts.Crashes;

/// <summary>
/// Runs a crash child (<c>dotnet &lt;test assembly&gt; crash-child …</c>) and kills it with SIGKILL after it has
/// acknowledged a given number of writes, returning every acknowledgement it printed, including those printed between
/// the count being reached and the kill landing.
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

        using var child = Process.Start(start) ?? throw new InvalidOperationException("The crash child did not start.");
        var errors = child.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        using var deadline = new CancellationTokenSource(timeout);
        var killed = false;
        try
        {
            while (await child.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                lines.Add(line);
                if (!killed && lines.Count >= acknowledgementsBeforeKill)
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
            throw new TimeoutException($"The crash child printed {lines.Count} of {acknowledgementsBeforeKill} acknowledgements within {timeout}. Its errors: {await errors}");
        }

        await child.WaitForExitAsync(CancellationToken.None);
        if (!killed)
        {
            throw new InvalidOperationException($"The crash child exited with code {child.ExitCode} after {lines.Count} acknowledgements, before it was killed. Its errors: {await errors}");
        }

        return lines;
    }
}
