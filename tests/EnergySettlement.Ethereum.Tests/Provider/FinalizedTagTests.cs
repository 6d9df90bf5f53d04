using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Tests.Anvil;

namespace EnergySettlement.Ethereum.Tests.Provider;

public sealed class FinalizedTagTests(ContractFixture chain) : IClassFixture<ContractFixture>
{
    private AnvilNode Node => chain.Node;

    [Fact]
    public async Task GetStatusAsync_UseFinalizedTag_IsFinalOnlyOnceTheNodesFinalizedBlockPassesIt()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var options = TestChain.Options(Node, signer, chain.Contract, confirmations: 1);
        options.UseFinalizedTag = true;
        using var provider = TestChain.Provider(options);
        Assert.Equal(FinalityModel.FinalizedTag, provider.Capabilities.Finality);
        var prepared = await provider.PrepareAsync(TestChain.NativeBatch(provider, "finalized-1", (TestChain.RandomAddress(), 9, null)));
        await provider.SubmitAsync(prepared);

        // One confirmation would do under the confirmations rule; the finalized tag (Anvil: head - 64) is not there yet.
        var included = await TestChain.IncludedStatusAsync(provider, prepared);
        Assert.Equal(SettlementState.Included, included.State);
        await Node.MineAsync(10);
        Assert.Equal(SettlementState.Included, (await provider.GetStatusAsync(prepared)).State);

        await Node.MineAsync(64);
        var final = await provider.GetStatusAsync(prepared);
        Assert.Equal(SettlementState.Final, final.State);
        Assert.Contains("finalized", final.Detail, StringComparison.Ordinal);
    }
}
