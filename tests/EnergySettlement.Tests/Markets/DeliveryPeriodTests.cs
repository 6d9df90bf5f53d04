using CsCheck;

namespace EnergySettlement.Tests.Markets;

public sealed class DeliveryPeriodTests
{
    private static readonly DateTimeOffset TenFifteen = new(2026, 11, 24, 10, 15, 0, TimeSpan.Zero);
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    [Fact]
    public void Create_AlignedUtc_SetsStartEndAndLength()
    {
        var period = DeliveryPeriod.Create(TenFifteen, Quarter);
        Assert.Equal(TenFifteen, period.Start);
        Assert.Equal(TenFifteen.AddMinutes(15), period.End);
        Assert.Equal(Quarter, period.Length);
    }

    [Fact]
    public void Create_NotUtc_Throws() =>
        Assert.Throws<ArgumentException>(() => DeliveryPeriod.Create(new DateTimeOffset(2026, 11, 24, 11, 15, 0, TimeSpan.FromHours(1)), Quarter));

    [Theory]
    [InlineData(10, 20, 0)]
    [InlineData(10, 15, 1)]
    public void Create_Misaligned_Throws(int hour, int minute, int second) =>
        Assert.Throws<ArgumentException>(() => DeliveryPeriod.Create(new DateTimeOffset(2026, 11, 24, hour, minute, second, TimeSpan.Zero), Quarter));

    [Fact]
    public void Create_SubSecondStart_Throws() =>
        Assert.Throws<ArgumentException>(() => DeliveryPeriod.Create(TenFifteen.AddTicks(1), Quarter));

    [Theory]
    [InlineData(0)]
    [InlineData(-900)]
    [InlineData(7 * 60)]
    [InlineData(86_401)]
    [InlineData(2 * 86_400)]
    public void Create_LengthNotAllowed_Throws(int seconds) =>
        Assert.Throws<ArgumentException>(() => DeliveryPeriod.Create(DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Create_FractionalSecondLength_Throws() =>
        Assert.Throws<ArgumentException>(() => DeliveryPeriod.Create(DateTimeOffset.UnixEpoch, TimeSpan.FromMilliseconds(500)));

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    [InlineData(3600)]
    [InlineData(86_400)]
    public void Create_AllowedLength_IsAccepted(int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DeliveryPeriod.Create(DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(seconds)).Length);

    [Fact]
    public void Containing_InstantInsidePeriod_ReturnsAlignedPeriod() =>
        Assert.Equal(DeliveryPeriod.Create(TenFifteen, Quarter), DeliveryPeriod.Containing(TenFifteen.AddMinutes(14).AddSeconds(59), Quarter));

    [Fact]
    public void Containing_OtherOffset_ConvertsToUtc() =>
        Assert.Equal(
            DeliveryPeriod.Create(TenFifteen, Quarter),
            DeliveryPeriod.Containing(new DateTimeOffset(2026, 11, 24, 12, 20, 0, TimeSpan.FromHours(2)), Quarter));

    [Fact]
    public void Containing_BeforeEpoch_FloorsDownward() =>
        Assert.Equal(
            DeliveryPeriod.Create(DateTimeOffset.UnixEpoch - Quarter, Quarter),
            DeliveryPeriod.Containing(DateTimeOffset.UnixEpoch.AddSeconds(-1), Quarter));

    [Fact]
    public void Containing_BadLength_Throws() =>
        Assert.Throws<ArgumentException>(() => DeliveryPeriod.Containing(TenFifteen, TimeSpan.FromMinutes(7)));

    [Fact]
    public void Contains_StartInclusiveEndExclusive()
    {
        var period = DeliveryPeriod.Create(TenFifteen, Quarter);
        Assert.True(period.Contains(period.Start));
        Assert.False(period.Contains(period.End));
        Assert.False(period.Contains(period.Start.AddTicks(-1)));
    }

    [Fact]
    public void Next_FollowsWithoutGap() =>
        Assert.Equal(DeliveryPeriod.Create(TenFifteen.AddMinutes(15), Quarter), DeliveryPeriod.Create(TenFifteen, Quarter).Next);

    [Theory]
    [InlineData(900, "2026-11-24T10:15:00Z/PT15M")]
    [InlineData(3600, "2026-11-24T10:00:00Z/PT1H")]
    [InlineData(5400, "2026-11-24T09:00:00Z/PT1H30M")]
    [InlineData(1, "2026-11-24T10:15:00Z/PT1S")]
    [InlineData(86_400, "2026-11-24T00:00:00Z/P1D")]
    public void ToString_FormatsIso8601StartAndDuration(int seconds, string expected)
    {
        var length = TimeSpan.FromSeconds(seconds);
        Assert.Equal(expected, DeliveryPeriod.Containing(TenFifteen, length).ToString());
    }

    [Theory]
    [InlineData("2026-11-24T10:15:00Z/PT15M", 900)]
    [InlineData("2026-11-24T10:15:00Z/2026-11-24T10:30:00Z", 900)]
    [InlineData("2026-11-24T10:00:00Z/PT1H", 3600)]
    [InlineData("2026-11-24T10:00:00Z/PT60M", 3600)]
    [InlineData("2026-11-24T10:00:00Z/PT3600S", 3600)]
    [InlineData("2026-11-24T00:00:00Z/P1D", 86_400)]
    [InlineData("2026-11-24T00:00:00Z/PT24H", 86_400)]
    public void Parse_Valid_ReturnsPeriod(string text, int seconds)
    {
        var period = DeliveryPeriod.Parse(text);
        Assert.Equal(TimeSpan.FromSeconds(seconds), period.Length);
        Assert.Equal(TimeSpan.Zero, period.Start.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-11-24T10:15:00Z")]
    [InlineData("2026-11-24T10:15:00/PT15M")]
    [InlineData("2026-11-24T11:15:00+01:00/PT15M")]
    [InlineData("2026-11-24T10:20:00Z/PT15M")]
    [InlineData("2026-11-24T10:15:00Z/PT7M")]
    [InlineData("2026-11-24T10:15:00Z/PT0M")]
    [InlineData("2026-11-24T10:15:00Z/PT")]
    [InlineData("2026-11-24T10:15:00Z/PT15")]
    [InlineData("2026-11-24T10:15:00Z/PTM")]
    [InlineData("2026-11-24T10:15:00Z/PT15M1H")]
    [InlineData("2026-11-24T10:15:00Z/PT15.5M")]
    [InlineData("2026-11-24T10:15:00Z/PT90000S")]
    [InlineData("2026-11-24T10:15:00Z/P2D")]
    [InlineData("2026-11-24T10:15:00Z/2026-11-24T10:00:00Z")]
    [InlineData("not a date/PT15M")]
    public void Parse_Invalid_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => DeliveryPeriod.Parse(text));

    [Fact]
    public void Parse_Misaligned_MessageSaysNotAligned() =>
        Assert.Contains("not aligned", Assert.Throws<FormatException>(() => DeliveryPeriod.Parse("2026-11-24T10:20:00Z/PT15M")).Message, StringComparison.Ordinal);

    [Fact]
    public void TryParse_Null_ReturnsFalse() => Assert.False(DeliveryPeriod.TryParse(null, out _));

    [Fact]
    public void CompareTo_OrdersByStartThenLength()
    {
        var a = DeliveryPeriod.Create(TenFifteen, Quarter);
        Assert.True(a < a.Next);
        Assert.True(DeliveryPeriod.Create(DateTimeOffset.UnixEpoch, Quarter) < DeliveryPeriod.Create(DateTimeOffset.UnixEpoch, TimeSpan.FromHours(1)));
        var same = DeliveryPeriod.Create(TenFifteen, Quarter);
        Assert.True(a <= same && a >= same && a.Next > a);
    }

    [Fact]
    public void ToString_ThenParse_AnyPeriod_RoundTrips() =>
        Gen.Select(Gen.Long[-600_000, 2_500_000], Gen.Int[0, 7])
            .Sample((index, lengthChoice) =>
            {
                var length = TimeSpan.FromSeconds(new[] { 1, 60, 300, 900, 1800, 3600, 14_400, 86_400 }[lengthChoice]);
                var period = DeliveryPeriod.Create(DateTimeOffset.UnixEpoch + (length * index), length);
                return DeliveryPeriod.Parse(period.ToString()) == period;
            });
}
