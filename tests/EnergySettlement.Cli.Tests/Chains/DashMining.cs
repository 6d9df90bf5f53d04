using EnergySettlement.Dash.Tests.Ledger;

namespace EnergySettlement.Cli.Tests.Chains;

/// <summary>Runs the tool against the in-process Dash ledger while blocks arrive, for the demo's and <c>settle</c>'s Dash tests.</summary>
internal static class DashMining
{
    /// <summary>Runs the command while a bounded background loop mines and ChainLocks a block every 50 ms, as a Dash network
    /// with its masternode quorums would (at most 2,400 blocks, two minutes).</summary>
    /// <param name="ledger">The ledger the fake backends serve.</param>
    /// <param name="args">The tool's arguments.</param>
    /// <returns>The exit code and what the tool wrote.</returns>
    public static async Task<(int Exit, string Output, string Error)> RunWhileMiningAsync(InMemoryUtxoLedger ledger, params string[] args)
    {
        using var stop = new CancellationTokenSource();
        var miner = Task.Run(async () =>
        {
            for (var i = 0; i < 2_400 && !stop.IsCancellationRequested; i++)
            {
                ledger.Mine();
                ledger.ChainLockTip();
                await Task.Delay(50, CancellationToken.None);
            }
        });
        try
        {
            return await CliRunner.RunAsync(args);
        }
        finally
        {
            await stop.CancelAsync();
            await miner;
        }
    }
}
