using System.Security.Cryptography;
using CsCheck;
using EnergySettlement.Crypto.Tests.Support;

namespace EnergySettlement.Crypto.Tests;

public sealed class Hash160Tests
{
    [Fact]
    public void Hash_GeneratorPoint_GivesTheAddressHashOfKeyOne()
    {
        // Compressed public key of private key 1; its Bitcoin address 1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH has this hash.
        byte[] key = Convert.FromHexString("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
        Assert.Equal("751e76e8199196d454941c45d1b3a323f1433bd6", Convert.ToHexStringLower(Hash160.Hash(key)));
    }

    [Fact]
    public void Hash_RandomInputs_EqualsRipemdOfSha256()
    {
        Gen.Byte.Array[0, 200].Sample(
            data => Assert.Equal(BouncyCastleReference.Ripemd160(SHA256.HashData(data)), Hash160.Hash(data)),
            iter: 500);
    }

    [Fact]
    public void Hash_Span_DoesNotAllocate()
    {
        byte[] data = new byte[200];
        byte[] digest = new byte[20];
        byte[] sha = new byte[32];
        Hash160.Hash(data, digest);
        Sha256d.Hash(data, sha);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            Hash160.Hash(data, digest);
            Ripemd160.Hash(data, digest);
            Sha256d.Hash(data, sha);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
