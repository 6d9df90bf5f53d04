using System.Text.RegularExpressions;

namespace EnergySettlement.Tests.ChainAdapterExample;

/// <summary>
/// docs/chain-adapters.md shows the adapter's files whole; this test keeps the doc and the compiled files identical, so
/// the skeleton a reader copies is exactly the code this project compiles and tests in CI.
/// </summary>
public sealed partial class ChainAdaptersDocTests
{
    [Theory]
    [InlineData("tests/EnergySettlement.Tests/ChainAdapterExample/ICustodialLedger.cs")]
    [InlineData("tests/EnergySettlement.Tests/ChainAdapterExample/CustodialLedgerProvider.cs")]
    [InlineData("tests/EnergySettlement.Tests/ChainAdapterExample/CustodialLedgerBuilderExtensions.cs")]
    public void Doc_ShowsTheCompiledFileVerbatim(string path)
    {
        string root = RepositoryRoot();
        string doc = File.ReadAllText(Path.Combine(root, "docs", "chain-adapters.md")).ReplaceLineEndings("\n");
        string file = File.ReadAllText(Path.Combine(root, path)).ReplaceLineEndings("\n");

        var blocks = CodeBlock().Matches(doc).Where(m => m.Groups["path"].Value == path).ToArray();

        Assert.True(blocks.Length == 1, $"docs/chain-adapters.md should show {path} once, after a line '<!-- file: {path} -->'; found {blocks.Length}.");
        Assert.True(file == blocks[0].Groups["code"].Value, $"docs/chain-adapters.md shows {path} differently from the file: copy the file into the doc.");
    }

    [Fact]
    public void Skeleton_IsUnder120Lines()
    {
        string root = RepositoryRoot();
        int lines = new[] { "ICustodialLedger.cs", "CustodialLedgerProvider.cs", "CustodialLedgerBuilderExtensions.cs" }
            .Sum(f => File.ReadAllLines(Path.Combine(root, "tests", "EnergySettlement.Tests", "ChainAdapterExample", f)).Length);

        Assert.InRange(lines, 1, 119);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EnergySettlement.sln")) && Directory.Exists(Path.Combine(directory.FullName, "docs")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"The repository root (with EnergySettlement.sln and docs/) was not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("<!-- file: (?<path>[^ ]+) -->\n```csharp\n(?<code>.*?)```\n", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
