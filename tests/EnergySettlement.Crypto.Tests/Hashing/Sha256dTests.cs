using System.Security.Cryptography;
using System.Text;
using CsCheck;

namespace EnergySettlement.Crypto.Tests;

public sealed class Sha256dTests
{
    [Fact]
    public void Hash_GenesisHeaderOfBitcoin_GivesTheKnownBlockHash()
    {
        // Bitcoin's genesis block header (80 bytes); its hash is shown byte-reversed as 000000000019d6...e26f.
        byte[] header = Convert.FromHexString(
            "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c");

        byte[] hash = Sha256d.Hash(header);
        Array.Reverse(hash);

        Assert.Equal("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void Hash_RandomInputs_EqualsSha256Twice()
    {
        Gen.Byte.Array[0, 300].Sample(
            data => Assert.Equal(SHA256.HashData(SHA256.HashData(data)), Sha256d.Hash(data)),
            iter: 500);
    }

    [Fact]
    public void Hash_ShortDestination_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Sha256d.Hash(Encoding.ASCII.GetBytes("x"), new byte[31]));
    }
}
