using System.Text;
using CsCheck;
using EnergySettlement.Crypto.Tests.Support;

namespace EnergySettlement.Crypto.Tests;

public sealed class Ripemd160Tests
{
    // The test vectors of the RIPEMD-160 authors (homes.esat.kuleuven.be/~bosselae/ripemd160.html).
    [Theory]
    [InlineData("", "9c1185a5c5e9fc54612808977ee8f548b2258d31")]
    [InlineData("a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe")]
    [InlineData("abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc")]
    [InlineData("message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "12a053384a9c0c88e405a06c27dcf49ada62eb2b")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "b0e20b6e3116640286ed3a87a5713079b21f5189")]
    public void Hash_AuthorsVector_MatchesDigest(string text, string digestHex)
    {
        Assert.Equal(digestHex, Convert.ToHexStringLower(Ripemd160.Hash(Encoding.ASCII.GetBytes(text))));
    }

    [Fact]
    public void Hash_MillionTimesA_MatchesDigest()
    {
        byte[] data = new byte[1_000_000];
        Array.Fill(data, (byte)'a');
        Assert.Equal("52783243c1697bdbe16d37f97f68f08325dc1528", Convert.ToHexStringLower(Ripemd160.Hash(data)));
    }

    [Fact]
    public void Hash_RandomInputs_MatchesBouncyCastle()
    {
        Gen.Byte.Array[0, 300].Sample(
            data => Assert.Equal(BouncyCastleReference.Ripemd160(data), Ripemd160.Hash(data)),
            iter: 2000);
    }
}
