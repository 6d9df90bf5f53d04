using System.Buffers.Binary;
using System.Text;

namespace EnergySettlement.Trading;

/// <summary>Reads what <see cref="ByteWriter"/> wrote; running past the end throws <see cref="InvalidDataException"/>.</summary>
internal ref struct ByteReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _offset;

    public ByteReader(ReadOnlySpan<byte> buffer) => _buffer = buffer;

    public readonly bool AtEnd => _offset == _buffer.Length;

    public readonly int Left => _buffer.Length - _offset;

    public byte U8() => Take(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int I32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public Int128 I128()
    {
        var low = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        var high = BinaryPrimitives.ReadInt64LittleEndian(Take(8));
        return ((Int128)high << 64) | low;
    }

    public ReadOnlySpan<byte> Bytes(int count) => Take(count);

    public string Text8()
    {
        var bytes = Take(U8());
        foreach (var b in bytes)
        {
            if (b > 0x7F)
            {
                throw new InvalidDataException("An identifier in the payload is not ASCII.");
            }
        }

        return Encoding.ASCII.GetString(bytes);
    }

    public string Text16()
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(Take(U16()));
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("Text in the payload is not valid UTF-8.", e);
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _buffer.Length - _offset)
        {
            throw new InvalidDataException($"The payload ends after {_buffer.Length} bytes; {count} more were expected at offset {_offset}.");
        }

        var span = _buffer.Slice(_offset, count);
        _offset += count;
        return span;
    }
}
