namespace EnergySettlement.Crypto;

/// <summary>
/// Base-16 text for bytes: lower-case encoding, decoding that accepts either case and an optional <c>0x</c> prefix.
/// </summary>
/// <remarks>
/// All members are thread-safe. Error messages name the position of a bad character, never the text itself,
/// so hex-encoded secrets do not leak into logs.
/// </remarks>
public static class Hex
{
    /// <summary>Encodes <paramref name="bytes"/> as lower-case hexadecimal text.</summary>
    /// <param name="bytes">The bytes to encode; may be empty.</param>
    /// <param name="withPrefix">Whether to start the text with <c>0x</c>. The default is <see langword="false"/>.</param>
    /// <returns>Two digits per byte, optionally prefixed with <c>0x</c>.</returns>
    public static unsafe string Encode(ReadOnlySpan<byte> bytes, bool withPrefix = false)
    {
        int prefix = withPrefix ? 2 : 0;
        fixed (byte* pointer = bytes)
        {
            return string.Create(prefix + (bytes.Length * 2), ((nint)pointer, bytes.Length, withPrefix), static (chars, state) =>
            {
                var source = new ReadOnlySpan<byte>((byte*)state.Item1, state.Item2);
                int at = 0;
                if (state.withPrefix)
                {
                    chars[0] = '0';
                    chars[1] = 'x';
                    at = 2;
                }

                foreach (byte b in source)
                {
                    chars[at] = Digit(b >> 4);
                    chars[at + 1] = Digit(b & 0xF);
                    at += 2;
                }
            });
        }
    }

    /// <summary>Decodes hexadecimal text, with or without a <c>0x</c> prefix, in either case.</summary>
    /// <param name="hex">The text: an even number of hexadecimal digits, optionally after <c>0x</c> or <c>0X</c>.</param>
    /// <returns>The decoded bytes (empty for empty text or a bare prefix).</returns>
    /// <exception cref="FormatException">The text has an odd number of digits or a character that is not a hexadecimal digit.</exception>
    public static byte[] Decode(ReadOnlySpan<char> hex)
    {
        ReadOnlySpan<char> digits = StripPrefix(hex);
        if ((digits.Length & 1) != 0)
        {
            throw new FormatException($"Hex text must have an even number of digits; it has {digits.Length}.");
        }

        byte[] result = new byte[digits.Length / 2];
        int bad = DecodeCore(digits, result);
        if (bad >= 0)
        {
            int position = bad + (hex.Length - digits.Length);
            throw new FormatException($"The character at position {position} of the hex text is not a hexadecimal digit.");
        }

        return result;
    }

    /// <summary>Decodes hexadecimal text into <paramref name="destination"/> without allocating.</summary>
    /// <param name="hex">The text: an even number of hexadecimal digits, optionally after <c>0x</c> or <c>0X</c>.</param>
    /// <param name="destination">Receives the bytes; must hold at least half the number of digits.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 when the method returns <see langword="false"/>.</param>
    /// <returns>
    /// <see langword="true"/> on success; <see langword="false"/> if the text is not valid hex or
    /// <paramref name="destination"/> is too short.
    /// </returns>
    public static bool TryDecode(ReadOnlySpan<char> hex, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        ReadOnlySpan<char> digits = StripPrefix(hex);
        if ((digits.Length & 1) != 0 || destination.Length < digits.Length / 2)
        {
            return false;
        }

        Span<byte> target = destination[..(digits.Length / 2)];
        if (DecodeCore(digits, target) >= 0)
        {
            target.Clear();
            return false;
        }

        bytesWritten = target.Length;
        return true;
    }

    private static ReadOnlySpan<char> StripPrefix(ReadOnlySpan<char> hex) =>
        hex.Length >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X') ? hex[2..] : hex;

    /// <summary>Decodes an even number of digits; returns the index of the first bad character or -1.</summary>
    private static int DecodeCore(ReadOnlySpan<char> digits, Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            int high = Value(digits[2 * i]);
            int low = Value(digits[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return high < 0 ? 2 * i : (2 * i) + 1;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return -1;
    }

    private static char Digit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);

    private static int Value(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
