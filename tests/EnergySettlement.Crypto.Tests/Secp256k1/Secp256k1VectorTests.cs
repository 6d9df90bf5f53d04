using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EnergySettlement.Crypto.Tests.Support;

namespace EnergySettlement.Crypto.Tests;

public sealed class Secp256k1VectorTests
{
    public static TheoryData<string, string, string, string, int> Rfc6979Vectors()
    {
        var data = new TheoryData<string, string, string, string, int>();
        using JsonDocument doc = TestVectorFile.Open("rfc6979-secp256k1.json");
        foreach (JsonElement v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            string hashHex = v.TryGetProperty("messageHashHex", out JsonElement h)
                ? h.GetString()!
                : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(v.GetProperty("message").GetString()!)));
            int recoveryId = v.TryGetProperty("recoveryId", out JsonElement id) ? id.GetInt32() : -1;
            data.Add(v.GetProperty("privateKeyHex").GetString()!, hashHex, v.GetProperty("rHex").GetString()!, v.GetProperty("sHex").GetString()!, recoveryId);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rfc6979Vectors))]
    public void Sign_PublishedRfc6979Vector_GivesExpectedSignature(string keyHex, string hashHex, string rHex, string sHex, int recoveryId)
    {
        using var key = Secp256k1PrivateKey.FromBytes(Convert.FromHexString(keyHex));
        byte[] hash = Convert.FromHexString(hashHex);

        RecoverableSignature signature = key.Sign(hash);

        byte[] compact = new byte[64];
        signature.Signature.WriteCompact(compact);
        Assert.Equal(rHex + sHex, Convert.ToHexStringLower(compact));
        Assert.True(signature.Signature.IsLowS);
        if (recoveryId >= 0)
        {
            Assert.Equal(recoveryId, signature.RecoveryId);
        }

        Assert.True(key.PublicKey.Verify(hash, signature.Signature));
        Assert.True(Secp256k1PublicKey.TryRecover(hash, signature, out Secp256k1PublicKey recovered));
        Assert.Equal(key.PublicKey, recovered);
    }

    [Fact]
    public void Sign_DashCoreDeterministicMessage_GivesDashCoreDerSignatureAndRecoveryId()
    {
        using JsonDocument doc = TestVectorFile.Open("dash-key-tests.json");
        byte[] hash = Sha256d.Hash(Encoding.ASCII.GetBytes(doc.RootElement.GetProperty("messageText").GetString()!));
        foreach (JsonElement entry in doc.RootElement.GetProperty("keys").EnumerateArray())
        {
            byte[] payload = Base58Check.Decode(entry.GetProperty("wif").GetString()!);
            using var key = Secp256k1PrivateKey.FromBytes(payload.AsSpan(1, 32));

            RecoverableSignature signature = key.Sign(hash);

            Assert.Equal(entry.GetProperty("derHex").GetString(), Convert.ToHexStringLower(signature.Signature.ToDer()));
            Assert.Equal(entry.GetProperty("recoveryId").GetInt32(), signature.RecoveryId);
        }
    }

    public static TheoryData<string, string> EthereumAddresses()
    {
        var data = new TheoryData<string, string>();
        using JsonDocument doc = TestVectorFile.Open("ethereum-addresses.json");
        foreach (JsonElement v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            data.Add(v.GetProperty("privateKeyHex").GetString()!, v.GetProperty("address").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EthereumAddresses))]
    public void PublicKey_KnownKey_HashesToPublishedEthereumAddress(string keyHex, string address)
    {
        using var key = Secp256k1PrivateKey.FromBytes(Convert.FromHexString(keyHex));
        byte[] uncompressed = new byte[65];
        key.PublicKey.WriteUncompressed(uncompressed);

        byte[] hash = Keccak256.Hash(uncompressed.AsSpan(1));

        Assert.Equal(address.ToLowerInvariant(), Hex.Encode(hash.AsSpan(12), withPrefix: true));
    }

    [Fact]
    public void PublicKey_KeyOne_IsTheGenerator()
    {
        using var key = Secp256k1PrivateKey.FromBytes(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000001"));
        byte[] compressed = new byte[33];
        key.PublicKey.WriteCompressed(compressed);
        Assert.Equal("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", Convert.ToHexStringLower(compressed));
    }
}
