using EnergySettlement.Meters;

namespace EnergySettlement.Tests.Meters;

public sealed class MeterReadingEncodingTests
{
    /// <summary>The worked example of docs/meters.md.</summary>
    internal static readonly MeterReading Example = new()
    {
        Meter = new MeterId("meter-01"),
        IntervalStart = new DateTimeOffset(2026, 11, 24, 10, 15, 0, TimeSpan.Zero),
        IntervalLength = TimeSpan.FromMinutes(15),
        Imported = new Energy(1_234),
        Exported = new Energy(56),
        ImportRegisterWattHours = 1_000_000,
        ExportRegisterWattHours = 5_000,
    };

    // Hand-assembled from the layout: "ESMR", version 01, id length 08, "meter-01",
    // 1795515300 s = 0x6B0563A4, 900 s = 0x384, 1234 = 0x4D2, 56 = 0x38, 1000000 = 0xF4240, 5000 = 0x1388.
    private const string ExampleHex =
        "45534D52" + "01" + "08" + "6D657465722D3031" +
        "000000006B0563A4" + "00000384" +
        "00000000000004D2" + "0000000000000038" +
        "00000000000F4240" + "0000000000001388";

    [Fact]
    public void Encode_KnownReading_MatchesGoldenBytes() =>
        Assert.Equal(ExampleHex, Convert.ToHexString(MeterReadingEncoding.Encode(Example)));

    [Fact]
    public void GetSize_IsFiftyPlusIdLength()
    {
        Assert.Equal(58, MeterReadingEncoding.GetSize(Example));
        Assert.Equal(178, MeterReadingEncoding.GetSize(Example with { Meter = new MeterId(new string('m', 128)) }));
    }

    [Fact]
    public void Encode_LongestId_WritesLengthByte128()
    {
        var bytes = MeterReadingEncoding.Encode(Example with { Meter = new MeterId(new string('m', 128)) });
        Assert.Equal(128, bytes[5]);
        Assert.Equal(178, bytes.Length);
    }

    [Fact]
    public void Encode_IntoLargerSpan_WritesSameBytesAndReturnsSize()
    {
        var buffer = new byte[100];
        Assert.Equal(58, MeterReadingEncoding.Encode(Example, buffer));
        Assert.Equal(ExampleHex, Convert.ToHexString(buffer, 0, 58));
        Assert.All(buffer[58..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Encode_IntoTooSmallSpan_Throws() =>
        Assert.Throws<ArgumentException>(() => MeterReadingEncoding.Encode(Example, new byte[57]));

    [Fact]
    public void Encode_SignatureIsNotEncoded() =>
        Assert.Equal(ExampleHex, Convert.ToHexString(MeterReadingEncoding.Encode(Example with { Signature = new byte[64] })));

    [Fact]
    public void Encode_SubSecondStart_Throws() =>
        Assert.Throws<ArgumentException>(() => MeterReadingEncoding.Encode(Example with { IntervalStart = Example.IntervalStart.AddMilliseconds(1) }));

    [Fact]
    public void Encode_SubSecondLength_Throws() =>
        Assert.Throws<ArgumentException>(() => MeterReadingEncoding.Encode(Example with { IntervalLength = TimeSpan.FromMilliseconds(900_001) }));

    [Theory]
    [InlineData(0)]
    [InlineData(-900)]
    public void Encode_NonPositiveLength_Throws(int seconds) =>
        Assert.Throws<ArgumentException>(() => MeterReadingEncoding.Encode(Example with { IntervalLength = TimeSpan.FromSeconds(seconds) }));

    [Fact]
    public void Encode_StartInOtherOffset_EncodesTheSameInstant() =>
        Assert.Equal(ExampleHex, Convert.ToHexString(MeterReadingEncoding.Encode(Example with { IntervalStart = Example.IntervalStart.ToOffset(TimeSpan.FromHours(-5)) })));

    [Fact]
    public void Encode_EveryFieldChangesTheBytes()
    {
        var variants = new[]
        {
            Example,
            Example with { Meter = new MeterId("meter-02") },
            Example with { IntervalStart = Example.IntervalStart.AddSeconds(1) },
            Example with { IntervalLength = TimeSpan.FromSeconds(901) },
            Example with { Imported = new Energy(1_235) },
            Example with { Exported = new Energy(57) },
            Example with { ImportRegisterWattHours = 1_000_001 },
            Example with { ExportRegisterWattHours = 5_001 },
        };
        Assert.Equal(variants.Length, variants.Select(v => Convert.ToHexString(MeterReadingEncoding.Encode(v))).Distinct().Count());
    }

    [Fact]
    public void Encode_NegativeValues_AreTwosComplementBigEndian()
    {
        var bytes = MeterReadingEncoding.Encode(Example with { Imported = new Energy(-1) });
        Assert.Equal("FFFFFFFFFFFFFFFF", Convert.ToHexString(bytes, 26, 8));
    }
}
