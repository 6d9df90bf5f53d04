using EnergySettlement.Cli.Hosting;

namespace EnergySettlement.Cli.Tests;

/// <summary>The root command in-process: help, usage errors and their exit code, before anything runs.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_AtTheRoot_ListsTheDemoAndExitsZero()
    {
        var (exit, output, _) = await CliRunner.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("demo", output, StringComparison.Ordinal);
        Assert.Contains("energy-settle", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoArguments_IsAUsageError()
    {
        var (exit, _, error) = await CliRunner.RunAsync();

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("demo", "--homes", "2")]
    [InlineData("demo", "--homes", "many")]
    [InlineData("demo", "--periods", "0")]
    [InlineData("demo", "--periods", "673")]
    [InlineData("demo", "--chain", "bitcoin")]
    [InlineData("demo", "--scenario", "city")]
    [InlineData("demo", "--chart", "day.gif")]
    [InlineData("demo", "--scenario", "two-homes", "--homes", "5")]
    [InlineData("demo", "--unknown")]
    public async Task BadArguments_ExitTwoWithAMessageNamingTheProblem(params string[] args)
    {
        var (exit, output, error) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.StartsWith("energy-settle: ", error, StringComparison.Ordinal);
        Assert.Contains("--help' for usage", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task BadChain_MessageListsTheAcceptedChains()
    {
        var (_, _, error) = await CliRunner.RunAsync("demo", "--chain", "bitcoin");

        Assert.Contains("bitcoin", error, StringComparison.Ordinal);
        Assert.Contains("simulated", error, StringComparison.Ordinal);
    }
}
