using System.Text.RegularExpressions;
using EnergySettlement.Settlement;
using Microsoft.Extensions.DependencyInjection;

namespace EnergySettlement.Sqlite.Tests.Docs;

/// <summary>docs/settlement.md's registration sample, compiled and resolved here; the doc must show it verbatim.</summary>
public sealed class SettlementDocsSample : IAsyncLifetime
{
    private readonly TemporaryJournalFile _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return _file.DeleteAsync();
    }

    [Fact]
    public async Task Registration_AsDocumented_SettlesThroughTheSqliteJournal()
    {
        var services = new ServiceCollection();
        var path = _file.Path;
        // docs:begin register
        services.AddEnergySettlement(es => es
            // .AddEthereum("mainnet", o => …).AddDash(o => …)   the chains participants are paid on
            .AddSettlement(
                o =>
                {
                    o.PollInterval = TimeSpan.FromSeconds(10);
                    o.DropTimeout = TimeSpan.FromHours(1);
                },
                planning => planning.MissingReadings = MissingReadingPolicy.Hold)
            .UseSqliteJournal(path));
        // docs:end register
        await using var provider = services.BuildServiceProvider();

        var settlement = provider.GetRequiredService<SettlementService>();
        await provider.GetRequiredService<SqliteJournal>().MigrateAsync();

        Assert.IsType<SqliteJournal>(settlement.Journal);
        Assert.Equal(0, (await settlement.ProcessAsync()).Batches);
    }

    [Fact]
    public void Doc_ShowsTheSampleVerbatim()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "EnergySettlement.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("The repository root was not found.");
        }

        var source = File.ReadAllText(Path.Combine(root, "tests", "EnergySettlement.Sqlite.Tests", "Docs", "SettlementDocsSample.cs")).ReplaceLineEndings("\n");
        var doc = File.ReadAllText(Path.Combine(root, "docs", "settlement.md")).ReplaceLineEndings("\n");
        var match = Regex.Match(source, "// docs:begin register\n(?<code>.*?)\n *// docs:end register", RegexOptions.Singleline);
        var code = string.Join('\n', match.Groups["code"].Value.Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));

        Assert.True(match.Success);
        Assert.Contains("```csharp\n" + code + "\n```", doc, StringComparison.Ordinal);
    }
}
