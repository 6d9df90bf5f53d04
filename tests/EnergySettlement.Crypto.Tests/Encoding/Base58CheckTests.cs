using System.Text.Json;
using CsCheck;
using EnergySettlement.Crypto.Tests.Support;

namespace EnergySettlement.Crypto.Tests;

public sealed class Base58CheckTests
{
    private const byte DashMainnetWifVersion = 0xCC;
    private const byte DashMainnetP2pkhVersion = 0x4C;

    public static TheoryData<string, bool, string> DashKeys()
    {
        var data = new TheoryData<string, bool, string>();
        using JsonDocument doc = TestVectorFile.Open("dash-key-tests.json");
        foreach (JsonElement key in doc.RootElement.GetProperty("keys").EnumerateArray())
        {
            data.Add(key.GetProperty("wif").GetString()!, key.GetProperty("compressed").GetBoolean(), key.GetProperty("address").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DashKeys))]
    public void Decode_DashCoreWif_GivesKeyWhoseHash160IsTheAddress(string wif, bool compressed, string address)
    {
        byte[] payload = Base58Check.Decode(wif);
        Assert.Equal(DashMainnetWifVersion, payload[0]);
        Assert.Equal(compressed ? 34 : 33, payload.Length);
        if (compressed)
        {
            Assert.Equal(0x01, payload[33]);
        }

        using var key = Secp256k1PrivateKey.FromBytes(payload.AsSpan(1, 32));
        byte[] sec1 = new byte[compressed ? 33 : 65];
        if (compressed)
        {
            key.PublicKey.WriteCompressed(sec1);
        }
        else
        {
            key.PublicKey.WriteUncompressed(sec1);
        }

        byte[] addressPayload = [DashMainnetP2pkhVersion, .. Hash160.Hash(sec1)];
        Assert.Equal(address, Base58Check.Encode(addressPayload));
        Assert.Equal(wif, Base58Check.Encode(payload));
    }

    [Fact]
    public void Decode_DashCoreBadAddress_ThrowsFormatException()
    {
        using JsonDocument doc = TestVectorFile.Open("dash-key-tests.json");
        string bad = doc.RootElement.GetProperty("badAddress").GetString()!;

        FormatException ex = Assert.Throws<FormatException>(() => Base58Check.Decode(bad));
        Assert.Contains("checksum", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(bad, ex.Message, StringComparison.Ordinal);
        Assert.False(Base58Check.TryDecode(bad, out byte[] payload));
        Assert.Empty(payload);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("111")]
    public void Decode_TooShort_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => Base58Check.Decode(text));
        Assert.False(Base58Check.TryDecode(text, out _));
    }

    [Fact]
    public void EncodeDecode_RandomPayload_RoundTripsAndDetectsAnyChangedCharacter()
    {
        Gen.Select(Gen.Byte.Array[1, 40], Gen.Int[0, 1000]).Sample(
            t =>
            {
                (byte[] payload, int where) = t;
                string text = Base58Check.Encode(payload);
                Assert.True(Base58Check.TryDecode(text, out byte[] decoded));
                Assert.Equal(payload, decoded);

                int i = where % text.Length;
                char replacement = text[i] == 'z' ? 'y' : 'z';
                string tampered = string.Concat(text.AsSpan(0, i), replacement.ToString(), text.AsSpan(i + 1));
                Assert.False(Base58Check.TryDecode(tampered, out _));
            },
            iter: 1000);
    }
}
