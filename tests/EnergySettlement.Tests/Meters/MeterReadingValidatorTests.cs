using EnergySettlement.Chains;
using EnergySettlement.Meters;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergySettlement.Tests.Meters;

public sealed class MeterReadingValidatorTests : IDisposable
{
    private readonly MeterFixture _meter = new();

    public void Dispose() => _meter.Dispose();

    [Fact]
    public void Validate_SignedWithMeterKey_IsAcceptedWithParticipantAndPeriod()
    {
        var result = _meter.Validate(_meter.Signed());
        Assert.True(result.IsAccepted);
        Assert.Null(result.Reason);
        Assert.Equal(string.Empty, result.Message);
        Assert.Equal(new ParticipantId("home-1"), result.Participant);
        Assert.Equal(DeliveryPeriod.Create(MeterFixture.TenFifteen, MeterFixture.Quarter), result.Period);
    }

    [Fact]
    public void Validate_UnknownMeter_IsRejected()
    {
        var result = _meter.Validate(_meter.Key.Sign(MeterFixture.Unsigned() with { Meter = new MeterId("meter-99") }));
        AssertRejected(MeterReadingRejectionReason.UnknownMeter, result);
        Assert.Contains("meter-99", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 0, 10_000, 2_000)]
    [InlineData(0, -1, 10_000, 2_000)]
    [InlineData(0, 0, -1, 2_000)]
    [InlineData(0, 0, 10_000, -1)]
    public void Validate_NegativeValue_IsRejected(long imported, long exported, long importRegister, long exportRegister) =>
        AssertRejected(MeterReadingRejectionReason.NegativeValue, _meter.Validate(_meter.Signed(0, imported, exported, importRegister, exportRegister)));

    [Theory]
    [InlineData(5 * 60)]
    [InlineData(1)]
    [InlineData(-60)]
    public void Validate_StartOffPeriodBoundary_IsRejected(int offsetSeconds) =>
        AssertRejected(
            MeterReadingRejectionReason.PeriodMisaligned,
            _meter.Validate(_meter.Key.Sign(MeterFixture.Unsigned() with { IntervalStart = MeterFixture.TenFifteen.AddSeconds(offsetSeconds) })));

    [Fact]
    public void Validate_SubSecondStart_IsRejectedAsMisaligned() =>
        AssertRejected(
            MeterReadingRejectionReason.PeriodMisaligned,
            _meter.Validate(MeterFixture.Unsigned() with { IntervalStart = MeterFixture.TenFifteen.AddTicks(1), Signature = new byte[64] }));

    [Theory]
    [InlineData(5)]
    [InlineData(30)]
    [InlineData(60)]
    public void Validate_OtherLengthThanMarketPeriod_IsRejected(int minutes) =>
        AssertRejected(
            MeterReadingRejectionReason.PeriodMisaligned,
            _meter.Validate(_meter.Key.Sign(MeterFixture.Unsigned() with { IntervalStart = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), IntervalLength = TimeSpan.FromMinutes(minutes) })));

    [Fact]
    public void Validate_SameInstantWithNonUtcOffset_IsRejected() =>
        AssertRejected(
            MeterReadingRejectionReason.PeriodMisaligned,
            _meter.Validate(_meter.Key.Sign(MeterFixture.Unsigned() with { IntervalStart = MeterFixture.TenFifteen.ToOffset(TimeSpan.FromHours(1)) })));

    [Fact]
    public void Validate_SameReadingTwice_SecondIsDuplicate()
    {
        var reading = _meter.Signed();
        Assert.True(_meter.Validate(reading).IsAccepted);
        AssertRejected(MeterReadingRejectionReason.Duplicate, _meter.Validate(reading));
    }

    [Fact]
    public void Validate_OtherValuesForAcceptedPeriod_IsDuplicate()
    {
        Assert.True(_meter.Validate(_meter.Signed(0, imported: 250)).IsAccepted);
        AssertRejected(MeterReadingRejectionReason.Duplicate, _meter.Validate(_meter.Signed(0, imported: 300, importRegister: 10_050)));
    }

    [Fact]
    public void Validate_SamePeriodOfAnotherMeter_IsNotDuplicate()
    {
        using var otherKey = new MeterKey();
        var registry = new InMemoryMeterRegistry(
        [
            _meter.Registration,
            _meter.Registration with { Meter = new MeterId("meter-02"), Participant = new ParticipantId("home-2"), PublicKey = otherKey.PublicKey },
        ]);
        var validator = new MeterReadingValidator(registry, [_meter.Verifier], new MeterValidationOptions(), NullLogger<MeterReadingValidator>.Instance);
        Assert.True(validator.Validate(_meter.Signed()).IsAccepted);
        Assert.True(validator.Validate(otherKey.Sign(MeterFixture.Unsigned() with { Meter = new MeterId("meter-02") })).IsAccepted);
    }

    [Fact]
    public void Validate_ForgedReadingForAcceptedPeriod_IsBadSignatureNotDuplicate()
    {
        Assert.True(_meter.Validate(_meter.Signed()).IsAccepted);
        using var stranger = new MeterKey();
        AssertRejected(MeterReadingRejectionReason.BadSignature, _meter.Validate(stranger.Sign(MeterFixture.Unsigned(0, imported: 900))));
    }

    [Fact]
    public void Validate_ImportRegisterLowerThanEarlierPeriod_IsRejected()
    {
        Assert.True(_meter.Validate(_meter.Signed(0, importRegister: 10_000)).IsAccepted);
        AssertRejected(MeterReadingRejectionReason.RegisterWentBackwards, _meter.Validate(_meter.Signed(1, importRegister: 9_999)));
    }

    [Fact]
    public void Validate_ExportRegisterLowerThanEarlierPeriod_IsRejected()
    {
        Assert.True(_meter.Validate(_meter.Signed(0, exportRegister: 2_000)).IsAccepted);
        AssertRejected(MeterReadingRejectionReason.RegisterWentBackwards, _meter.Validate(_meter.Signed(1, exportRegister: 1_999)));
    }

    [Fact]
    public void Validate_OutOfOrderArrivalHigherThanLaterPeriod_IsRejected()
    {
        Assert.True(_meter.Validate(_meter.Signed(3, importRegister: 10_300)).IsAccepted);
        AssertRejected(MeterReadingRejectionReason.RegisterWentBackwards, _meter.Validate(_meter.Signed(1, importRegister: 10_400)));
    }

    [Fact]
    public void Validate_OutOfOrderArrivalExportHigherThanLaterPeriod_IsRejected()
    {
        Assert.True(_meter.Validate(_meter.Signed(3, exportRegister: 2_300)).IsAccepted);
        AssertRejected(MeterReadingRejectionReason.RegisterWentBackwards, _meter.Validate(_meter.Signed(1, exportRegister: 2_301)));
    }

    [Fact]
    public void Validate_OutOfOrderArrivalConsistentWithNeighbours_IsAccepted()
    {
        Assert.True(_meter.Validate(_meter.Signed(0, importRegister: 10_000)).IsAccepted);
        Assert.True(_meter.Validate(_meter.Signed(3, importRegister: 10_300)).IsAccepted);
        Assert.True(_meter.Validate(_meter.Signed(1, importRegister: 10_100)).IsAccepted);
    }

    [Fact]
    public void Validate_OutOfOrderArrivalAboveLaterNeighbour_IsRejectedBetweenNeighbours()
    {
        Assert.True(_meter.Validate(_meter.Signed(0, importRegister: 10_000)).IsAccepted);
        Assert.True(_meter.Validate(_meter.Signed(3, importRegister: 10_300)).IsAccepted);
        var result = _meter.Validate(_meter.Signed(1, importRegister: 10_301));
        AssertRejected(MeterReadingRejectionReason.RegisterWentBackwards, result);
        Assert.Contains("10000/2000 Wh", result.Message, StringComparison.Ordinal);
        Assert.Contains("10300/2000 Wh", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RegistersUnchangedNextPeriod_IsAccepted()
    {
        Assert.True(_meter.Validate(_meter.Signed(0, imported: 0)).IsAccepted);
        Assert.True(_meter.Validate(_meter.Signed(1, imported: 0)).IsAccepted);
    }

    [Fact]
    public void Validate_ImportAtRatedCapacity_IsAccepted() =>
        Assert.True(_meter.Validate(_meter.Signed(0, imported: 1_000)).IsAccepted);

    [Fact]
    public void Validate_ImportAboveRatedCapacity_IsRejected() =>
        AssertRejected(MeterReadingRejectionReason.ExceedsCapacity, _meter.Validate(_meter.Signed(0, imported: 1_001)));

    [Fact]
    public void Validate_ExportAboveRatedCapacity_IsRejected() =>
        AssertRejected(MeterReadingRejectionReason.ExceedsCapacity, _meter.Validate(_meter.Signed(0, exported: 1_001)));

    [Fact]
    public void Validate_UnsignedWhenRequired_IsMissingSignature()
    {
        var result = _meter.Validate(MeterFixture.Unsigned());
        AssertRejected(MeterReadingRejectionReason.MissingSignature, result);
        Assert.Contains("has none", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MeterWithoutKeyWhenRequired_IsMissingSignature()
    {
        var registry = new InMemoryMeterRegistry([_meter.Registration with { PublicKey = ReadOnlyMemory<byte>.Empty }]);
        var validator = new MeterReadingValidator(registry, [_meter.Verifier], new MeterValidationOptions(), NullLogger<MeterReadingValidator>.Instance);
        var result = validator.Validate(_meter.Signed());
        AssertRejected(MeterReadingRejectionReason.MissingSignature, result);
        Assert.Contains("no registered key", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnsignedWhenNotRequired_IsAccepted()
    {
        using var lenient = new MeterFixture(requireSignatures: false);
        Assert.True(lenient.Validate(MeterFixture.Unsigned()).IsAccepted);
    }

    [Fact]
    public void Validate_BadSignatureWhenNotRequired_IsStillRejected()
    {
        using var lenient = new MeterFixture(requireSignatures: false);
        AssertRejected(MeterReadingRejectionReason.BadSignature, lenient.Validate(lenient.Signed() with { Imported = new Energy(251) }));
    }

    [Theory]
    [InlineData("imported")]
    [InlineData("exported")]
    [InlineData("importRegister")]
    [InlineData("exportRegister")]
    [InlineData("start")]
    public void Validate_FieldChangedAfterSigning_IsBadSignature(string field)
    {
        var signed = _meter.Signed();
        var tampered = field switch
        {
            "imported" => signed with { Imported = new Energy(249) },
            "exported" => signed with { Exported = new Energy(1) },
            "importRegister" => signed with { ImportRegisterWattHours = 10_001 },
            "exportRegister" => signed with { ExportRegisterWattHours = 2_001 },
            _ => signed with { IntervalStart = signed.IntervalStart + MeterFixture.Quarter },
        };
        AssertRejected(MeterReadingRejectionReason.BadSignature, _meter.Validate(tampered));
    }

    [Fact]
    public void Validate_SignedByAnotherKey_IsBadSignature()
    {
        using var stranger = new MeterKey();
        AssertRejected(MeterReadingRejectionReason.BadSignature, _meter.Validate(stranger.Sign(MeterFixture.Unsigned())));
    }

    [Fact]
    public void Validate_RandomSignatureBytes_IsBadSignature()
    {
        var garbage = new byte[64];
        new Random(7).NextBytes(garbage);
        AssertRejected(MeterReadingRejectionReason.BadSignature, _meter.Validate(MeterFixture.Unsigned() with { Signature = garbage }));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(65)]
    public void Validate_SignatureOfWrongLength_IsBadSignature(int length) =>
        AssertRejected(MeterReadingRejectionReason.BadSignature, _meter.Validate(MeterFixture.Unsigned() with { Signature = new byte[length] }));

    [Fact]
    public void Validate_AllZeroSignature_IsBadSignature() =>
        AssertRejected(MeterReadingRejectionReason.BadSignature, _meter.Validate(MeterFixture.Unsigned() with { Signature = new byte[64] }));

    [Fact]
    public void Validate_DerEncodedSignature_IsBadSignature() =>
        AssertRejected(MeterReadingRejectionReason.BadSignature, _meter.Validate(MeterFixture.Unsigned() with { Signature = _meter.Key.SignDer(MeterFixture.Unsigned()) }));

    [Fact]
    public void Validate_NoVerifierForMetersAlgorithm_IsBadSignature()
    {
        var registry = new InMemoryMeterRegistry([_meter.Registration with { SignatureAlgorithm = SignatureAlgorithm.Secp256k1 }]);
        var validator = new MeterReadingValidator(registry, [_meter.Verifier], new MeterValidationOptions(), NullLogger<MeterReadingValidator>.Instance);
        var result = validator.Validate(_meter.Signed());
        AssertRejected(MeterReadingRejectionReason.BadSignature, result);
        Assert.Contains("secp256k1", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RegisteredKeyNotOnCurve_IsBadSignature()
    {
        var notOnCurve = new byte[65];
        notOnCurve[0] = 0x04;
        notOnCurve[64] = 0x01;
        var registry = new InMemoryMeterRegistry([_meter.Registration with { PublicKey = notOnCurve }]);
        var validator = new MeterReadingValidator(registry, [_meter.Verifier], new MeterValidationOptions(), NullLogger<MeterReadingValidator>.Instance);
        AssertRejected(MeterReadingRejectionReason.BadSignature, validator.Validate(_meter.Signed()));
    }

    [Fact]
    public void Validate_RejectedBadSignatureForPeriod_DoesNotBlockTheValidReadingLater()
    {
        AssertRejected(MeterReadingRejectionReason.BadSignature, _meter.Validate(_meter.Signed() with { Imported = new Energy(999) }));
        Assert.True(_meter.Validate(_meter.Signed()).IsAccepted);
    }

    [Fact]
    public void Validate_RejectedOverCapacityForPeriod_DoesNotBlockTheValidReadingLater()
    {
        AssertRejected(MeterReadingRejectionReason.ExceedsCapacity, _meter.Validate(_meter.Signed(0, imported: 5_000)));
        Assert.True(_meter.Validate(_meter.Signed()).IsAccepted);
    }

    [Fact]
    public void Validate_RejectedReadingsRegisters_AreNotRemembered()
    {
        Assert.True(_meter.Validate(_meter.Signed(0, importRegister: 10_000)).IsAccepted);
        AssertRejected(MeterReadingRejectionReason.BadSignature, _meter.Validate(_meter.Signed(1, importRegister: 99_999) with { Exported = new Energy(5) }));
        Assert.True(_meter.Validate(_meter.Signed(2, importRegister: 10_200)).IsAccepted);
    }

    [Fact]
    public void Validate_RejectedBackwardsReading_DoesNotBlockTheValidReadingLater()
    {
        Assert.True(_meter.Validate(_meter.Signed(0, importRegister: 10_000)).IsAccepted);
        AssertRejected(MeterReadingRejectionReason.RegisterWentBackwards, _meter.Validate(_meter.Signed(1, importRegister: 9_000)));
        Assert.True(_meter.Validate(_meter.Signed(1, importRegister: 10_100)).IsAccepted);
    }

    [Fact]
    public void Validate_SameReadingFromManyThreads_IsAcceptedExactlyOnce()
    {
        var reading = _meter.Signed();
        var results = new MeterReadingValidationResult[32];
        Parallel.For(0, results.Length, i => results[i] = _meter.Validate(reading));
        Assert.Single(results, r => r.IsAccepted);
        Assert.All(results.Where(r => !r.IsAccepted), r => Assert.Equal(MeterReadingRejectionReason.Duplicate, r.Reason));
    }

    [Fact]
    public void ForgetBefore_ForgottenPeriod_NoLongerDetectedAsDuplicate()
    {
        var reading = _meter.Signed();
        Assert.True(_meter.Validate(reading).IsAccepted);
        _meter.Validator.ForgetBefore(MeterFixture.TenFifteen + MeterFixture.Quarter);
        Assert.True(_meter.Validate(reading).IsAccepted);
    }

    [Fact]
    public void ForgetBefore_LaterPeriods_AreKept()
    {
        var reading = _meter.Signed(1);
        Assert.True(_meter.Validate(reading).IsAccepted);
        _meter.Validator.ForgetBefore(MeterFixture.TenFifteen + MeterFixture.Quarter);
        AssertRejected(MeterReadingRejectionReason.Duplicate, _meter.Validate(reading));
    }

    [Fact]
    public void Validate_Rejected_LogsOneWarningWithoutKeyMaterial()
    {
        var logger = new ListLogger<MeterReadingValidator>();
        var validator = new MeterReadingValidator(_meter.Registry, [_meter.Verifier], new MeterValidationOptions(), logger);
        validator.Validate(MeterFixture.Unsigned());
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("MissingSignature", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(_meter.Key.PublicKey), entry.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Validate_Accepted_LogsNothing()
    {
        var logger = new ListLogger<MeterReadingValidator>();
        var validator = new MeterReadingValidator(_meter.Registry, [_meter.Verifier], new MeterValidationOptions(), logger);
        Assert.True(validator.Validate(_meter.Signed()).IsAccepted);
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws() =>
        Assert.Throws<ArgumentException>(() => new MeterReadingValidator(
            _meter.Registry, [_meter.Verifier], new MeterValidationOptions { PeriodLength = TimeSpan.FromMinutes(7) }, NullLogger<MeterReadingValidator>.Instance));

    [Fact]
    public void Constructor_TwoVerifiersForOneAlgorithm_Throws()
    {
        using var second = new EcdsaP256MeterSignatureVerifier();
        Assert.Throws<ArgumentException>(() => new MeterReadingValidator(
            _meter.Registry, [_meter.Verifier, second], new MeterValidationOptions(), NullLogger<MeterReadingValidator>.Instance));
    }

    [Fact]
    public void Validate_Null_Throws() => Assert.Throws<ArgumentNullException>(() => _meter.Validator.Validate(null!));

    private static void AssertRejected(MeterReadingRejectionReason expected, MeterReadingValidationResult result)
    {
        Assert.False(result.IsAccepted);
        Assert.Equal(expected, result.Reason);
        Assert.NotEmpty(result.Message);
        Assert.Null(result.Participant);
        Assert.Null(result.Period);
    }
}
