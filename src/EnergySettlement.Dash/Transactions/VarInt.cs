using System.Buffers.Binary;

namespace EnergySettlement.Dash.Transactions;

/// <summary>Bitcoin's CompactSize integer: one byte below 0xFD, else a marker byte and 2, 4 or 8 little-endian bytes.</summary>
internal static class VarInt
{
    public static int SizeOf(ulong value) => value switch
    {
        < 0xFD => 1,
        <= 0xFFFF => 3,
        <= 0xFFFF_FFFF => 5,
        _ => 9,
    };

    public static int Write(Span<byte> destination, ulong value)
    {
        switch (value)
        {
            case < 0xFD:
                destination[0] = (byte)value;
                return 1;
            case <= 0xFFFF:
                destination[0] = 0xFD;
                BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], (ushort)value);
                return 3;
            case <= 0xFFFF_FFFF:
                destination[0] = 0xFE;
                BinaryPrimitives.WriteUInt32LittleEndian(destination[1..], (uint)value);
                return 5;
            default:
                destination[0] = 0xFF;
                BinaryPrimitives.WriteUInt64LittleEndian(destination[1..], value);
                return 9;
        }
    }
}
