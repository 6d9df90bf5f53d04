using System.Globalization;
using System.Text.Json;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite;

namespace EnergySettlement.Cli.Tests.Chains;

/// <summary><c>energy-settle demo --chain anvil</c> as a real run on a local Anvil node, in-process through the root command.</summary>
[Collection(AnvilCollection.Name)]
public sealed class DemoOnAnvilTests
{
    [Fact]
    public async Task Demo_ChainAnvilSmall_SettlesEveryObligationOnceOnAnvilAndStopsIt()
    {
        using var folder = new TempFolder();
        var journalPath = folder.File("anvil.db");
        var json = folder.File("report.json");
        var anvilBefore = AnvilChildren();

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--chain", "anvil", "--homes", "3", "--periods", "8", "--journal", journalPath, "--json", json);

        Assert.True(exit == ExitCodes.Ok, output + error);
        Assert.Contains("eip155:31337", output, StringComparison.Ordinal);
        Assert.Empty(AnvilChildren().Except(anvilBefore));

        // The journal, read back on its own: every obligation in exactly one leg, every batch final by one Ethereum transaction.
        await using var sqlite = new SqliteJournal(new SqliteJournalOptions { Path = journalPath });
        ISettlementJournal journal = sqlite;
        var plans = new Dictionary<SettlementWindowId, RecordedPlan>();
        for (var p = 0; p < 8; p++)
        {
            var period = DeliveryPeriod.Create(new DateTimeOffset(2026, 6, 21, 0, 0, 0, TimeSpan.Zero).AddMinutes(15 * p), TimeSpan.FromMinutes(15));
            foreach (var plan in await journal.GetPlansCoveringAsync(new MarketId("sunny-street"), period))
            {
                plans[plan.WindowId] = plan;
            }
        }

        Assert.Equal(2, plans.Count);
        var obligations = plans.Values.SelectMany(p => p.Plan.Obligations).ToList();
        Assert.NotEmpty(obligations);
        var legs = plans.Values.SelectMany(p => p.Plan.Batches).SelectMany(b => b.Legs).ToList();
        Assert.All(legs.SelectMany(l => l.Obligations).GroupBy(o => o), g => Assert.Single(g));
        var batches = await journal.GetOpenBatchesAsync(DateTimeOffset.MinValue);
        Assert.Equal(plans.Values.Sum(p => p.Plan.Batches.Count), batches.Count);
        Assert.NotEmpty(batches);
        Assert.All(batches, b =>
        {
            Assert.Equal(BatchState.Final, b.State);
            var paying = Assert.Single(b.Transactions, t => t.PaysBatch && t.ChainState == EnergySettlement.Chains.SettlementState.Final);
            Assert.Matches("^0x[0-9a-f]{64}$", paying.Transaction.TransactionId.Value);
            Assert.Equal("eip155:31337", paying.Transaction.ChainId.ToString());
        });

        // Each home's EURC balance on Anvil (read back by the run before Anvil stopped) moved by exactly what it was owed.
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.True(report.RootElement.GetProperty("settlement").GetProperty("ok").GetBoolean());
        foreach (var home in report.RootElement.GetProperty("homes").EnumerateArray())
        {
            var id = new ParticipantId(home.GetProperty("id").GetString()!);
            var owed = obligations.Where(o => o.Payee == id).Sum(o => (decimal)o.Amount.Amount) - obligations.Where(o => o.Payer == id).Sum(o => (decimal)o.Amount.Amount);
            var change = home.GetProperty("balanceChange");
            Assert.Equal(owed / 1_000_000m, change.ValueKind == JsonValueKind.String ? decimal.Parse(change.GetString()!, CultureInfo.InvariantCulture) : change.GetDecimal());
        }
    }

    [Fact]
    public async Task Demo_ChainAnvilWithoutTheBinary_ExitsChainUnavailableWithWhatToDo()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-anvil-" + Guid.NewGuid().ToString("N"));
        var previous = Environment.GetEnvironmentVariable(AnvilProcess.BinaryVariable);
        Environment.SetEnvironmentVariable(AnvilProcess.BinaryVariable, missing);
        try
        {
            var (exit, output, error) = await CliRunner.RunAsync("demo", "--chain", "anvil", "--homes", "3", "--periods", "4");

            Assert.True(exit == ExitCodes.ChainUnavailable, output + error);
            Assert.Contains("Anvil is missing", error, StringComparison.Ordinal);
            Assert.Contains(missing, error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(AnvilProcess.BinaryVariable, previous);
        }
    }

    /// <summary>Anvil processes whose parent is this test process.</summary>
    private static HashSet<int> AnvilChildren()
    {
        var children = new HashSet<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (name == "anvil" && parent == Environment.ProcessId)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return children;
    }
}
