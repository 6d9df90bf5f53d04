using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using EnergySettlement.Crypto;

namespace EnergySettlement.Ethereum.Accounts;

/// <summary>
/// A 20-byte Ethereum account address (an externally owned account or a contract).
/// </summary>
/// <remarks>
/// <para><see cref="ToString()"/> writes the EIP-55 mixed-case checksummed form (<c>0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed</c>).
/// <see cref="Parse(ReadOnlySpan{char})"/> accepts <c>0x</c> and 40 hex digits that are all lower case, all upper case,
/// or mixed case matching the EIP-55 checksum; a mixed-case text with a wrong checksum is rejected, because it
/// most likely holds a typing mistake.</para>
/// <para>Immutable and thread-safe. <c>default</c> is the zero address <c>0x000…000</c>.</para>
/// </remarks>
public readonly struct EthereumAddress : IEquatable<EthereumAddress>, ISpanFormattable
{
    /// <summary>The length of an address in bytes: 20.</summary>
    public const int SizeInBytes = 20;

    /// <summary>The length of the text form: <c>0x</c> and 40 hex digits, 42 characters.</summary>
    public const int TextLength = 42;

    private readonly ulong _bytes0To7;
    private readonly ulong _bytes8To15;
    private readonly uint _bytes16To19;

    private EthereumAddress(ReadOnlySpan<byte> bytes20)
    {
        _bytes0To7 = BinaryPrimitives.ReadUInt64BigEndian(bytes20);
        _bytes8To15 = BinaryPrimitives.ReadUInt64BigEndian(bytes20[8..]);
        _bytes16To19 = BinaryPrimitives.ReadUInt32BigEndian(bytes20[16..]);
    }

    /// <summary>Gets the zero address (<c>0x0000000000000000000000000000000000000000</c>).</summary>
    public static EthereumAddress Zero => default;

    /// <summary>Equality.</summary>
    /// <param name="left">The first address.</param>
    /// <param name="right">The second address.</param>
    /// <returns>Whether both hold the same 20 bytes.</returns>
    public static bool operator ==(EthereumAddress left, EthereumAddress right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The first address.</param>
    /// <param name="right">The second address.</param>
    /// <returns>Whether the bytes differ.</returns>
    public static bool operator !=(EthereumAddress left, EthereumAddress right) => !left.Equals(right);

    /// <summary>Creates an address from its 20 bytes.</summary>
    /// <param name="bytes20">Exactly 20 bytes.</param>
    /// <returns>The address.</returns>
    /// <exception cref="ArgumentException"><paramref name="bytes20"/> is not 20 bytes long.</exception>
    public static EthereumAddress FromBytes(ReadOnlySpan<byte> bytes20)
    {
        if (bytes20.Length != SizeInBytes)
        {
            throw new ArgumentException($"An Ethereum address is 20 bytes; found {bytes20.Length}.", nameof(bytes20));
        }

        return new EthereumAddress(bytes20);
    }

    /// <summary>Derives the address of a public key: the last 20 bytes of Keccak-256 of the 64-byte uncompressed X ‖ Y.</summary>
    /// <param name="publicKey">The secp256k1 public key.</param>
    /// <returns>The address.</returns>
    public static EthereumAddress FromPublicKey(Secp256k1PublicKey publicKey)
    {
        Span<byte> uncompressed = stackalloc byte[Secp256k1PublicKey.UncompressedLength];
        publicKey.WriteUncompressed(uncompressed);
        Span<byte> hash = stackalloc byte[Keccak256.HashSizeInBytes];
        Keccak256.Hash(uncompressed[1..], hash);
        return new EthereumAddress(hash[12..]);
    }

    /// <summary>Parses <c>0x</c> and 40 hex digits, checking the EIP-55 checksum when the letters are of mixed case.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The address.</returns>
    /// <exception cref="FormatException">The text is not <c>0x</c> and 40 hex digits, or its mixed case does not match the EIP-55 checksum.</exception>
    public static EthereumAddress Parse(ReadOnlySpan<char> text)
    {
        string? error = TryParseCore(text, out EthereumAddress address);
        return error is null ? address : throw new FormatException(error);
    }

    /// <summary>Parses <c>0x</c> and 40 hex digits, checking the EIP-55 checksum when the letters are of mixed case.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The address.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not a valid address (see <see cref="Parse(ReadOnlySpan{char})"/>).</exception>
    public static EthereumAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Tries to parse an address (see <see cref="Parse(ReadOnlySpan{char})"/> for the accepted forms).</summary>
    /// <param name="text">The text.</param>
    /// <param name="address">The address, or <see cref="Zero"/> when the text is not valid.</param>
    /// <returns>Whether the text was a valid address.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out EthereumAddress address) => TryParseCore(text, out address) is null;

    /// <summary>Writes the 20 bytes.</summary>
    /// <param name="destination">At least 20 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 20 bytes.</exception>
    public void WriteBytes(Span<byte> destination)
    {
        if (destination.Length < SizeInBytes)
        {
            throw new ArgumentException($"The destination needs 20 bytes; it has {destination.Length}.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _bytes0To7);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _bytes8To15);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _bytes16To19);
    }

    /// <summary>Returns the 20 bytes in a new array.</summary>
    /// <returns>A copy of the bytes.</returns>
    public byte[] ToArray()
    {
        byte[] bytes = new byte[SizeInBytes];
        WriteBytes(bytes);
        return bytes;
    }

    /// <summary>Returns the EIP-55 checksummed text, <c>0x</c> and 40 mixed-case hex digits.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(TextLength, this, static (chars, address) => address.FormatChecksummed(chars));

    /// <summary>Formats the address.</summary>
    /// <param name="format"><see langword="null"/>, empty or <c>C</c> for the EIP-55 checksummed form; <c>x</c> for all lower case; <c>X</c> for <c>0x</c> and all upper case.</param>
    /// <param name="formatProvider">Ignored.</param>
    /// <returns>The text.</returns>
    /// <exception cref="FormatException">The format is not one of those.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        Span<char> chars = stackalloc char[TextLength];
        return TryFormat(chars, out _, format, formatProvider)
            ? new string(chars)
            : throw new FormatException($"Unsupported address format '{format}'; use C, x or X.");
    }

    /// <summary>Formats the address into a span without allocating.</summary>
    /// <param name="destination">At least 42 characters.</param>
    /// <param name="charsWritten">42, or 0 when the destination is too small or the format unknown.</param>
    /// <param name="format">See <see cref="ToString(string?, IFormatProvider?)"/>.</param>
    /// <param name="provider">Ignored.</param>
    /// <returns>Whether the address was written.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        charsWritten = 0;
        if (destination.Length < TextLength)
        {
            return false;
        }

        if (format.IsEmpty || format is "C")
        {
            FormatChecksummed(destination);
        }
        else if (format is "x" or "X")
        {
            FormatPlain(destination, upperCase: format[0] == 'X');
        }
        else
        {
            return false;
        }

        charsWritten = TextLength;
        return true;
    }

    /// <inheritdoc />
    public bool Equals(EthereumAddress other)
        => _bytes0To7 == other._bytes0To7 && _bytes8To15 == other._bytes8To15 && _bytes16To19 == other._bytes16To19;

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is EthereumAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_bytes0To7, _bytes8To15, _bytes16To19);

    private static string? TryParseCore(ReadOnlySpan<char> text, out EthereumAddress address)
    {
        address = default;
        if (text.Length != TextLength || text[0] != '0' || text[1] != 'x')
        {
            return $"Expected an Ethereum address of 0x and 40 hex digits (42 characters), found {Describe(text)}.";
        }

        ReadOnlySpan<char> digits = text[2..];
        Span<byte> bytes = stackalloc byte[SizeInBytes];
        bool hasLower = false;
        bool hasUpper = false;
        for (int i = 0; i < digits.Length; i++)
        {
            char c = digits[i];
            int nibble;
            if (c is >= '0' and <= '9')
            {
                nibble = c - '0';
            }
            else if (c is >= 'a' and <= 'f')
            {
                nibble = c - 'a' + 10;
                hasLower = true;
            }
            else if (c is >= 'A' and <= 'F')
            {
                nibble = c - 'A' + 10;
                hasUpper = true;
            }
            else
            {
                return $"Expected an Ethereum address of 0x and 40 hex digits, found the non-hex character '{c}' at position {i + 2}.";
            }

            bytes[i / 2] = (byte)((i % 2 == 0) ? nibble << 4 : bytes[i / 2] | nibble);
        }

        var parsed = new EthereumAddress(bytes);
        if (hasLower && hasUpper)
        {
            Span<char> expected = stackalloc char[TextLength];
            parsed.FormatChecksummed(expected);
            if (!text.SequenceEqual(expected))
            {
                return $"The mixed-case address {text} does not match its EIP-55 checksum: a character is probably mistyped. Check the address at its source.";
            }
        }

        address = parsed;
        return null;
    }

    private static string Describe(ReadOnlySpan<char> text)
        => text.Length <= 64 ? $"'{text}' ({text.Length} characters)" : $"{text.Length} characters";

    private void FormatPlain(Span<char> destination, bool upperCase)
    {
        Span<byte> bytes = stackalloc byte[SizeInBytes];
        WriteBytes(bytes);
        ReadOnlySpan<char> alphabet = upperCase ? "0123456789ABCDEF" : "0123456789abcdef";
        destination[0] = '0';
        destination[1] = 'x';
        for (int i = 0; i < SizeInBytes; i++)
        {
            destination[2 + (2 * i)] = alphabet[bytes[i] >> 4];
            destination[3 + (2 * i)] = alphabet[bytes[i] & 0xF];
        }
    }

    private void FormatChecksummed(Span<char> destination)
    {
        FormatPlain(destination, upperCase: false);

        // EIP-55: hash the 40 lower-case ASCII hex digits; a letter at position i is upper case when nibble i of the hash is >= 8.
        Span<byte> ascii = stackalloc byte[2 * SizeInBytes];
        for (int i = 0; i < ascii.Length; i++)
        {
            ascii[i] = (byte)destination[2 + i];
        }

        Span<byte> hash = stackalloc byte[Keccak256.HashSizeInBytes];
        Keccak256.Hash(ascii, hash);
        for (int i = 0; i < ascii.Length; i++)
        {
            int nibble = (i % 2 == 0) ? hash[i / 2] >> 4 : hash[i / 2] & 0xF;
            char c = destination[2 + i];
            if (nibble >= 8 && c is >= 'a' and <= 'f')
            {
                destination[2 + i] = (char)(c - 'a' + 'A');
            }
        }
    }
}
