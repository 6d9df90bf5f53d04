using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;

namespace EnergySettlement.Dash.Transactions;

/// <summary>
/// A transaction id: SHA-256d of the serialised transaction. Held in the hash's own byte order (as inputs reference it);
/// written as text byte-reversed, as Dash Core, explorers and APIs show it.
/// </summary>
/// <remarks>Immutable, no heap storage, thread-safe. <c>default</c> is the all-zero hash (the null outpoint's).</remarks>
public readonly struct TransactionHash : IEquatable<TransactionHash>
{
    /// <summary>The length: 32 bytes.</summary>
    public const int Size = 32;

    private readonly ulong _0;
    private readonly ulong _1;
    private readonly ulong _2;
    private readonly ulong _3;

    private TransactionHash(ReadOnlySpan<byte> bytes)
    {
        _0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        _1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        _2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        _3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(TransactionHash left, TransactionHash right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TransactionHash left, TransactionHash right) => !left.Equals(right);

    /// <summary>Creates a hash from its 32 bytes in hash order (the SHA-256d output as computed, as inputs serialise it).</summary>
    /// <param name="bytes">Exactly 32 bytes.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ArgumentException">The input is not 32 bytes.</exception>
    public static TransactionHash FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Size ? new TransactionHash(bytes) : throw new ArgumentException($"A transaction hash is 32 bytes; found {bytes.Length}.", nameof(bytes));

    /// <summary>Parses the displayed form: 64 hex digits, byte-reversed (as explorers and <c>getrawtransaction</c> show it).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="FormatException">The text is not 64 hexadecimal digits.</exception>
    public static TransactionHash Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var hash) ? hash : throw new FormatException("A transaction id is 64 hexadecimal digits (byte-reversed SHA-256d).");
    }

    /// <summary>Tries to parse the displayed form (64 hex digits, byte-reversed).</summary>
    /// <param name="text">The text.</param>
    /// <param name="hash">The hash, when valid.</param>
    /// <returns><see langword="true"/> when the text is 64 hexadecimal digits.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out TransactionHash hash)
    {
        hash = default;
        Span<byte> bytes = stackalloc byte[Size];
        if (text is not { Length: 2 * Size } || !Hex.TryDecode(text, bytes, out _))
        {
            return false;
        }

        bytes.Reverse();
        hash = new TransactionHash(bytes);
        return true;
    }

    /// <summary>Reads the hash from a chain-neutral transaction id (the displayed form).</summary>
    /// <param name="transactionId">The id.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="FormatException">The id is not 64 hexadecimal digits.</exception>
    public static TransactionHash FromChainTransactionId(ChainTransactionId transactionId) => Parse(transactionId.Value);

    /// <summary>Writes the 32 bytes in hash order.</summary>
    /// <param name="destination">At least 32 bytes.</param>
    /// <exception cref="ArgumentException">The destination is shorter than 32 bytes.</exception>
    public void WriteBytes(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64LittleEndian(destination, _0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], _2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], _3);
    }

    /// <summary>Returns the chain-neutral id (the displayed form).</summary>
    /// <returns>The id.</returns>
    public ChainTransactionId ToChainTransactionId() => new(ToString());

    /// <inheritdoc />
    public bool Equals(TransactionHash other) => _0 == other._0 && _1 == other._1 && _2 == other._2 && _3 == other._3;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TransactionHash other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_0, _1, _2, _3);

    /// <summary>Returns the displayed form: 64 lower-case hex digits, byte-reversed.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteBytes(bytes);
        bytes.Reverse();
        return Hex.Encode(bytes);
    }
}
