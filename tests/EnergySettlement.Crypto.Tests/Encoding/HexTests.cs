using CsCheck;

namespace EnergySettlement.Crypto.Tests;

public sealed class HexTests
{
    [Fact]
    public void Encode_Bytes_GivesLowerCase()
    {
        Assert.Equal("00ff10ab", Hex.Encode([0x00, 0xFF, 0x10, 0xAB]));
    }

    [Fact]
    public void Encode_WithPrefix_StartsWith0x()
    {
        Assert.Equal("0x00ff", Hex.Encode([0x00, 0xFF], withPrefix: true));
        Assert.Equal("0x", Hex.Encode([], withPrefix: true));
    }

    [Theory]
    [InlineData("0x00FFab", new byte[] { 0x00, 0xFF, 0xAB })]
    [InlineData("0X01", new byte[] { 0x01 })]
    [InlineData("deadBEEF", new byte[] { 0xDE, 0xAD, 0xBE, 0xEF })]
    [InlineData("", new byte[0])]
    [InlineData("0x", new byte[0])]
    public void Decode_ValidText_GivesBytes(string text, byte[] expected)
    {
        Assert.Equal(expected, Hex.Decode(text));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0xabc")]
    [InlineData("zz")]
    [InlineData("0x0g")]
    [InlineData(" 00")]
    [InlineData("0x0x00")]
    public void Decode_InvalidText_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => Hex.Decode(text));
    }

    [Fact]
    public void Decode_BadCharacter_MessageNamesPositionButNotText()
    {
        const string secretLooking = "0x1234567890abcdefQ0";
        FormatException ex = Assert.Throws<FormatException>(() => Hex.Decode(secretLooking));
        Assert.Contains("position 18", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("1234567890abcdef", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_ValidText_WritesBytes()
    {
        Span<byte> buffer = stackalloc byte[4];
        Assert.True(Hex.TryDecode("0xa1b2", buffer, out int written));
        Assert.Equal(2, written);
        Assert.Equal(new byte[] { 0xA1, 0xB2 }, buffer[..2].ToArray());
    }

    [Theory]
    [InlineData("a1b2c3")]
    [InlineData("a1b")]
    [InlineData("a1x2")]
    public void TryDecode_InvalidOrTooLong_ReturnsFalse(string text)
    {
        Span<byte> buffer = stackalloc byte[2];
        Assert.False(Hex.TryDecode(text, buffer, out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void EncodeDecode_RandomBytes_RoundTrips()
    {
        Gen.Byte.Array[0, 100].Select(Gen.Bool).Sample(
            t =>
            {
                (byte[] data, bool prefix) = t;
                string text = Hex.Encode(data, prefix);
                Assert.Equal(Convert.ToHexStringLower(data), prefix ? text[2..] : text);
                Assert.Equal(data, Hex.Decode(text));
                Assert.Equal(data, Hex.Decode(text.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal)));
            },
            iter: 1000);
    }
}
