using System.Diagnostics;
using EnergySettlement.Cli.Hosting;

namespace EnergySettlement.Cli.Tests;

/// <summary>The built tool as a separate process (<c>dotnet energy-settle.dll</c>): exit codes, streams, Ctrl-C.</summary>
public sealed class ProcessTests
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "energy-settle.dll");

    [Fact]
    public async Task Help_PrintsUsageOnStandardOutputAndExitsZero()
    {
        var (exit, output, error) = await RunAsync(["--help"]);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("energy-settle", output, StringComparison.Ordinal);
        Assert.Contains("demo", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public async Task BadArgument_ExitsTwoWithTheReasonOnStandardError()
    {
        var (exit, output, error) = await RunAsync(["demo", "--periods", "0"]);

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--periods must be 1 to 672; found 0.", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Demo_RedirectedOutput_ExitsZeroWithoutColourCodes()
    {
        using var folder = new TempFolder();
        var json = folder.File("r.json");

        var (exit, output, error) = await RunAsync(["demo", "--homes", "4", "--periods", "8", "--json", json]);

        Assert.True(exit == ExitCodes.Ok, output + error);
        Assert.Contains("OK: every obligation settled exactly once", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
        Assert.True(File.Exists(json));
    }

    [Fact]
    public async Task Demo_InterruptedBySigint_Exits130()
    {
        using var process = Start(["demo", "--homes", "40", "--periods", "672"]);
        var output = process.StandardOutput;

        // Wait until the run is under way (the homes are listed before the market starts), then press Ctrl-C.
        string? line;
        while ((line = await output.ReadLineAsync()) is not null && !line.Contains("home-40", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(line);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var error = await process.StandardError.ReadToEndAsync();
        await output.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal(ExitCodes.Cancelled, process.ExitCode);
        Assert.Contains("cancelled", error, StringComparison.Ordinal);
    }

    private static Process Start(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(IEnumerable<string> args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
