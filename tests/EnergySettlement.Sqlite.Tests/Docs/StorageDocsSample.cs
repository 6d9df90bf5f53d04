using System.Text.RegularExpressions;
using EnergySettlement.Coins;
using EnergySettlement.Sequencing;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EnergySettlement.Sqlite.Tests.Docs;

/// <summary>docs/storage.md's SQLite sample, compiled and run here; a test checks the page shows it verbatim.</summary>
public sealed class StorageDocsSample : IAsyncLifetime
{
    private readonly TemporaryJournalFile _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return _file.DeleteAsync();
    }

    [Fact]
    public async Task Sqlite_OneCallRegistersEveryStore_OnOneFile()
    {
        string path = _file.Path;

        // docs:begin sqlite
        var services = new ServiceCollection();
        services.AddEnergySettlement(es => es.UseSqliteJournal(path, o => o.MaxWritesPerCommit = 1024));
        await using var provider = services.BuildServiceProvider();
        var journal = provider.GetRequiredService<SqliteJournal>();
        await journal.MigrateAsync();                  // opens the file, creates or migrates its schema
        // docs:end sqlite

        Assert.Same(journal, provider.GetRequiredService<ISettlementJournal>());
        Assert.Same(journal, provider.GetRequiredService<ISequencedTransactionStore>());
        Assert.Same(journal, provider.GetRequiredService<ICoinReservationStore>());
        Assert.Same(journal, provider.GetRequiredService<IOrderJournal>());
        Assert.True(File.Exists(path));
        Assert.Equal(SqliteJournal.LatestSchemaVersion, await journal.MigrateAsync());
    }

    [Fact]
    public void Doc_ShowsTheSampleVerbatim()
    {
        string root = FindRepositoryRoot();
        string source = File.ReadAllText(Path.Combine(root, "tests", "EnergySettlement.Sqlite.Tests", "Docs", "StorageDocsSample.cs")).ReplaceLineEndings("\n");
        string doc = File.ReadAllText(Path.Combine(root, "docs", "storage.md")).ReplaceLineEndings("\n");
        var match = Regex.Match(source, "// docs:begin sqlite\n(?<code>.*?)\n *// docs:end sqlite", RegexOptions.Singleline);
        string code = string.Join('\n', match.Groups["code"].Value.Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));

        Assert.True(match.Success, "The region 'sqlite' is missing from StorageDocsSample.cs.");
        Assert.Contains("```csharp\n" + code + "\n```", doc, StringComparison.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EnergySettlement.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"The repository root (with EnergySettlement.sln) was not found above {AppContext.BaseDirectory}.");
    }
}
