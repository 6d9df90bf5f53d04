using CsCheck;

namespace EnergySettlement.Crypto.Tests;

public sealed class Base58Tests
{
    // Vectors from Bitcoin Core src/test/data/base58_encode_decode.json.
    [Theory]
    [InlineData("", "")]
    [InlineData("61", "2g")]
    [InlineData("626262", "a3gV")]
    [InlineData("636363", "aPEr")]
    [InlineData("73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2")]
    [InlineData("00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L")]
    [InlineData("516b6fcd0f", "ABnLTmg")]
    [InlineData("bf4f89001e670274dd", "3SEo3LWLoPntC")]
    [InlineData("572e4794", "3EFU7m")]
    [InlineData("ecac89cad93923c02321", "EJDM8drfXA6uyA")]
    [InlineData("10c8511e", "Rt5zm")]
    [InlineData("00000000000000000000", "1111111111")]
    public void EncodeDecode_PublishedVector_Matches(string hex, string text)
    {
        byte[] data = Convert.FromHexString(hex);
        Assert.Equal(text, Base58.Encode(data));
        Assert.Equal(data, Base58.Decode(text));
    }

    [Theory]
    [InlineData("0OIl")]
    [InlineData("abc0")]
    [InlineData("3SEo3LWLoPntC ")]
    public void Decode_CharacterOutsideAlphabet_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => Base58.Decode(text));
        Assert.False(Base58.TryDecode(text, out byte[] data));
        Assert.Empty(data);
    }

    [Fact]
    public void TryDecode_Null_ReturnsFalse()
    {
        Assert.False(Base58.TryDecode(null, out byte[] data));
        Assert.Empty(data);
    }

    [Fact]
    public void EncodeDecode_RandomBytesWithLeadingZeros_RoundTrips()
    {
        Gen.Select(Gen.Int[0, 5], Gen.Byte.Array[0, 80]).Sample(
            t =>
            {
                (int zeros, byte[] tail) = t;
                byte[] data = [.. new byte[zeros], .. tail];
                Assert.Equal(data, Base58.Decode(Base58.Encode(data)));
            },
            iter: 1000);
    }
}
