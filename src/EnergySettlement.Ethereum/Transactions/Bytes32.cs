using System.Buffers.Binary;

namespace EnergySettlement.Ethereum.Transactions;

/// <summary>32 bytes held in four fields (no array), shared by the 32-byte hash types. Immutable.</summary>
internal readonly struct Bytes32 : IEquatable<Bytes32>
{
    public const int Length = 32;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    public Bytes32(ReadOnlySpan<byte> bytes32)
    {
        if (bytes32.Length != Length)
        {
            throw new ArgumentException($"Expected exactly 32 bytes, found {bytes32.Length}.", nameof(bytes32));
        }

        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes32);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes32[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes32[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes32[24..]);
    }

    public static bool TryParseHex(ReadOnlySpan<char> text, out Bytes32 value)
    {
        value = default;
        if (text.Length != 66 || text[0] != '0' || text[1] != 'x')
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Length];
        // All 64 characters must be digits: a second "0x" would be stripped by the decoder and leave 31 bytes.
        if (!EnergySettlement.Crypto.Hex.TryDecode(text[2..], bytes, out int written) || written != Length)
        {
            return false;
        }

        value = new Bytes32(bytes);
        return true;
    }

    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination needs 32 bytes; it has {destination.Length}.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    public byte[] ToArray()
    {
        byte[] bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    public string ToHexString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteTo(bytes);
        return EnergySettlement.Crypto.Hex.Encode(bytes, withPrefix: true);
    }

    public bool Equals(Bytes32 other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is Bytes32 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);
}
