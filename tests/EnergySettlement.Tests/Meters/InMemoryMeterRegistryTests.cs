using EnergySettlement.Chains;
using EnergySettlement.Meters;

namespace EnergySettlement.Tests.Meters;

public sealed class InMemoryMeterRegistryTests
{
    private static readonly MeterRegistration Meter = new()
    {
        Meter = new MeterId("meter-01"),
        Participant = new ParticipantId("home-1"),
        RatedPowerWatts = 4_000,
    };

    [Fact]
    public void Find_RegisteredMeter_ReturnsRegistration() =>
        Assert.Same(Meter, new InMemoryMeterRegistry([Meter]).Find(Meter.Meter));

    [Fact]
    public void Find_UnknownMeter_ReturnsNull() =>
        Assert.Null(new InMemoryMeterRegistry([Meter]).Find(new MeterId("meter-02")));

    [Fact]
    public void Constructor_SameMeterTwice_Throws() =>
        Assert.Throws<ArgumentException>(() => new InMemoryMeterRegistry([Meter, Meter with { RatedPowerWatts = 1 }]));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Add_NonPositiveRatedPower_Throws(long watts) =>
        Assert.Throws<ArgumentException>(() => new InMemoryMeterRegistry([]).Add(Meter with { RatedPowerWatts = watts }));

    [Fact]
    public void Add_AfterConstruction_IsFound()
    {
        var registry = new InMemoryMeterRegistry([]);
        registry.Add(Meter);
        Assert.NotNull(registry.Find(Meter.Meter));
    }

    [Theory]
    [InlineData(4_000, 900, 1_000)]
    [InlineData(1, 900, 1)]
    [InlineData(3_601, 3_600, 3_601)]
    [InlineData(10_000, 86_400, 240_000)]
    [InlineData(7, 1, 1)]
    public void MaximumEnergyIn_IsRatedPowerTimesTimeRoundedUp(long watts, int seconds, long expectedWattHours) =>
        Assert.Equal(new Energy(expectedWattHours), (Meter with { RatedPowerWatts = watts }).MaximumEnergyIn(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void SignatureAlgorithm_DefaultsToP256() => Assert.Equal(SignatureAlgorithm.P256, Meter.SignatureAlgorithm);
}
