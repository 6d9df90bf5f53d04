namespace EnergySettlement.Crypto;

/// <summary>
/// Keccak-256 as Ethereum uses it: the original Keccak submission's padding (<c>0x01 … 0x80</c>), which
/// differs from the standardised SHA3-256 (<see cref="System.Security.Cryptography.SHA3_256"/> gives other digests).
/// </summary>
/// <remarks>All members are thread-safe and the span overloads never allocate.</remarks>
public static class Keccak256
{
    /// <summary>The digest length: 32 bytes.</summary>
    public const int HashSizeInBytes = 32;

    /// <summary>Hashes <paramref name="data"/> and writes the 32-byte digest to <paramref name="destination"/>.</summary>
    /// <param name="data">The message.</param>
    /// <param name="destination">Receives the digest; at least 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hasher = default(Keccak256Hasher);
        hasher.Append(data);
        hasher.Finish(destination);
    }

    /// <summary>Hashes <paramref name="data"/> and returns the 32-byte digest in a new array.</summary>
    /// <param name="data">The message.</param>
    /// <returns>The digest.</returns>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        byte[] digest = new byte[HashSizeInBytes];
        Hash(data, digest);
        return digest;
    }
}
