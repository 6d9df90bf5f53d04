using System.Security.Cryptography;
using System.Text;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Keys;

namespace EnergySettlement.Dash.Tests;

/// <summary>Deterministic test keys: key n is SHA-256 of "dash-test-key-n" (never used for real money).</summary>
internal static class TestKeys
{
    public static Secp256k1PrivateKey Key(int n) => Secp256k1PrivateKey.FromBytes(SHA256.HashData(Encoding.ASCII.GetBytes($"dash-test-key-{n}")));

    public static WifKeySigner Signer(int n, bool compressed = true) => new(Key(n), compressed);
}
