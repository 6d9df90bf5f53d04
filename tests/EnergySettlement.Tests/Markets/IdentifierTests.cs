using EnergySettlement.Chains;

namespace EnergySettlement.Tests.Markets;

/// <summary>The shared text-id syntax of <see cref="MeterId"/>, <see cref="ParticipantId"/>, <see cref="MarketId"/> and <see cref="SettlementBatchId"/>.</summary>
public sealed class IdentifierTests
{
    public static TheoryData<string> ValidIds() => new() { "a", "meter-01", "home_7.roof", "urn:meter@grid", new string('x', 128) };

    public static TheoryData<string> InvalidIds() => new() { "", " ", "meter 01", "meter/01", "mètre", "a#b", new string('x', 129) };

    [Theory]
    [MemberData(nameof(ValidIds))]
    public void Constructors_ValidText_KeepTheText(string text)
    {
        Assert.Equal(text, new MeterId(text).Value);
        Assert.Equal(text, new ParticipantId(text).Value);
        Assert.Equal(text, new MarketId(text).ToString());
        Assert.Equal(text, new SettlementBatchId(text).ToString());
    }

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public void MeterId_InvalidText_Throws(string text) => Assert.Throws<ArgumentException>(() => new MeterId(text));

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public void ParticipantId_InvalidText_Throws(string text) => Assert.Throws<ArgumentException>(() => new ParticipantId(text));

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public void MarketId_InvalidText_Throws(string text) => Assert.Throws<ArgumentException>(() => new MarketId(text));

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public void SettlementBatchId_InvalidText_Throws(string text) => Assert.Throws<ArgumentException>(() => new SettlementBatchId(text));

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public void TryParse_InvalidText_ReturnsFalseAndDefault(string text)
    {
        Assert.False(MeterId.TryParse(text, out var meter));
        Assert.False(ParticipantId.TryParse(text, out var participant));
        Assert.False(MarketId.TryParse(text, out var market));
        Assert.Equal(default, meter);
        Assert.Equal(default, participant);
        Assert.Equal(default, market);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse() => Assert.False(MeterId.TryParse(null, out _));

    [Fact]
    public void TryParse_ValidText_ReturnsTrue()
    {
        Assert.True(MeterId.TryParse("m-1", out var meter));
        Assert.Equal(new MeterId("m-1"), meter);
    }

    [Fact]
    public void Constructor_Null_Throws() => Assert.Throws<ArgumentNullException>(() => new MeterId(null!));

    [Fact]
    public void Equality_IsOrdinalAndCaseSensitive() => Assert.NotEqual(new MeterId("M1"), new MeterId("m1"));

    [Fact]
    public void Default_ValueIsEmpty() => Assert.Equal(string.Empty, default(MeterId).Value);
}
