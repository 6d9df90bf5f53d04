using System.Text.RegularExpressions;
using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite;
using EnergySettlement.Testing;

namespace EnergySettlement.Cli.Tests;

/// <summary>A temporary folder holding a copy of docs/examples/settle (config, trades and readings in CSV and JSON), where a
/// test runs <c>settle</c>, <c>status</c> and <c>recover</c> and then inspects the journal and the chain's state file.</summary>
internal sealed partial class SettleWorkspace : IDisposable
{
    public SettleWorkspace()
    {
        Directory.CreateDirectory(Root);
        foreach (var file in Directory.GetFiles(ExamplesFolder))
        {
            System.IO.File.Copy(file, Path.Combine(Root, Path.GetFileName(file)));
        }
    }

    /// <summary>Gets docs/examples/settle of the repository the tests were built from.</summary>
    public static string ExamplesFolder { get; } = FindExamples();

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "energy-settle-tests", Guid.NewGuid().ToString("N"));

    public string Config => Path.Combine(Root, "config.json");

    public string Journal => Path.Combine(Root, "journal.db");

    public string ChainState => Path.Combine(Root, "chain-state.json");

    public string File(string name) => Path.Combine(Root, name);

    public string[] SettleArgs(string trades = "trades.csv", string readings = "readings.csv") =>
        ["settle", "--trades", File(trades), "--readings", File(readings), "--config", Config, "--journal", Journal];

    /// <summary>Replaces text in a file of the workspace, failing when the text is not there (so a test cannot silently test nothing).</summary>
    public void Edit(string name, string find, string replace)
    {
        var text = System.IO.File.ReadAllText(File(name));
        Assert.Contains(find, text, StringComparison.Ordinal);
        System.IO.File.WriteAllText(File(name), text.Replace(find, replace, StringComparison.Ordinal));
    }

    /// <summary>Reads the journal's batches (all of them, final or not).</summary>
    public async Task<IReadOnlyList<BatchHistory>> BatchesAsync()
    {
        await using var journal = await SqliteJournal.OpenAsync(new SqliteJournalOptions { Path = Journal });
        return await ((ISettlementJournal)journal).GetOpenBatchesAsync(DateTimeOffset.MinValue);
    }

    /// <summary>Checks that every batch of the journal is final and was paid exactly once on the chain, and that every payee
    /// received exactly what the batches pay it (the example config funds no payee with EURC except the traders' 100).</summary>
    public async Task AssertEveryBatchPaidExactlyOnceAsync(int expectedBatches)
    {
        var batches = await BatchesAsync();
        Assert.Equal(expectedBatches, batches.Count);
        var chain = SimulatedChain.Load(ChainState);
        var received = new Dictionary<SettlementAccount, Money>();
        var paid = new Dictionary<SettlementAccount, Money>();
        foreach (var batch in batches)
        {
            Assert.Equal(BatchState.Final, batch.State);
            Assert.Single(chain.GetSettlements(batch.Id));
            Add(paid, batch.Batch.Payer, batch.Batch.Total);
            foreach (var payout in batch.Batch.Payouts)
            {
                Add(received, payout.Payee, payout.Amount);
            }
        }

        var eurc = chain.GetAsset("EURC");
        var funded = new Money(100_000_000, eurc);
        foreach (var name in new[] { "alice", "bob", "carol", "grid-operator" })
        {
            var account = chain.Account(name);
            var start = name == "grid-operator" ? Money.Zero(eurc) : funded;
            var expected = start + received.GetValueOrDefault(account, Money.Zero(eurc)) - paid.GetValueOrDefault(account, Money.Zero(eurc));
            Assert.Equal(expected, chain.GetBalance(account, eurc));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding the journal on a slow shutdown: the temp folder is cleaned later.
        }
    }

    [GeneratedRegex(@"^(?<file>[^:]+):(?<line>\d+): ")]
    public static partial Regex FileLine();

    private static void Add(Dictionary<SettlementAccount, Money> sums, SettlementAccount account, Money amount) =>
        sums[account] = sums.TryGetValue(account, out var sum) ? sum + amount : amount;

    private static string FindExamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "examples", "settle");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"docs/examples/settle not found above {AppContext.BaseDirectory}.");
    }
}
