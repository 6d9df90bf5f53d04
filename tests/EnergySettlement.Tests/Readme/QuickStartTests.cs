using System.Text.RegularExpressions;
using EnergySettlement.Trading;

namespace EnergySettlement.Tests.Readme;

/// <summary>
/// The README's quick start is the compiled <see cref="QuickStart"/>: its code block must equal the file's using lines,
/// a blank line and the marked body, it holds at most 10 lines of code (using lines, blank lines and comments not
/// counted), and it runs: the bid trades with the offer.
/// </summary>
public sealed partial class QuickStartTests
{
    private const string File = "tests/EnergySettlement.Tests/Readme/QuickStart.cs";

    [Fact]
    public void Readme_ShowsTheCompiledQuickStartVerbatim()
    {
        var blocks = ReadmeBlocks();
        var sample = SampleAsShown();

        Assert.True(blocks.Contains(sample), $"README.md's quick start should be exactly this (from {File}):\n{sample}");
    }

    [Fact]
    public void QuickStart_HasAtMostTenLinesOfCode()
    {
        var code = SampleAsShown().Split('\n').Where(l => l.Length > 0 && !l.StartsWith("using ", StringComparison.Ordinal) && !l.StartsWith("//", StringComparison.Ordinal) && !l.StartsWith("    ", StringComparison.Ordinal));

        Assert.InRange(code.Count(), 1, 10);
    }

    [Fact]
    public async Task QuickStart_AsInTheReadme_Trades()
    {
        var bought = await QuickStart.RunAsync();

        Assert.True(bought.IsAccepted);
        var trade = Assert.Single(bought.Trades);
        Assert.Equal((Energy.Parse("1.5 kWh"), "solar-home", "ev-home"), (trade.Quantity, trade.Seller.Value, trade.Buyer.Value));
        Assert.Equal(80_000, trade.Price.PerKilowattHour.Amount);
    }

    /// <summary>The sample as the README shows it: the file's using lines, a blank line, the marked body without its method indentation.</summary>
    private static string SampleAsShown()
    {
        var lines = System.IO.File.ReadAllText(Path.Combine(RepositoryRoot(), File)).ReplaceLineEndings("\n").Split('\n');
        var usings = lines.Where(l => l.StartsWith("using ", StringComparison.Ordinal));
        var begin = Array.FindIndex(lines, l => l.Trim() == "// README quick start begins");
        var end = Array.FindIndex(lines, l => l.Trim() == "// README quick start ends");
        Assert.True(begin > 0 && end > begin, $"{File} must mark its body with '// README quick start begins' and '… ends'.");
        var body = lines[(begin + 1)..end].Select(l => l.Length >= 8 ? l[8..] : l.TrimStart());
        return string.Join("\n", usings) + "\n\n" + string.Join("\n", body) + "\n";
    }

    private static List<string> ReadmeBlocks()
    {
        var readme = System.IO.File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        return CodeBlock().Matches(readme).Select(m => m.Groups["code"].Value).ToList();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "EnergySettlement.sln")) && System.IO.File.Exists(Path.Combine(directory.FullName, "README.md")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"The repository root (with EnergySettlement.sln and README.md) was not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("```csharp\n(?<code>.*?)```\n", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
