using Org.BouncyCastle.Crypto.Digests;

namespace EnergySettlement.Crypto;

/// <summary>RIPEMD-160 (Dobbertin, Bosselaers, Preneel 1996), the 20-byte hash inside <see cref="Hash160"/>.</summary>
/// <remarks>All members are thread-safe.</remarks>
public static class Ripemd160
{
    /// <summary>The digest length: 20 bytes.</summary>
    public const int HashSizeInBytes = 20;

    /// <summary>Hashes <paramref name="data"/> and writes the 20-byte digest to <paramref name="destination"/>.</summary>
    /// <param name="data">The message.</param>
    /// <param name="destination">Receives the digest; at least 20 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 20 bytes.</exception>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSizeInBytes)
        {
            throw new ArgumentException("The destination must hold at least 20 bytes.", nameof(destination));
        }

        var digest = new RipeMD160Digest();
        digest.BlockUpdate(data);
        digest.DoFinal(destination);
    }

    /// <summary>Hashes <paramref name="data"/> and returns the 20-byte digest in a new array.</summary>
    /// <param name="data">The message.</param>
    /// <returns>The digest.</returns>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        byte[] digest = new byte[HashSizeInBytes];
        Hash(data, digest);
        return digest;
    }
}
