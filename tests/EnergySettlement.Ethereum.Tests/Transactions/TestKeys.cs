using EnergySettlement.Crypto;

namespace EnergySettlement.Ethereum.Tests.Transactions;

internal static class TestKeys
{
    /// <summary>The key of the EIP-155 example: 32 bytes of 0x46.</summary>
    public static Secp256k1PrivateKey Eip155Example() => Secp256k1PrivateKey.FromBytes(Enumerable.Repeat((byte)0x46, 32).ToArray());

    public static Secp256k1PrivateKey FromHex(string hex) => Secp256k1PrivateKey.FromBytes(Hex.Decode(hex));
}
