using System.Security.Cryptography;
using EnergySettlement.Chains;
using EnergySettlement.Meters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergySettlement.Tests.Meters;

/// <summary>
/// The code of docs/meters.md, kept here so it compiles and runs. When you change a snippet on the page, change it here
/// (and the other way round).
/// </summary>
public sealed class MeterDocsExamples
{
    // docs/meters.md — "Signing on a meter or gateway"
    public static MeterReading SignOnGateway(ECDsa meterKey, MeterReading reading)
    {
        byte[] message = MeterReadingEncoding.Encode(reading);
        byte[] signature = meterKey.SignData(
            message,
            HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation); // r ‖ s, 64 bytes
        return reading with { Signature = signature };
    }

    // docs/meters.md — "Signing on a meter or gateway": the public key to register
    public static byte[] ExportMeterPublicKey(ECDsa meterKey)
    {
        ECPoint q = meterKey.ExportParameters(includePrivateParameters: false).Q;
        return [0x04, .. q.X!, .. q.Y!]; // SEC1 uncompressed, 65 bytes
    }

    [Fact]
    public void Docs_WorkedExample_EncodesToThePublishedHex()
    {
        // docs/meters.md — "Worked example"
        var reading = new MeterReading
        {
            Meter = new MeterId("meter-01"),
            IntervalStart = DateTimeOffset.Parse("2026-11-24T10:15:00Z", System.Globalization.CultureInfo.InvariantCulture),
            IntervalLength = TimeSpan.FromMinutes(15),
            Imported = new Energy(1_234),
            Exported = new Energy(56),
            ImportRegisterWattHours = 1_000_000,
            ExportRegisterWattHours = 5_000,
        };
        Assert.Equal(
            "45534D5201086D657465722D3031000000006B0563A4000003840000000000" +
            "0004D2000000000000003800000000000F42400000000000001388",
            Convert.ToHexString(MeterReadingEncoding.Encode(reading)));
    }

    [Fact]
    public void Docs_ValidateWithDependencyInjection_AcceptsThenRejectsDuplicate()
    {
        using var meterKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] meterPublicKey = ExportMeterPublicKey(meterKey);

        // docs/meters.md — "Validating readings in a host"
        var services = new ServiceCollection();
        services.AddEnergySettlement(es => es.Configure(o =>
        {
            o.MeterValidation.PeriodLength = TimeSpan.FromMinutes(15);
            o.Meters.Add(new MeterRegistration
            {
                Meter = new MeterId("meter-01"),
                Participant = new ParticipantId("home-1"),
                RatedPowerWatts = 11_000,
                PublicKey = meterPublicKey,
            });
        }));
        using var provider = services.BuildServiceProvider();
        var validator = provider.GetRequiredService<MeterReadingValidator>();

        MeterReading reading = SignOnGateway(meterKey, MeterFixture.Unsigned());
        MeterReadingValidationResult result = validator.Validate(reading);
        if (result.IsAccepted)
        {
            Console.WriteLine($"{result.Participant} imported {reading.Imported} in {result.Period}");
        }
        else
        {
            Console.WriteLine($"rejected: {result.Reason} — {result.Message}");
        }

        Assert.True(result.IsAccepted);
        Assert.Equal(MeterReadingRejectionReason.Duplicate, validator.Validate(reading).Reason);
    }

    [Fact]
    public void Docs_ValidateWithoutContainer_AcceptsSignedReading()
    {
        using var meterKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var registration = new MeterRegistration
        {
            Meter = new MeterId("meter-01"),
            Participant = new ParticipantId("home-1"),
            RatedPowerWatts = 11_000,
            PublicKey = ExportMeterPublicKey(meterKey),
        };

        // docs/meters.md — "Without a container"
        using var p256 = new EcdsaP256MeterSignatureVerifier();
        var validator = new MeterReadingValidator(
            new InMemoryMeterRegistry([registration]),
            [p256],
            new MeterValidationOptions { RequireSignatures = true },
            NullLogger<MeterReadingValidator>.Instance);

        Assert.True(validator.Validate(SignOnGateway(meterKey, MeterFixture.Unsigned())).IsAccepted);
    }

    [Fact]
    public void Docs_HostRegistryAndP384Verifier_AcceptSuite2Meter()
    {
        using var suite2Key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        ECPoint q = suite2Key.ExportParameters(false).Q;
        var assetDatabase = new Dictionary<string, (string Owner, long Watts, byte[] Key)>
        {
            ["meter-01"] = ("home-1", 11_000, [0x04, .. q.X!, .. q.Y!]),
        };

        // docs/meters.md — "Plugging in your meter registry and another verifier"
        var services = new ServiceCollection();
        services.AddSingleton<IReadOnlyDictionary<string, (string Owner, long Watts, byte[] Key)>>(assetDatabase);
        services.AddEnergySettlement(es =>
        {
            es.UseMeterRegistry<AssetDatabaseMeterRegistry>();
            es.Services.AddSingleton<IMeterSignatureVerifier, EcdsaP384MeterSignatureVerifier>();
        });
        using var provider = services.BuildServiceProvider();
        var validator = provider.GetRequiredService<MeterReadingValidator>();

        var reading = MeterFixture.Unsigned();
        reading = reading with
        {
            Signature = suite2Key.SignData(MeterReadingEncoding.Encode(reading), HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        };
        Assert.True(validator.Validate(reading).IsAccepted);
        Assert.Equal(2, provider.GetServices<IMeterSignatureVerifier>().Count());
    }

    [Fact]
    public void Docs_P384Verifier_RejectsTamperedReading()
    {
        using var suite2Key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        ECPoint q = suite2Key.ExportParameters(false).Q;
        byte[] publicKey = [0x04, .. q.X!, .. q.Y!];
        var message = MeterReadingEncoding.Encode(MeterFixture.Unsigned());
        var signature = suite2Key.SignData(message, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var verifier = new EcdsaP384MeterSignatureVerifier();
        Assert.True(verifier.Verify(publicKey, message, signature));
        message[^1] ^= 1;
        Assert.False(verifier.Verify(publicKey, message, signature));
        Assert.False(verifier.Verify(publicKey[..64], message, signature));
    }
}

// docs/meters.md — "Plugging in your meter registry and another verifier": a registry over the host's asset database
public sealed class AssetDatabaseMeterRegistry(IReadOnlyDictionary<string, (string Owner, long Watts, byte[] Key)> assets) : IMeterRegistry
{
    public MeterRegistration? Find(MeterId meter) =>
        assets.TryGetValue(meter.Value, out var row)
            ? new MeterRegistration
            {
                Meter = meter,
                Participant = new ParticipantId(row.Owner),
                RatedPowerWatts = row.Watts,
                PublicKey = row.Key,
                SignatureAlgorithm = EcdsaP384MeterSignatureVerifier.P384,
            }
            : null;
}

// docs/meters.md — "Plugging in your meter registry and another verifier": DLMS/COSEM suite 2 meters (P-384, SHA-384)
public sealed class EcdsaP384MeterSignatureVerifier : IMeterSignatureVerifier
{
    public static readonly SignatureAlgorithm P384 = new("p384");

    public SignatureAlgorithm Algorithm => P384;

    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 97 || publicKey[0] != 0x04 || signature.Length != 96)
        {
            return false;
        }

        try
        {
            using var key = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP384,
                Q = new ECPoint { X = publicKey[1..49].ToArray(), Y = publicKey[49..].ToArray() },
            });
            return key.VerifyData(message, signature, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false; // not a point on the curve
        }
    }
}
