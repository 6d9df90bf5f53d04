using System.Text.RegularExpressions;
using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace EnergySettlement.Tests.Settlement.Execution;

/// <summary>docs/settlement.md's samples, compiled and run here; the last test checks the doc shows them verbatim.</summary>
public sealed class SettlementDocsSample
{
    [Fact]
    public async Task SettleAndReceipts_AsDocumented_PayTheWindowAndYieldItsReceipt()
    {
        using var rig = new SettlementRig();
        var s = new WindowScenario(rig);
        s.Trade("ann", "bob", 2_000, "0.250");
        var request = s.Request();
        var settlement = rig.Service;

        // docs:begin settle
        RecordedPlan plan = await settlement.SettleWindowAsync(request);   // planned and journaled, nothing sent yet
        SettlementPassResult pass = await settlement.ProcessAsync();        // signs, journals the bytes, sends
        // docs:end settle
        Assert.Single(plan.Plan.Batches);
        Assert.Equal(1, pass.Advanced);
        rig.Chain.MineBlocks(3);
        await settlement.ProcessUntilIdleAsync();

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var cancellationToken = stop.Token;
        long lastPosition = 0;
        var paid = new List<SettlementBatchId>();
        try
        {
            // docs:begin receipts
            await foreach (SettlementReceipt receipt in settlement.WatchReceiptsAsync(lastPosition, cancellationToken))
            {
                if (receipt.Kind == SettlementReceiptKind.Paid)
                {
                    paid.Add(receipt.Batch.Id);          // tell the participants, update the books …
                }

                lastPosition = receipt.Position;         // … and store this with them, to resume after a restart
                // docs:end receipts
                await stop.CancelAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }

        Assert.Equal([plan.Plan.Batches[0].Id], paid);
        Assert.True(lastPosition > 0);
    }

    [Fact]
    public async Task Resilience_AsDocumented_ReplacesTheDefaultPipeline()
    {
        var options = new SettlementOptions();
        // docs:begin resilience
        options.ConfigureResilience = (pipeline, chain) => pipeline
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<EnergySettlementException>(e => e.IsTransient),
                MaxRetryAttempts = 5,
                Delay = TimeSpan.FromSeconds(2),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .AddTimeout(TimeSpan.FromSeconds(20));
        // docs:end resilience
        options.RetryBaseDelay = TimeSpan.Zero;
        using var rig = new SettlementRig(configure: o => o.ConfigureResilience = options.ConfigureResilience);
        var batch = rig.Batch("res-1", ("home", 1_000));
        await rig.Service.ScheduleAsync([batch]);
        rig.Chain.Faults.Unreachable(calls: 1);

        // The retry waits on the service's clock (the rig's fake one): move it on until the pass ends.
        var pass = rig.Service.ProcessAsync();
        for (var i = 0; i < 1_000 && !pass.IsCompleted; i++)
        {
            rig.Time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(10);
        }

        var first = await pass;

        Assert.Empty(first.UnavailableChains);
        Assert.Equal(BatchState.Submitted, (await rig.BatchAsync("res-1")).State);
    }

    [Theory]
    [InlineData("settle")]
    [InlineData("receipts")]
    [InlineData("resilience")]
    public void Doc_ShowsTheSampleVerbatim(string region)
    {
        var root = Root();
        var source = File.ReadAllText(Path.Combine(root, "tests", "EnergySettlement.Tests", "Settlement", "Execution", "SettlementDocsSample.cs")).ReplaceLineEndings("\n");
        var doc = File.ReadAllText(Path.Combine(root, "docs", "settlement.md")).ReplaceLineEndings("\n");
        var match = Regex.Match(source, $"\n( *)// docs:begin {region}\n(?<code>.*?)\n *// docs:end {region}", RegexOptions.Singleline);
        Assert.True(match.Success, $"The region '{region}' is missing from SettlementDocsSample.cs.");
        var indent = match.Groups[1].Value.Length;
        var code = string.Join('\n', match.Groups["code"].Value.Split('\n').Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));

        Assert.Contains("```csharp\n" + code + "\n```", doc, StringComparison.Ordinal);
    }

    private static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EnergySettlement.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }
}
