using System.Security.Cryptography;

namespace EnergySettlement.Crypto;

/// <summary>
/// Base58Check: Base58 of <c>payload ‖ first 4 bytes of SHA-256d(payload)</c>, the text form of Bitcoin-family
/// addresses and WIF private keys. The payload includes the version byte(s).
/// </summary>
/// <remarks>All members are thread-safe. Error messages never repeat the text (a WIF key is a secret).</remarks>
public static class Base58Check
{
    private const int ChecksumLength = 4;

    /// <summary>Encodes <paramref name="payload"/> with its 4-byte checksum as Base58 text.</summary>
    /// <param name="payload">The payload, including any version prefix.</param>
    /// <returns>The Base58Check text.</returns>
    public static string Encode(ReadOnlySpan<byte> payload)
    {
        byte[] buffer = new byte[payload.Length + ChecksumLength];
        payload.CopyTo(buffer);
        Span<byte> hash = stackalloc byte[Sha256d.HashSizeInBytes];
        Sha256d.Hash(payload, hash);
        hash[..ChecksumLength].CopyTo(buffer.AsSpan(payload.Length));
        try
        {
            return Base58.Encode(buffer);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Decodes Base58Check text and verifies its checksum.</summary>
    /// <param name="text">The Base58Check text; <see langword="null"/> gives <see langword="false"/>.</param>
    /// <param name="payload">The payload without the checksum, or an empty array on failure.</param>
    /// <returns><see langword="true"/> when the text is Base58, at least 4 bytes long and its checksum matches.</returns>
    public static bool TryDecode(string? text, out byte[] payload)
    {
        payload = [];
        if (!Base58.TryDecode(text, out byte[] data))
        {
            return false;
        }

        if (!ChecksumMatches(data))
        {
            CryptographicOperations.ZeroMemory(data);
            return false;
        }

        payload = data[..^ChecksumLength];
        CryptographicOperations.ZeroMemory(data);
        return true;
    }

    /// <summary>Decodes Base58Check text and verifies its checksum.</summary>
    /// <param name="text">The Base58Check text.</param>
    /// <returns>The payload without the checksum.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not Base58, is too short, or its checksum does not match.</exception>
    public static byte[] Decode(string text)
    {
        byte[] data = Base58.Decode(text);
        if (data.Length < ChecksumLength)
        {
            throw new FormatException("Base58Check text is too short to hold a 4-byte checksum.");
        }

        if (!ChecksumMatches(data))
        {
            CryptographicOperations.ZeroMemory(data);
            throw new FormatException("The Base58Check checksum does not match the payload.");
        }

        byte[] payload = data[..^ChecksumLength];
        CryptographicOperations.ZeroMemory(data);
        return payload;
    }

    private static bool ChecksumMatches(ReadOnlySpan<byte> data)
    {
        if (data.Length < ChecksumLength)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[Sha256d.HashSizeInBytes];
        Sha256d.Hash(data[..^ChecksumLength], hash);
        return CryptographicOperations.FixedTimeEquals(hash[..ChecksumLength], data[^ChecksumLength..]);
    }
}
