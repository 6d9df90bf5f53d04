using EnergySettlement.Chains;

namespace EnergySettlement.Tests.Chains;

public sealed class ChainIdTests
{
    [Theory]
    [InlineData("eip155:1", "eip155", "1")]
    [InlineData("bip122:00000ffd590b1485b3caadc19b22e637", "bip122", "00000ffd590b1485b3caadc19b22e637")]
    [InlineData("cosmos:cosmoshub-4", "cosmos", "cosmoshub-4")]
    [InlineData("abc:A_b-C", "abc", "A_b-C")]
    public void Parse_Valid_SplitsNamespaceAndReference(string text, string ns, string reference)
    {
        var id = ChainId.Parse(text);
        Assert.Equal(ns, id.Namespace);
        Assert.Equal(reference, id.Reference);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("eip155")]
    [InlineData("eip155:")]
    [InlineData(":1")]
    [InlineData("ab:1")]
    [InlineData("abcdefghi:1")]
    [InlineData("EIP155:1")]
    [InlineData("eip_155:1")]
    [InlineData("eip155:1:2")]
    [InlineData("eip155:1.0")]
    [InlineData("eip155: 1")]
    public void Parse_Invalid_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => ChainId.Parse(text));

    [Fact]
    public void Parse_ReferenceOf32_IsAccepted() => Assert.Equal(32, ChainId.Parse("eip155:" + new string('1', 32)).Reference.Length);

    [Fact]
    public void Parse_ReferenceOf33_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => ChainId.Parse("eip155:" + new string('1', 33)));

    [Fact]
    public void TryParse_Null_ReturnsFalse() => Assert.False(ChainId.TryParse(null, out _));

    [Fact]
    public void Equality_IsOrdinal()
    {
        Assert.Equal(ChainId.Parse("eip155:1"), ChainId.Parse("eip155:1"));
        Assert.NotEqual(ChainId.Parse("eip155:a"), ChainId.Parse("eip155:A"));
    }

    [Fact]
    public void Compare_IsOrdinalOnText()
    {
        Assert.True(ChainId.Parse("bip122:1") < ChainId.Parse("eip155:1"));
        Assert.True(ChainId.Parse("eip155:10") > ChainId.Parse("eip155:1"));
    }

    [Fact]
    public void Default_ToStringIsEmptyAndPartsThrow()
    {
        Assert.Equal(string.Empty, default(ChainId).ToString());
        Assert.Throws<InvalidOperationException>(() => default(ChainId).Namespace);
    }
}
