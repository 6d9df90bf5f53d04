using System.Text;
using System.Text.Json;
using CsCheck;
using EnergySettlement.Crypto.Tests.Support;

namespace EnergySettlement.Crypto.Tests;

public sealed class Keccak256Tests
{
    public static TheoryData<string, string> PublishedVectors()
    {
        var data = new TheoryData<string, string>();
        using JsonDocument doc = TestVectorFile.Open("keccak256.json");
        foreach (JsonElement v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            string inputHex = v.TryGetProperty("inputHex", out JsonElement hex)
                ? hex.GetString()!
                : Convert.ToHexStringLower(Encoding.UTF8.GetBytes(v.GetProperty("inputText").GetString()!));
            data.Add(inputHex, v.GetProperty("digestHex").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PublishedVectors))]
    public void Hash_PublishedVector_MatchesDigest(string inputHex, string digestHex)
    {
        byte[] input = Convert.FromHexString(inputHex);
        Span<byte> digest = stackalloc byte[32];

        Keccak256.Hash(input, digest);

        Assert.Equal(digestHex, Convert.ToHexStringLower(digest));
        Assert.Equal(digestHex, Convert.ToHexStringLower(Keccak256.Hash(input)));
    }

    [Fact]
    public void Hash_EmptyInput_IsNotSha3()
    {
        Assert.NotEqual(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA3_256.IsSupported
                ? System.Security.Cryptography.SHA3_256.HashData([])
                : Convert.FromHexString("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")),
            Convert.ToHexStringLower(Keccak256.Hash([])));
    }

    [Fact]
    public void Hash_RandomInputsOfAllLengths_MatchesBouncyCastle()
    {
        Gen.Byte.Array[0, 700].Sample(
            data => Assert.Equal(BouncyCastleReference.Keccak256(data), Keccak256.Hash(data)),
            iter: 3000);
    }

    [Fact]
    public void Hasher_SplitInput_MatchesOneShot()
    {
        Gen.Select(Gen.Byte.Array[0, 600], Gen.Int[1, 200]).Sample(
            t =>
            {
                (byte[] data, int chunk) = t;
                var hasher = default(Keccak256Hasher);
                for (int at = 0; at < data.Length; at += chunk)
                {
                    hasher.Append(data.AsSpan(at, Math.Min(chunk, data.Length - at)));
                }

                byte[] digest = new byte[32];
                hasher.Finish(digest);
                Assert.Equal(Keccak256.Hash(data), digest);
            },
            iter: 2000);
    }

    [Fact]
    public void Hasher_AfterFinish_StartsAFreshHash()
    {
        var hasher = default(Keccak256Hasher);
        hasher.Append("abc"u8);
        Span<byte> first = stackalloc byte[32];
        hasher.Finish(first);

        Span<byte> second = stackalloc byte[32];
        hasher.Finish(second);

        Assert.Equal(Keccak256.Hash("abc"u8), first.ToArray());
        Assert.Equal(Keccak256.Hash([]), second.ToArray());
    }

    [Fact]
    public void Hash_ShortDestination_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Keccak256.Hash([1, 2, 3], new byte[31]));
    }

    [Fact]
    public void Hash_Span_DoesNotAllocate()
    {
        byte[] data = new byte[1024];
        byte[] digest = new byte[32];
        Keccak256.Hash(data, digest);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Keccak256.Hash(data, digest);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
