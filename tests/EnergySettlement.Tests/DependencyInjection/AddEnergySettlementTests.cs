using EnergySettlement.Chains;
using EnergySettlement.Meters;
using EnergySettlement.Tests.Chains;
using EnergySettlement.Tests.Markets;
using EnergySettlement.Tests.Meters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EnergySettlement.Tests.DependencyInjection;

public sealed class AddEnergySettlementTests
{
    private static readonly MeterRegistration Meter = new()
    {
        Meter = new MeterId("meter-01"),
        Participant = new ParticipantId("home-1"),
        RatedPowerWatts = 4_000,
    };

    [Fact]
    public void AddEnergySettlement_Defaults_ResolveCoreServices()
    {
        using var provider = new ServiceCollection().AddEnergySettlement().Services.BuildServiceProvider();
        Assert.Empty(provider.GetRequiredService<ChainProviderRegistry>().Chains);
        Assert.NotNull(provider.GetRequiredService<MeterReadingValidator>());
        Assert.IsType<InMemoryMeterRegistry>(provider.GetRequiredService<IMeterRegistry>());
        Assert.IsType<EcdsaP256MeterSignatureVerifier>(Assert.Single(provider.GetServices<IMeterSignatureVerifier>()));
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddEnergySettlement_Services_AreSingletons()
    {
        using var provider = new ServiceCollection().AddEnergySettlement().Services.BuildServiceProvider();
        Assert.Same(provider.GetRequiredService<MeterReadingValidator>(), provider.GetRequiredService<MeterReadingValidator>());
        Assert.Same(provider.GetRequiredService<ChainProviderRegistry>(), provider.GetRequiredService<ChainProviderRegistry>());
    }

    [Fact]
    public void AddEnergySettlement_HostTimeProviderRegisteredFirst_Wins()
    {
        var clock = new FakeTimeProvider();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);
        using var provider = services.AddEnergySettlement().Services.BuildServiceProvider();
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddChainProvider_Providers_AreFoundByChainId()
    {
        var ethereum = new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether);
        var dash = new RecordingChainProvider(TestAssets.Dash, TestAssets.DashCoin);
        using var provider = new ServiceCollection()
            .AddEnergySettlement(es => es.AddChainProvider("mainnet", _ => ethereum).AddChainProvider("dash", _ => dash))
            .Services.BuildServiceProvider();
        var registry = provider.GetRequiredService<ChainProviderRegistry>();
        Assert.Same(ethereum, registry.GetProvider(TestAssets.Ethereum));
        Assert.Same(dash, registry.GetProvider(TestAssets.Dash));
        Assert.Same(dash, provider.GetRequiredKeyedService<ChainSettlementProvider>("dash"));
    }

    [Fact]
    public void AddChainProvider_Factory_IsCalledOnceAndOnlyWhenResolved()
    {
        var calls = 0;
        using var provider = new ServiceCollection()
            .AddEnergySettlement(es => es.AddChainProvider("mainnet", _ =>
            {
                calls++;
                return new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether);
            }))
            .Services.BuildServiceProvider();
        Assert.Equal(0, calls);
        provider.GetRequiredService<ChainProviderRegistry>();
        provider.GetRequiredService<ChainProviderRegistry>();
        Assert.Equal(1, calls);
    }

    [Fact]
    public void AddChainProvider_DuplicateName_Throws() =>
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddEnergySettlement(es => es
            .AddChainProvider("mainnet", _ => new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether))
            .AddChainProvider("mainnet", _ => new RecordingChainProvider(TestAssets.Dash, TestAssets.DashCoin))));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void AddChainProvider_BlankName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddEnergySettlement(es => es
            .AddChainProvider(name, _ => new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether))));

    [Fact]
    public void AddChainProvider_TwoPayersOnOneChain_RegistryFindsEachPayersProvider()
    {
        using var provider = new ServiceCollection()
            .AddEnergySettlement(es => es
                .AddChainProvider("a", _ => new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether, onlyPayer: TestAssets.EthAccount(1)))
                .AddChainProvider("b", _ => new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether, onlyPayer: TestAssets.EthAccount(2))))
            .Services.BuildServiceProvider();
        var registry = provider.GetRequiredService<ChainProviderRegistry>();

        Assert.Same(provider.GetRequiredKeyedService<ChainSettlementProvider>("b"), registry.GetProviderFor(TestAssets.EthAccount(2)));
        Assert.Same(provider.GetRequiredKeyedService<ChainSettlementProvider>("a"), registry.GetProviderFor(TestAssets.EthAccount(1)));
    }

    [Fact]
    public void Options_InvalidMarket_FailsListingTheMarketsErrors()
    {
        using var provider = Build(o => o.Markets.Add(MarketDefinitionTests.Valid() with { PeriodLength = TimeSpan.FromMinutes(7) }));
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EnergySettlementOptions>>().Value);
        Assert.Contains(error.Failures, f => f.StartsWith("Markets[0] (nrel-2018): PeriodLength", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_DuplicateMarketId_Fails()
    {
        using var provider = Build(o =>
        {
            o.Markets.Add(MarketDefinitionTests.Valid());
            o.Markets.Add(MarketDefinitionTests.Valid());
        });
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EnergySettlementOptions>>().Value);
        Assert.Equal("Markets[1]: the market id 'nrel-2018' is used twice.", Assert.Single(error.Failures));
    }

    [Fact]
    public void Options_DuplicateMeterId_Fails()
    {
        using var provider = Build(o =>
        {
            o.Meters.Add(Meter);
            o.Meters.Add(Meter with { Participant = new ParticipantId("home-2") });
        });
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EnergySettlementOptions>>().Value);
        Assert.Equal("Meters[1]: the meter id 'meter-01' is registered twice.", Assert.Single(error.Failures));
    }

    [Fact]
    public void Options_BadMeterPeriodLength_Fails()
    {
        using var provider = Build(o => o.MeterValidation.PeriodLength = TimeSpan.FromMinutes(7));
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EnergySettlementOptions>>().Value);
        Assert.StartsWith("MeterValidation: PeriodLength", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NullMarketAndMeter_AreReported()
    {
        using var provider = Build(o =>
        {
            o.Markets.Add(null!);
            o.Meters.Add(null!);
        });
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EnergySettlementOptions>>().Value);
        Assert.Equal(["Markets[0] is null.", "Meters[0] is null."], error.Failures);
    }

    [Fact]
    public void Options_SeveralProblems_AreAllReportedInOneException()
    {
        using var provider = Build(o =>
        {
            o.Markets.Add(MarketDefinitionTests.Valid() with { GateClosureLead = TimeSpan.FromMinutes(-1) });
            o.Markets.Add(MarketDefinitionTests.Valid());
            o.Meters.Add(Meter);
            o.Meters.Add(Meter);
            o.MeterValidation.PeriodLength = TimeSpan.Zero;
        });
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EnergySettlementOptions>>().Value);
        Assert.Equal(4, error.Failures.Count());
    }

    [Fact]
    public void Options_Invalid_ResolvingTheValidatorFails()
    {
        using var provider = Build(o => o.MeterValidation.PeriodLength = TimeSpan.FromMinutes(7));
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<MeterReadingValidator>());
    }

    [Fact]
    public void Options_Invalid_StartupValidatorFails()
    {
        using var provider = Build(o => o.Markets.Add(MarketDefinitionTests.Valid() with { Id = default }));
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    [Fact]
    public void Options_Valid_StartupValidatorPasses()
    {
        using var provider = Build(o => o.Markets.Add(MarketDefinitionTests.Valid()));
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Single(provider.GetRequiredService<IOptions<EnergySettlementOptions>>().Value.Markets);
    }

    [Fact]
    public void Validator_MetersFromOptions_AcceptsSignedReading()
    {
        using var key = new MeterKey();
        using var provider = Build(o => o.Meters.Add(Meter with { PublicKey = key.PublicKey }));
        var result = provider.GetRequiredService<MeterReadingValidator>().Validate(key.Sign(MeterFixture.Unsigned()));
        Assert.True(result.IsAccepted);
    }

    [Fact]
    public void Validator_OptionsRequireSignatures_AreApplied()
    {
        using var provider = Build(o =>
        {
            o.Meters.Add(Meter);
            o.MeterValidation.RequireSignatures = false;
        });
        Assert.True(provider.GetRequiredService<MeterReadingValidator>().Validate(MeterFixture.Unsigned()).IsAccepted);
    }

    [Fact]
    public void UseMeterRegistry_ReplacesTheInMemoryRegistry()
    {
        using var provider = new ServiceCollection()
            .AddEnergySettlement(es => es.UseMeterRegistry<SingleMeterRegistry>())
            .Services.BuildServiceProvider();
        Assert.IsType<SingleMeterRegistry>(provider.GetRequiredService<IMeterRegistry>());
        var result = provider.GetRequiredService<MeterReadingValidator>().Validate(MeterFixture.Unsigned());
        Assert.Equal(MeterReadingRejectionReason.MissingSignature, result.Reason);
    }

    [Fact]
    public void AddEnergySettlement_HostMeterRegistryRegisteredFirst_IsKept()
    {
        var services = new ServiceCollection().AddSingleton<IMeterRegistry, SingleMeterRegistry>();
        using var provider = services.AddEnergySettlement().Services.BuildServiceProvider();
        Assert.IsType<SingleMeterRegistry>(provider.GetRequiredService<IMeterRegistry>());
    }

    [Fact]
    public void Configure_Null_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddEnergySettlement().Configure(null!));

    [Fact]
    public void AddEnergySettlement_ReturnsBuilderOverTheSameServices()
    {
        var services = new ServiceCollection();
        Assert.Same(services, services.AddEnergySettlement().Services);
    }

    private static ServiceProvider Build(Action<EnergySettlementOptions> configure) =>
        new ServiceCollection().AddEnergySettlement(es => es.Configure(configure)).Services.BuildServiceProvider();

    /// <summary>A host registry that knows one meter, with no key.</summary>
    private sealed class SingleMeterRegistry : IMeterRegistry
    {
        public MeterRegistration? Find(MeterId meter) => meter == Meter.Meter ? Meter : null;
    }
}
