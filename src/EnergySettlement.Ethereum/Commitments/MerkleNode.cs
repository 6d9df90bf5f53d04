using System.Diagnostics.CodeAnalysis;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Ethereum.Commitments;

/// <summary>One 32-byte hash of a <see cref="PayoutProof"/>'s audit path: the root of a sibling subtree of payouts.</summary>
/// <remarks><see cref="ToString"/> is <c>0x</c> and 64 lower-case hex digits. Immutable and thread-safe.</remarks>
public readonly struct MerkleNode : IEquatable<MerkleNode>
{
    /// <summary>The length in bytes: 32.</summary>
    public const int SizeInBytes = 32;

    private readonly Bytes32 _value;

    internal MerkleNode(Bytes32 value) => _value = value;

    internal Bytes32 Value => _value;

    /// <summary>Equality.</summary>
    /// <param name="left">The first node.</param>
    /// <param name="right">The second node.</param>
    /// <returns>Whether both hold the same bytes.</returns>
    public static bool operator ==(MerkleNode left, MerkleNode right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The first node.</param>
    /// <param name="right">The second node.</param>
    /// <returns>Whether the bytes differ.</returns>
    public static bool operator !=(MerkleNode left, MerkleNode right) => !left.Equals(right);

    /// <summary>Creates a node from its 32 bytes.</summary>
    /// <param name="bytes32">Exactly 32 bytes.</param>
    /// <returns>The node.</returns>
    /// <exception cref="ArgumentException"><paramref name="bytes32"/> is not 32 bytes long.</exception>
    public static MerkleNode FromBytes(ReadOnlySpan<byte> bytes32) => new(new Bytes32(bytes32));

    /// <summary>Parses <c>0x</c> and 64 hex digits (either case).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The node.</returns>
    /// <exception cref="FormatException">The text is not <c>0x</c> and 64 hex digits.</exception>
    public static MerkleNode Parse(ReadOnlySpan<char> text)
        => Bytes32.TryParseHex(text, out var value)
            ? new MerkleNode(value)
            : throw new FormatException($"Expected 0x and 64 hex digits for a Merkle node, found {text.Length} characters.");

    /// <summary>Writes the 32 bytes.</summary>
    /// <param name="destination">At least 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void WriteBytes(Span<byte> destination) => _value.WriteTo(destination);

    /// <summary>Returns <c>0x</c> and 64 lower-case hex digits.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _value.ToHexString();

    /// <inheritdoc />
    public bool Equals(MerkleNode other) => _value.Equals(other._value);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is MerkleNode other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value.GetHashCode();
}
