using EnergySettlement.Cli.Demo;

namespace EnergySettlement.Cli.Tests;

public sealed class DemoRunTests
{
    [Fact]
    public async Task RunAsync_DefaultScenario_SettlesEveryBatchAndPaidEqualsReceived()
    {
        var (exit, output) = await RunAsync(new DemoOptions());

        Assert.Equal(0, exit);
        Assert.Contains("OK: ", output, StringComparison.Ordinal);
        Assert.Contains("paid = received", output, StringComparison.Ordinal);
        Assert.Contains("-> BadSignature", output, StringComparison.Ordinal);
        Assert.Contains("-> Duplicate", output, StringComparison.Ordinal);
        Assert.Contains("-> AlreadyKnown", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SameSeed_GivesTheSameOutput()
    {
        var options = new DemoOptions { Homes = 12, Periods = 6, Seed = 42 };

        var first = await RunAsync(options);
        var second = await RunAsync(options);

        Assert.Equal(first.Output, second.Output);
    }

    [Theory]
    [InlineData(3, 1, 1)]
    [InlineData(60, 24, 9)]
    public async Task RunAsync_OtherSizes_AlsoBalance(int homes, int periods, int seed)
    {
        var (exit, output) = await RunAsync(new DemoOptions { Homes = homes, Periods = periods, Seed = seed });

        Assert.True(exit == 0, output);
    }

    [Theory]
    [InlineData(2, 4)]
    [InlineData(8, 0)]
    [InlineData(100, 4)]
    [InlineData(8, 97)]
    public void Validate_OutOfRange_ReportsTheOption(int homes, int periods)
    {
        Assert.NotEmpty(new DemoOptions { Homes = homes, Periods = periods }.Validate());
    }

    private static async Task<(int Exit, string Output)> RunAsync(DemoOptions options)
    {
        using var output = new StringWriter();
        var exit = await new DemoRun(options, output).RunAsync(CancellationToken.None);
        return (exit, output.ToString());
    }
}
