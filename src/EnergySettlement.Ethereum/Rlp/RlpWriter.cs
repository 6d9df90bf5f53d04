using System.Buffers.Binary;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Rlp;

/// <summary>
/// Writes Recursive Length Prefix (RLP) items into a caller's span without allocating.
/// </summary>
/// <remarks>
/// RLP needs every list's payload length before its header, so callers size things first with the static
/// <c>Get…Length</c> methods (the "pre-pass"), then write in order. Integers are written big-endian without
/// leading zeros (zero is the empty string, <c>0x80</c>). The writer throws <see cref="ArgumentException"/> when the
/// destination is too small: that is a sizing bug, never bad input. Not thread-safe (a stack-only value).
/// </remarks>
internal ref struct RlpWriter
{
    private readonly Span<byte> _destination;
    private int _position;

    /// <summary>Creates a writer that starts at the beginning of <paramref name="destination"/>.</summary>
    public RlpWriter(Span<byte> destination)
    {
        _destination = destination;
        _position = 0;
    }

    /// <summary>Gets the number of bytes written so far.</summary>
    public readonly int BytesWritten => _position;

    /// <summary>Gets the encoded length of a byte string (header included).</summary>
    public static int GetStringLength(ReadOnlySpan<byte> value)
        => value.Length == 1 && value[0] < 0x80 ? 1 : GetHeaderLength(value.Length) + value.Length;

    /// <summary>Gets the encoded length of an unsigned integer (header included).</summary>
    public static int GetIntegerLength(ulong value)
    {
        if (value < 0x80)
        {
            return 1; // 0 is 0x80; 1..0x7f are themselves
        }

        return 1 + GetMinimalByteCount(value);
    }

    /// <summary>Gets the encoded length of a 256-bit unsigned integer (header included).</summary>
    public static int GetIntegerLength(UInt256 value)
    {
        if (value < 0x80UL)
        {
            return 1;
        }

        return 1 + value.GetByteCount();
    }

    /// <summary>Gets the encoded length of a list whose items take <paramref name="payloadLength"/> bytes (header included).</summary>
    public static int GetListLength(int payloadLength) => GetHeaderLength(payloadLength) + payloadLength;

    /// <summary>Gets the length of the header of a string or list whose payload is <paramref name="payloadLength"/> bytes.</summary>
    public static int GetHeaderLength(int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        return payloadLength < 56 ? 1 : 1 + GetMinimalByteCount((ulong)payloadLength);
    }

    /// <summary>Writes a byte string.</summary>
    public void WriteString(scoped ReadOnlySpan<byte> value)
    {
        if (value.Length == 1 && value[0] < 0x80)
        {
            WriteByte(value[0]);
            return;
        }

        WriteHeader(0x80, value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes an unsigned integer, big-endian without leading zeros.</summary>
    public void WriteInteger(ulong value)
    {
        if (value == 0)
        {
            WriteByte(0x80);
            return;
        }

        if (value < 0x80)
        {
            WriteByte((byte)value);
            return;
        }

        int count = GetMinimalByteCount(value);
        WriteByte((byte)(0x80 + count));
        WriteMinimalBigEndian(value, count);
    }

    /// <summary>Writes a 256-bit unsigned integer, big-endian without leading zeros.</summary>
    public void WriteInteger(UInt256 value)
    {
        if (value < 0x80UL)
        {
            WriteInteger((ulong)value);
            return;
        }

        int count = value.GetByteCount();
        WriteByte((byte)(0x80 + count));
        EnsureSpace(count);
        _position += value.WriteBigEndian(_destination[_position..]);
    }

    /// <summary>Writes the header of a list whose items (written next) take <paramref name="payloadLength"/> bytes.</summary>
    public void WriteListHeader(int payloadLength) => WriteHeader(0xc0, payloadLength);

    /// <summary>Writes bytes as they are (a transaction type byte, or an already encoded item).</summary>
    public void WriteRaw(scoped ReadOnlySpan<byte> bytes)
    {
        EnsureSpace(bytes.Length);
        bytes.CopyTo(_destination[_position..]);
        _position += bytes.Length;
    }

    /// <summary>Writes one byte as it is.</summary>
    public void WriteByte(byte value)
    {
        EnsureSpace(1);
        _destination[_position++] = value;
    }

    private static int GetMinimalByteCount(ulong value) => (64 - System.Numerics.BitOperations.LeadingZeroCount(value) + 7) / 8;

    private void WriteHeader(byte offset, int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        if (payloadLength < 56)
        {
            WriteByte((byte)(offset + payloadLength));
            return;
        }

        int count = GetMinimalByteCount((ulong)payloadLength);
        WriteByte((byte)(offset + 55 + count));
        WriteMinimalBigEndian((ulong)payloadLength, count);
    }

    private void WriteMinimalBigEndian(ulong value, int count)
    {
        EnsureSpace(count);
        Span<byte> full = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(full, value);
        full[(8 - count)..].CopyTo(_destination[_position..]);
        _position += count;
    }

    private readonly void EnsureSpace(int count)
    {
        if (_destination.Length - _position < count)
        {
            throw new ArgumentException(
                $"The RLP destination is too small: {count} more bytes needed at offset {_position}, {_destination.Length - _position} left.");
        }
    }
}
