using EnergySettlement.Meters;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergySettlement.Tests.Meters;

/// <summary>One registered, signing meter rated 4 kW (at most 1000 Wh per 15-minute period) and a validator over it.</summary>
internal sealed class MeterFixture : IDisposable
{
    public static readonly DateTimeOffset TenFifteen = new(2026, 11, 24, 10, 15, 0, TimeSpan.Zero);

    public static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    public MeterFixture(bool requireSignatures = true)
    {
        Registration = new MeterRegistration
        {
            Meter = new MeterId("meter-01"),
            Participant = new ParticipantId("home-1"),
            RatedPowerWatts = 4_000,
            PublicKey = Key.PublicKey,
        };
        Registry = new InMemoryMeterRegistry([Registration]);
        Validator = new MeterReadingValidator(
            Registry,
            [Verifier],
            new MeterValidationOptions { RequireSignatures = requireSignatures },
            NullLogger<MeterReadingValidator>.Instance);
    }

    public MeterKey Key { get; } = new();

    public EcdsaP256MeterSignatureVerifier Verifier { get; } = new();

    public MeterRegistration Registration { get; }

    public InMemoryMeterRegistry Registry { get; }

    public MeterReadingValidator Validator { get; }

    /// <summary>An unsigned reading of meter-01 for the period <paramref name="index"/> quarters after 10:15 UTC.</summary>
    public static MeterReading Unsigned(int index = 0, long imported = 250, long exported = 0, long importRegister = 10_000, long exportRegister = 2_000) => new()
    {
        Meter = new MeterId("meter-01"),
        IntervalStart = TenFifteen + (Quarter * index),
        IntervalLength = Quarter,
        Imported = new Energy(imported),
        Exported = new Energy(exported),
        ImportRegisterWattHours = importRegister,
        ExportRegisterWattHours = exportRegister,
    };

    public MeterReading Signed(int index = 0, long imported = 250, long exported = 0, long importRegister = 10_000, long exportRegister = 2_000) =>
        Key.Sign(Unsigned(index, imported, exported, importRegister, exportRegister));

    public MeterReadingValidationResult Validate(MeterReading reading) => Validator.Validate(reading);

    public void Dispose()
    {
        Key.Dispose();
        Verifier.Dispose();
    }
}
