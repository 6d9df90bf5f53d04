using System.Buffers.Binary;
using System.Globalization;

namespace EnergySettlement.Dash.Transactions;

/// <summary>A strict forward reader over serialised transaction bytes; every failure names the offset.</summary>
internal ref struct TransactionReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    public TransactionReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
    }

    public readonly int Offset => _offset;

    public readonly int Remaining => _data.Length - _offset;

    public ReadOnlySpan<byte> ReadBytes(int count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw Fail($"{what} needs {count} byte(s), but only {Remaining} remain");
        }

        var slice = _data.Slice(_offset, count);
        _offset += count;
        return slice;
    }

    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4, what));

    public long ReadInt64(string what) => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8, what));

    /// <summary>Reads a CompactSize and refuses a non-minimal encoding (as Dash Core's <c>ReadCompactSize</c> does) and
    /// values above <paramref name="max"/>.</summary>
    public ulong ReadVarInt(string what, ulong max)
    {
        int at = _offset;
        byte first = ReadBytes(1, what)[0];
        ulong value;
        ulong minimum;
        switch (first)
        {
            case < 0xFD:
                value = first;
                minimum = 0;
                break;
            case 0xFD:
                value = BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2, what));
                minimum = 0xFD;
                break;
            case 0xFE:
                value = BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4, what));
                minimum = 0x1_0000;
                break;
            default:
                value = BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8, what));
                minimum = 0x1_0000_0000;
                break;
        }

        if (value < minimum)
        {
            throw new TransactionFormatException(string.Create(CultureInfo.InvariantCulture, $"{what} at byte {at} is a non-canonical CompactSize ({value} written in {VarInt.SizeOf(minimum)} bytes)."));
        }

        if (value > max)
        {
            throw new TransactionFormatException(string.Create(CultureInfo.InvariantCulture, $"{what} at byte {at} is {value}; at most {max} fit in the remaining {Remaining} byte(s)."));
        }

        return value;
    }

    public readonly TransactionFormatException Fail(string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{message} (at byte {_offset} of {_data.Length})."));
}
