using System.Buffers.Binary;

namespace EnergySettlement.Dash.Transactions;

/// <summary>The few script shapes the UTXO core writes and reads: P2PKH, P2SH, OP_RETURN data and P2PKH unlocking scripts.</summary>
internal static class Script
{
    public const byte OpReturn = 0x6A;
    public const byte OpDup = 0x76;
    public const byte OpHash160 = 0xA9;
    public const byte OpEqual = 0x87;
    public const byte OpEqualVerify = 0x88;
    public const byte OpCheckSig = 0xAC;
    public const byte OpCodeSeparator = 0xAB;
    public const byte OpPushData1 = 0x4C;
    public const byte OpPushData2 = 0x4D;
    public const byte OpPushData4 = 0x4E;

    /// <summary><c>OP_DUP OP_HASH160 &lt;20&gt; OP_EQUALVERIFY OP_CHECKSIG</c>.</summary>
    public const int P2pkhLength = 25;

    /// <summary><c>OP_HASH160 &lt;20&gt; OP_EQUAL</c>.</summary>
    public const int P2shLength = 23;

    public static void WriteP2pkh(Span<byte> destination, ReadOnlySpan<byte> hash160)
    {
        destination[0] = OpDup;
        destination[1] = OpHash160;
        destination[2] = 20;
        hash160.CopyTo(destination[3..]);
        destination[23] = OpEqualVerify;
        destination[24] = OpCheckSig;
    }

    public static void WriteP2sh(Span<byte> destination, ReadOnlySpan<byte> hash160)
    {
        destination[0] = OpHash160;
        destination[1] = 20;
        hash160.CopyTo(destination[2..]);
        destination[22] = OpEqual;
    }

    public static bool IsP2pkh(ReadOnlySpan<byte> script) =>
        script.Length == P2pkhLength && script[0] == OpDup && script[1] == OpHash160 && script[2] == 20
        && script[23] == OpEqualVerify && script[24] == OpCheckSig;

    public static bool IsP2sh(ReadOnlySpan<byte> script) =>
        script.Length == P2shLength && script[0] == OpHash160 && script[1] == 20 && script[22] == OpEqual;

    public static int PushSize(int dataLength) => PushPrefixSize(dataLength) + dataLength;

    /// <summary>Writes the minimal push of <paramref name="data"/> (direct below 76 bytes, else OP_PUSHDATA1/2).</summary>
    public static int WritePush(Span<byte> destination, ReadOnlySpan<byte> data)
    {
        int at;
        switch (data.Length)
        {
            case < OpPushData1:
                destination[0] = (byte)data.Length;
                at = 1;
                break;
            case <= 0xFF:
                destination[0] = OpPushData1;
                destination[1] = (byte)data.Length;
                at = 2;
                break;
            case <= 0xFFFF:
                destination[0] = OpPushData2;
                BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], (ushort)data.Length);
                at = 3;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(data), data.Length, "Script pushes above 65,535 bytes are not written.");
        }

        data.CopyTo(destination[at..]);
        return at + data.Length;
    }

    /// <summary>
    /// Reads one script operation as Dash Core's <c>GetScriptOp</c> does: advances past the opcode and its push data;
    /// returns <see langword="false"/> at the end or on a push that runs past the end (leaving <paramref name="position"/>
    /// after what was read, as Core does — the signature hash depends on it).
    /// </summary>
    public static bool TryReadOp(ReadOnlySpan<byte> script, ref int position, out byte opcode, out int dataStart, out int dataLength)
    {
        opcode = 0;
        dataStart = 0;
        dataLength = 0;
        if (position >= script.Length)
        {
            return false;
        }

        opcode = script[position++];
        if (opcode > OpPushData4)
        {
            return true;
        }

        long size;
        if (opcode < OpPushData1)
        {
            size = opcode;
        }
        else if (opcode == OpPushData1)
        {
            if (script.Length - position < 1)
            {
                return false;
            }

            size = script[position];
            position += 1;
        }
        else if (opcode == OpPushData2)
        {
            if (script.Length - position < 2)
            {
                return false;
            }

            size = BinaryPrimitives.ReadUInt16LittleEndian(script[position..]);
            position += 2;
        }
        else
        {
            if (script.Length - position < 4)
            {
                return false;
            }

            size = BinaryPrimitives.ReadUInt32LittleEndian(script[position..]);
            position += 4;
        }

        if (script.Length - position < size)
        {
            return false;
        }

        dataStart = position;
        dataLength = (int)size;
        position += (int)size;
        return true;
    }

    /// <summary>Counts the OP_CODESEPARATOR operations of a script (push data is skipped, not searched).</summary>
    public static int CountCodeSeparators(ReadOnlySpan<byte> script)
    {
        int separators = 0;
        int position = 0;
        while (TryReadOp(script, ref position, out byte opcode, out _, out _))
        {
            if (opcode == OpCodeSeparator)
            {
                separators++;
            }
        }

        return separators;
    }

    /// <summary>Writes the script code a legacy signature hash serialises: the script with every OP_CODESEPARATOR removed,
    /// byte for byte as Dash Core's <c>SerializeScriptCode</c> does (a malformed push stops the copy where Core's reader
    /// stopped; the length prefix, script length minus separators, is the caller's).</summary>
    public static int WriteScriptCode(Span<byte> destination, ReadOnlySpan<byte> script)
    {
        int written = 0;
        int segmentStart = 0;
        int position = 0;
        while (TryReadOp(script, ref position, out byte opcode, out _, out _))
        {
            if (opcode == OpCodeSeparator)
            {
                int length = position - segmentStart - 1;
                script.Slice(segmentStart, length).CopyTo(destination[written..]);
                written += length;
                segmentStart = position;
            }
        }

        if (segmentStart != script.Length)
        {
            int length = position - segmentStart;
            script.Slice(segmentStart, length).CopyTo(destination[written..]);
            written += length;
        }

        return written;
    }

    private static int PushPrefixSize(int dataLength) => dataLength switch
    {
        < OpPushData1 => 1,
        <= 0xFF => 2,
        _ => 3,
    };
}
