using System.Security.Cryptography;

namespace EnergySettlement.Crypto;

/// <summary>
/// Double SHA-256, <c>SHA-256(SHA-256(data))</c>: the hash of Bitcoin-family transaction ids, block headers and
/// Base58Check checksums.
/// </summary>
/// <remarks>All members are thread-safe; the span overload never allocates.</remarks>
public static class Sha256d
{
    /// <summary>The digest length: 32 bytes.</summary>
    public const int HashSizeInBytes = 32;

    /// <summary>Hashes <paramref name="data"/> twice with SHA-256 and writes the 32-byte digest to <paramref name="destination"/>.</summary>
    /// <param name="data">The message.</param>
    /// <param name="destination">Receives the digest; at least 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSizeInBytes)
        {
            throw new ArgumentException("The destination must hold at least 32 bytes.", nameof(destination));
        }

        Span<byte> first = stackalloc byte[HashSizeInBytes];
        SHA256.HashData(data, first);
        SHA256.HashData(first, destination);
    }

    /// <summary>Hashes <paramref name="data"/> twice with SHA-256 and returns the digest in a new array.</summary>
    /// <param name="data">The message.</param>
    /// <returns>The 32-byte digest.</returns>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        byte[] digest = new byte[HashSizeInBytes];
        Hash(data, digest);
        return digest;
    }
}
