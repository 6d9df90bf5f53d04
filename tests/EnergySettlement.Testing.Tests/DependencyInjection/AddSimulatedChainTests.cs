using EnergySettlement.Chains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EnergySettlement.Testing.Tests.DependencyInjection;

public class AddSimulatedChainTests
{
    [Fact]
    public async Task AddSimulatedChain_Registered_RegistryFindsProviderOverTheKeyedChainOnTheRegisteredClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddEnergySettlement(es => es.AddSimulatedChain("sim", o => o.ConfirmationsForFinality = 2));
        await using var container = services.BuildServiceProvider();

        var registry = container.GetRequiredService<ChainProviderRegistry>();
        var provider = Assert.IsType<SimulatedChainProvider>(registry.GetProvider(ChainId.Parse("sim:local")));
        var chain = container.GetRequiredKeyedService<SimulatedChain>("sim");
        time.Advance(TimeSpan.FromHours(1));

        Assert.Same(chain, provider.Chain);
        Assert.Same(provider, container.GetRequiredKeyedService<ChainSettlementProvider>("sim"));
        Assert.Equal(2, chain.ConfirmationsForFinality);
        Assert.Equal(time.GetUtcNow(), chain.MineBlock().Timestamp);
    }

    [Fact]
    public void AddSimulatedChain_TwoChains_EachGetsItsOwnOptions()
    {
        var services = new ServiceCollection();
        services.AddEnergySettlement(es => es
            .AddSimulatedChain("a", o => o.ChainId = ChainId.Parse("sim:a"))
            .AddSimulatedChain("b", o =>
            {
                o.ChainId = ChainId.Parse("sim:b");
                o.NativeSymbol = "BEE";
            }));
        using var container = services.BuildServiceProvider();

        var registry = container.GetRequiredService<ChainProviderRegistry>();

        Assert.Equal(2, registry.Chains.Count);
        Assert.Equal("SIM", registry.GetProvider(ChainId.Parse("sim:a")).Capabilities.NativeAsset.Symbol);
        Assert.Equal("BEE", registry.GetProvider(ChainId.Parse("sim:b")).Capabilities.NativeAsset.Symbol);
    }

    [Fact]
    public void AddSimulatedChain_InvalidOptions_FailsAtResolutionListingEveryError()
    {
        var services = new ServiceCollection();
        services.AddEnergySettlement(es => es.AddSimulatedChain("sim", o =>
        {
            o.ConfirmationsForFinality = 0;
            o.FeePerPayout = -5;
        }));
        using var container = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => container.GetRequiredService<ChainProviderRegistry>());

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("ConfirmationsForFinality", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("FeePerPayout", StringComparison.Ordinal));
    }

    [Fact]
    public void AddSimulatedChain_DuplicateName_ThrowsArgumentException()
    {
        var services = new ServiceCollection();
        var builder = services.AddEnergySettlement().AddSimulatedChain("sim", _ => { });

        Assert.Throws<ArgumentException>(() => builder.AddSimulatedChain("sim", _ => { }));
    }
}
