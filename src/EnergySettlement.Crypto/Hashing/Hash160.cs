using System.Security.Cryptography;

namespace EnergySettlement.Crypto;

/// <summary>
/// Hash160, <c>RIPEMD-160(SHA-256(data))</c>: the 20-byte hash in Bitcoin-family P2PKH and P2SH addresses.
/// </summary>
/// <remarks>All members are thread-safe; the span overload never allocates.</remarks>
public static class Hash160
{
    /// <summary>The digest length: 20 bytes.</summary>
    public const int HashSizeInBytes = 20;

    /// <summary>Computes RIPEMD-160 of SHA-256 of <paramref name="data"/> into <paramref name="destination"/>.</summary>
    /// <param name="data">The message, typically a SEC1-encoded public key or a script.</param>
    /// <param name="destination">Receives the digest; at least 20 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 20 bytes.</exception>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSizeInBytes)
        {
            throw new ArgumentException("The destination must hold at least 20 bytes.", nameof(destination));
        }

        Span<byte> sha = stackalloc byte[32];
        SHA256.HashData(data, sha);
        Ripemd160.Hash(sha, destination);
    }

    /// <summary>Computes RIPEMD-160 of SHA-256 of <paramref name="data"/> and returns it in a new array.</summary>
    /// <param name="data">The message.</param>
    /// <returns>The 20-byte digest.</returns>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        byte[] digest = new byte[HashSizeInBytes];
        Hash(data, digest);
        return digest;
    }
}
