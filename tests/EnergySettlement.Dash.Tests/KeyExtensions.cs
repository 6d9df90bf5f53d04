using EnergySettlement.Crypto;

namespace EnergySettlement.Dash.Tests;

internal static class KeyExtensions
{
    public static byte[] ToCompressed(this Secp256k1PublicKey key)
    {
        var bytes = new byte[Secp256k1PublicKey.CompressedLength];
        key.WriteCompressed(bytes);
        return bytes;
    }

    public static byte[] ToUncompressed(this Secp256k1PublicKey key)
    {
        var bytes = new byte[Secp256k1PublicKey.UncompressedLength];
        key.WriteUncompressed(bytes);
        return bytes;
    }
}
