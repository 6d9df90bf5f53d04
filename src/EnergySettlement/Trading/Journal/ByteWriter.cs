using System.Buffers.Binary;
using System.Text;

namespace EnergySettlement.Trading;

/// <summary>Writes little-endian fields into a buffer of known size (the journal's payloads and snapshots).</summary>
internal ref struct ByteWriter
{
    private readonly Span<byte> _buffer;
    private int _offset;

    public ByteWriter(Span<byte> buffer) => _buffer = buffer;

    public readonly int Written => _offset;

    public void U8(byte value) => _buffer[_offset++] = value;

    public void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[_offset..], value);
        _offset += 2;
    }

    public void I32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[_offset..], value);
        _offset += 4;
    }

    public void I64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[_offset..], value);
        _offset += 8;
    }

    public void I128(Int128 value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer[_offset..], (ulong)(value & ulong.MaxValue));
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[(_offset + 8)..], (long)(value >> 64));
        _offset += 16;
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[_offset..]);
        _offset += value.Length;
    }

    /// <summary>An identifier (at most 255 ASCII characters) behind a one-byte length.</summary>
    public void Text8(string value)
    {
        U8(checked((byte)value.Length));
        _offset += Encoding.ASCII.GetBytes(value, _buffer[_offset..]);
    }

    /// <summary>UTF-8 text behind a two-byte length.</summary>
    public void Text16(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        U16(checked((ushort)count));
        _offset += Encoding.UTF8.GetBytes(value, _buffer[_offset..]);
    }
}
