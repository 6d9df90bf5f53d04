using System.Buffers.Binary;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Rlp;

/// <summary>
/// Reads Recursive Length Prefix (RLP) items from a span, accepting only canonical encodings.
/// </summary>
/// <remarks>
/// Every read checks the item's header: the payload must fit in what remains (no truncation), lengths must
/// use the shortest form (short form below 56 bytes, no leading zero bytes in a long-form length), and a
/// single byte below 0x80 must be written as itself. Integer reads also reject leading zero bytes (zero is
/// the empty string). After reading the expected items, callers call <see cref="EnsureEnd"/> so trailing bytes
/// are rejected too. Violations throw <see cref="RlpFormatException"/> with the absolute byte offset.
/// Not thread-safe (a stack-only value); it never allocates except to throw.
/// </remarks>
internal ref struct RlpReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private int _position;

    /// <summary>Creates a reader over a whole encoded input.</summary>
    public RlpReader(ReadOnlySpan<byte> data)
        : this(data, 0)
    {
    }

    private RlpReader(ReadOnlySpan<byte> data, int baseOffset)
    {
        _data = data;
        _baseOffset = baseOffset;
        _position = 0;
    }

    /// <summary>Gets whether more items follow at this level.</summary>
    public readonly bool HasMore => _position < _data.Length;

    /// <summary>Gets the absolute offset of the next item (for error messages).</summary>
    public readonly int Offset => _baseOffset + _position;

    /// <summary>Gets whether the next item is a list (without reading it).</summary>
    public readonly bool NextIsList
    {
        get
        {
            EnsureItem();
            return _data[_position] >= 0xc0;
        }
    }

    /// <summary>Reads a byte string.</summary>
    /// <exception cref="RlpFormatException">The next item is a list, is not canonical, or is truncated.</exception>
    public ReadOnlySpan<byte> ReadString()
    {
        int start = Offset;
        (bool isList, int payloadStart, int payloadLength) = ReadHeader();
        if (isList)
        {
            throw new RlpFormatException("Expected an RLP string, found a list", start);
        }

        return _data.Slice(payloadStart, payloadLength);
    }

    /// <summary>Reads a list and returns a reader over its items.</summary>
    /// <exception cref="RlpFormatException">The next item is a string, is not canonical, or is truncated.</exception>
    public RlpReader ReadList()
    {
        int start = Offset;
        (bool isList, int payloadStart, int payloadLength) = ReadHeader();
        if (!isList)
        {
            throw new RlpFormatException("Expected an RLP list, found a string", start);
        }

        return new RlpReader(_data.Slice(payloadStart, payloadLength), _baseOffset + payloadStart);
    }

    /// <summary>Reads an unsigned integer of at most 64 bits.</summary>
    /// <exception cref="RlpFormatException">Not a canonical integer, or wider than 64 bits.</exception>
    public ulong ReadUInt64()
    {
        int start = Offset;
        ReadOnlySpan<byte> bytes = ReadIntegerBytes(start);
        if (bytes.Length > 8)
        {
            throw new RlpFormatException($"Expected an integer of at most 8 bytes, found {bytes.Length} bytes", start);
        }

        Span<byte> padded = stackalloc byte[8];
        padded.Clear();
        bytes.CopyTo(padded[(8 - bytes.Length)..]);
        return BinaryPrimitives.ReadUInt64BigEndian(padded);
    }

    /// <summary>Reads an unsigned integer of at most 256 bits.</summary>
    /// <exception cref="RlpFormatException">Not a canonical integer, or wider than 256 bits.</exception>
    public UInt256 ReadUInt256()
    {
        int start = Offset;
        ReadOnlySpan<byte> bytes = ReadIntegerBytes(start);
        if (bytes.Length > UInt256.SizeInBytes)
        {
            throw new RlpFormatException($"Expected an integer of at most 32 bytes, found {bytes.Length} bytes", start);
        }

        return UInt256.ReadBigEndian(bytes);
    }

    /// <summary>Reads a byte string that must have exactly <paramref name="length"/> bytes.</summary>
    /// <exception cref="RlpFormatException">Not a canonical string of that length.</exception>
    public ReadOnlySpan<byte> ReadFixedString(int length, string what)
    {
        int start = Offset;
        ReadOnlySpan<byte> bytes = ReadString();
        if (bytes.Length != length)
        {
            throw new RlpFormatException($"Expected {what} of exactly {length} bytes, found {bytes.Length} bytes", start);
        }

        return bytes;
    }

    /// <summary>Requires that no item follows at this level.</summary>
    /// <param name="what">What was being read, for the message (for example "a type-2 transaction").</param>
    /// <exception cref="RlpFormatException">Bytes follow.</exception>
    public readonly void EnsureEnd(string what)
    {
        if (HasMore)
        {
            throw new RlpFormatException(
                $"Unexpected trailing data after {what}: {_data.Length - _position} more bytes", Offset);
        }
    }

    private ReadOnlySpan<byte> ReadIntegerBytes(int start)
    {
        ReadOnlySpan<byte> bytes = ReadString();
        if (bytes.Length > 0 && bytes[0] == 0)
        {
            throw new RlpFormatException(
                "Non-canonical RLP integer: leading zero byte (zero is encoded as the empty string 0x80)", start);
        }

        return bytes;
    }

    private readonly void EnsureItem()
    {
        if (!HasMore)
        {
            throw new RlpFormatException("Unexpected end of RLP input: another item was expected", Offset);
        }
    }

    private (bool IsList, int PayloadStart, int PayloadLength) ReadHeader()
    {
        EnsureItem();
        int start = _position;
        byte prefix = _data[start];
        bool isList;
        int headerLength;
        long payloadLength;
        if (prefix < 0x80)
        {
            _position = start + 1;
            return (false, start, 1);
        }

        if (prefix <= 0xb7)
        {
            isList = false;
            headerLength = 1;
            payloadLength = prefix - 0x80;
            if (payloadLength == 1 && Remaining(start + 1) >= 1 && _data[start + 1] < 0x80)
            {
                throw new RlpFormatException(
                    $"Non-canonical RLP: the single byte 0x{_data[start + 1]:x2} must be encoded as itself, not behind a 0x81 header",
                    _baseOffset + start);
            }
        }
        else if (prefix <= 0xbf)
        {
            isList = false;
            headerLength = 1 + (prefix - 0xb7);
            payloadLength = ReadLongLength(start, prefix - 0xb7);
        }
        else if (prefix <= 0xf7)
        {
            isList = true;
            headerLength = 1;
            payloadLength = prefix - 0xc0;
        }
        else
        {
            isList = true;
            headerLength = 1 + (prefix - 0xf7);
            payloadLength = ReadLongLength(start, prefix - 0xf7);
        }

        long available = Remaining(start + headerLength);
        if (payloadLength > available)
        {
            throw new RlpFormatException(
                $"Truncated RLP {(isList ? "list" : "string")}: the header announces {payloadLength} bytes, only {Math.Max(0, available)} remain",
                _baseOffset + start);
        }

        _position = start + headerLength + (int)payloadLength;
        return (isList, start + headerLength, (int)payloadLength);
    }

    private readonly long ReadLongLength(int start, int lengthOfLength)
    {
        if (Remaining(start + 1) < lengthOfLength)
        {
            throw new RlpFormatException(
                $"Truncated RLP header: {lengthOfLength} length bytes announced, {Math.Max(0, Remaining(start + 1))} remain",
                _baseOffset + start);
        }

        ReadOnlySpan<byte> lengthBytes = _data.Slice(start + 1, lengthOfLength);
        if (lengthBytes[0] == 0)
        {
            throw new RlpFormatException("Non-canonical RLP: the length has a leading zero byte", _baseOffset + start);
        }

        if (lengthOfLength > 4)
        {
            throw new RlpFormatException(
                $"RLP length too large: {lengthOfLength} length bytes (more than any input this reader accepts)", _baseOffset + start);
        }

        long length = 0;
        foreach (byte b in lengthBytes)
        {
            length = (length << 8) | b;
        }

        if (length < 56)
        {
            throw new RlpFormatException(
                $"Non-canonical RLP: long-form header used for a {length}-byte payload (short form is required below 56)",
                _baseOffset + start);
        }

        if (length > int.MaxValue)
        {
            throw new RlpFormatException($"RLP length too large: {length} bytes", _baseOffset + start);
        }

        return length;
    }

    private readonly long Remaining(int from) => (long)_data.Length - from;
}
