using EnergySettlement.Meters;
using EnergySettlement.Tests.Meters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Tests.Regressions;

public sealed class ReviewFindingsTests
{
    [Fact]
    public void ToString_ThenParse_Int128MinValue_RoundTrips()
    {
        var money = new Money(Int128.MinValue, TestAssets.Ether);
        Assert.Equal(money, Money.Parse(money.ToString(), TestAssets.Ether));
    }

    [Fact]
    public void AddEnergySettlement_HostVerifierRegisteredFirst_KeepsP256Verifier()
    {
        var services = new ServiceCollection().AddSingleton<IMeterSignatureVerifier, P384Verifier>();
        using var provider = services.AddEnergySettlement().Services.BuildServiceProvider();
        Assert.Contains(provider.GetServices<IMeterSignatureVerifier>(), v => v is EcdsaP256MeterSignatureVerifier);
    }

    [Fact]
    public void Options_NonPositiveRatedPower_FailsOptionsValidation()
    {
        using var provider = new ServiceCollection().AddEnergySettlement(es => es.Configure(o => o.Meters.Add(new MeterRegistration
        {
            Meter = new MeterId("m"), Participant = new ParticipantId("p"), RatedPowerWatts = 0,
        }))).Services.BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    [Fact]
    public void MaximumEnergyIn_HugeRating_ThrowsOverflowInsteadOfWrapping()
    {
        var meter = new MeterRegistration { Meter = new MeterId("m"), Participant = new ParticipantId("p"), RatedPowerWatts = long.MaxValue };
        Assert.Throws<OverflowException>(() => meter.MaximumEnergyIn(TimeSpan.FromDays(1)));
    }

    [Fact]
    public void MarketValidate_DefaultMinPrice_ReportsInsteadOfThrowing()
    {
        var market = EnergySettlement.Tests.Markets.MarketDefinitionTests.Valid() with { MinPrice = default };
        Assert.Contains(market.Validate(), e => e.StartsWith("MinPrice", StringComparison.Ordinal));
    }

    private sealed class P384Verifier : IMeterSignatureVerifier
    {
        public EnergySettlement.Chains.SignatureAlgorithm Algorithm => new("p384");

        public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => false;
    }
}
