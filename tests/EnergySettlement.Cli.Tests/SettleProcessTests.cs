using EnergySettlement.Cli.Hosting;
using EnergySettlement.Settlement;

namespace EnergySettlement.Cli.Tests;

/// <summary><c>settle</c>, <c>status</c> and <c>recover</c> as a user runs them: the built executable as a child process,
/// its exit codes, and Ctrl-C (SIGINT) in the middle of a settlement followed by <c>recover</c> in a new process.</summary>
public sealed class SettleProcessTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly SettleWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Process_SettleThenStatus_ExitZeroAndEveryBatchPaidOnce()
    {
        var settle = await ToolProcess.RunAsync(_workspace.SettleArgs());
        var status = await ToolProcess.RunAsync("status", "--journal", _workspace.Journal);

        Assert.True(settle.Exit == ExitCodes.Ok, settle.Output + settle.Error);
        Assert.Equal(ExitCodes.Ok, status.Exit);
        Assert.Contains("2 batch(es): 2 Final", status.Output, StringComparison.Ordinal);
        await _workspace.AssertEveryBatchPaidExactlyOnceAsync(expectedBatches: 2);
    }

    [Fact]
    public async Task Process_BadArguments_ExitTwo()
    {
        var (exit, output, error) = await ToolProcess.RunAsync("settle", "--trades", _workspace.File("trades.csv"), "--bogus");

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--bogus", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Process_BadRow_ExitThreeWithFileLineAndReasonOnStandardError()
    {
        _workspace.Edit("readings.csv", "meter-bob,2026-06-21T11:00:00Z,1500", "meter-bob,2026-06-21T11:00:00Z,lots");

        var (exit, _, error) = await ToolProcess.RunAsync(_workspace.SettleArgs());

        Assert.Equal(ExitCodes.InputError, exit);
        Assert.Contains($"{_workspace.File("readings.csv")}:4: 'import_wh' must be a whole number; found 'lots'.", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_workspace.Journal));
    }

    [Fact]
    public async Task Process_CtrlCMidRun_ExitsCancelledThenRecoverInANewProcessPaysTheRestExactlyOnce()
    {
        // Blocks every 700 ms, 3 confirmations: the run takes over two seconds after it sends the batches.
        _workspace.Edit("config.json", "\"blockIntervalMs\": 0", "\"blockIntervalMs\": 700");
        using (var run = ToolProcess.Start(_workspace.SettleArgs()))
        {
            await run.WaitForOutputAsync("sent    2 batch(es)", Timeout);
            await run.InterruptAsync();
            var exit = await run.WaitForExitAsync(Timeout);

            Assert.True(exit == ExitCodes.Cancelled, run.Output + run.Error);
            Assert.Contains("recover", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("settled", run.Output, StringComparison.Ordinal);
        }

        var unfinished = (await _workspace.BatchesAsync()).Where(b => b.State != BatchState.Final).ToList();
        Assert.NotEmpty(unfinished);
        var status = await ToolProcess.RunAsync("status", "--journal", _workspace.Journal);
        Assert.Equal(ExitCodes.Ok, status.Exit);
        Assert.Contains("Some batches are not final", status.Output, StringComparison.Ordinal);

        var recover = await ToolProcess.RunAsync("recover", "--journal", _workspace.Journal, "--config", _workspace.Config);

        Assert.True(recover.Exit == ExitCodes.Ok, recover.Output + recover.Error);
        Assert.Contains($"recover {unfinished.Count} unfinished batch(es)", recover.Output, StringComparison.Ordinal);
        await _workspace.AssertEveryBatchPaidExactlyOnceAsync(expectedBatches: 2);

        // A second recovery finds nothing to do and pays nothing.
        var again = await ToolProcess.RunAsync("recover", "--journal", _workspace.Journal, "--config", _workspace.Config);
        Assert.Equal(ExitCodes.Ok, again.Exit);
        Assert.Contains("nothing to recover", again.Output, StringComparison.Ordinal);
        await _workspace.AssertEveryBatchPaidExactlyOnceAsync(expectedBatches: 2);
    }
}
