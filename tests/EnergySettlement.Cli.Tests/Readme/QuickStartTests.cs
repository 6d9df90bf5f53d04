using EnergySettlement.Chains;

namespace EnergySettlement.Cli.Tests.Readme;

public sealed class QuickStartTests
{
    [Fact]
    public async Task QuickStart_AsInTheReadme_EndsFinal()
    {
        var status = await QuickStart.RunAsync();

        Assert.Equal(SettlementState.Final, status.State);
    }
}
