using System.Diagnostics.CodeAnalysis;

namespace EnergySettlement.Ethereum.Transactions;

/// <summary>
/// The digest a transaction's signature is made over: Keccak-256 of the EIP-155 signing form (legacy) or of <c>0x02 ‖ rlp(fields)</c> (EIP-1559). Not the transaction hash.
/// </summary>
/// <remarks>32 bytes held without an array. <see cref="ToString"/> is <c>0x</c> and 64 lower-case hex digits. Immutable and thread-safe.</remarks>
public readonly struct SigningHash : IEquatable<SigningHash>
{
    /// <summary>The length in bytes: 32.</summary>
    public const int SizeInBytes = 32;

    private readonly Bytes32 _value;

    private SigningHash(Bytes32 value) => _value = value;

    /// <summary>Equality.</summary>
    /// <param name="left">The first hash.</param>
    /// <param name="right">The second hash.</param>
    /// <returns>Whether both hold the same bytes.</returns>
    public static bool operator ==(SigningHash left, SigningHash right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The first hash.</param>
    /// <param name="right">The second hash.</param>
    /// <returns>Whether the bytes differ.</returns>
    public static bool operator !=(SigningHash left, SigningHash right) => !left.Equals(right);

    /// <summary>Creates a hash from its 32 bytes.</summary>
    /// <param name="bytes32">Exactly 32 bytes.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ArgumentException"><paramref name="bytes32"/> is not 32 bytes long.</exception>
    public static SigningHash FromBytes(ReadOnlySpan<byte> bytes32) => new(new Bytes32(bytes32));

    /// <summary>Parses <c>0x</c> and 64 hex digits (either case).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="FormatException">The text is not <c>0x</c> and 64 hex digits.</exception>
    public static SigningHash Parse(ReadOnlySpan<char> text)
        => TryParse(text, out SigningHash hash)
            ? hash
            : throw new FormatException($"Expected 0x and 64 hex digits for a 32-byte hash, found {text.Length} characters.");

    /// <summary>Tries to parse <c>0x</c> and 64 hex digits (either case).</summary>
    /// <param name="text">The text.</param>
    /// <param name="hash">The hash, or all zeros when the text is not valid.</param>
    /// <returns>Whether the text was valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out SigningHash hash)
    {
        bool ok = Bytes32.TryParseHex(text, out Bytes32 value);
        hash = new SigningHash(value);
        return ok;
    }

    /// <summary>Writes the 32 bytes.</summary>
    /// <param name="destination">At least 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void WriteBytes(Span<byte> destination) => _value.WriteTo(destination);

    /// <summary>Returns the 32 bytes in a new array.</summary>
    /// <returns>A copy of the bytes.</returns>
    public byte[] ToArray() => _value.ToArray();

    /// <summary>Returns <c>0x</c> and 64 lower-case hex digits.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _value.ToHexString();

    /// <inheritdoc />
    public bool Equals(SigningHash other) => _value.Equals(other._value);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is SigningHash other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value.GetHashCode();
}
