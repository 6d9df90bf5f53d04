using EnergySettlement.Cli.Demo;
using EnergySettlement.Cli.Hosting;

namespace EnergySettlement.Cli.Tests;

public sealed class DemoRunTests
{
    [Fact]
    public async Task RunAsync_DefaultScenario_SettlesEveryBatchAndPaidEqualsReceived()
    {
        var (exit, output) = await RunAsync(new DemoOptions { Periods = 8 });

        Assert.Equal(0, exit);
        Assert.Contains("paid = received", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SameSeed_GivesTheSameOutput()
    {
        var options = new DemoOptions { Homes = 12, Periods = 6, Seed = 42 };

        var first = await RunAsync(options);
        var second = await RunAsync(options);

        Assert.Equal(first.Output, second.Output);
    }

    private static async Task<(int Exit, string Output)> RunAsync(DemoOptions options)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var context = CliContext.ForWriters(output, error);
        var exit = await new DemoRun(options, context).RunAsync(CancellationToken.None);
        return (exit, output.ToString());
    }
}
