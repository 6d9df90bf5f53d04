namespace EnergySettlement.Crypto;

/// <summary>
/// Base58 text with the Bitcoin alphabet (no <c>0</c>, <c>O</c>, <c>I</c>, <c>l</c>): each leading zero byte is
/// written as a leading <c>1</c>. Use <see cref="Base58Check"/> for addresses and WIF keys.
/// </summary>
/// <remarks>All members are thread-safe. Error messages name positions, never the text.</remarks>
public static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>Encodes <paramref name="data"/> as Base58 text.</summary>
    /// <param name="data">The bytes to encode; may be empty (gives an empty string).</param>
    /// <returns>The Base58 text.</returns>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        int zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        // log(256) / log(58) < 1.366: enough base-58 digits for the rest.
        int capacity = ((data.Length - zeros) * 138 / 100) + 1;
        Span<byte> digits = capacity <= 512 ? stackalloc byte[capacity] : new byte[capacity];
        int length = 0;
        for (int i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            for (int j = 0; j < length; j++)
            {
                carry += digits[j] << 8;
                digits[j] = (byte)(carry % 58);
                carry /= 58;
            }

            while (carry > 0)
            {
                digits[length++] = (byte)(carry % 58);
                carry /= 58;
            }
        }

        Span<char> text = zeros + length <= 512 ? stackalloc char[zeros + length] : new char[zeros + length];
        text[..zeros].Fill('1');
        for (int i = 0; i < length; i++)
        {
            text[zeros + i] = Alphabet[digits[length - 1 - i]];
        }

        return new string(text);
    }

    /// <summary>Decodes Base58 text.</summary>
    /// <param name="text">The Base58 text.</param>
    /// <returns>The decoded bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text contains a character outside the Base58 alphabet.</exception>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[]? result = DecodeCore(text, out int bad);
        return result ?? throw new FormatException($"The character at position {bad} is not in the Base58 alphabet.");
    }

    /// <summary>Tries to decode Base58 text.</summary>
    /// <param name="text">The Base58 text; <see langword="null"/> gives <see langword="false"/>.</param>
    /// <param name="data">The decoded bytes, or an empty array on failure.</param>
    /// <returns><see langword="true"/> when every character is in the Base58 alphabet.</returns>
    public static bool TryDecode(string? text, out byte[] data)
    {
        data = text is null ? null! : DecodeCore(text, out _)!;
        if (data is null)
        {
            data = [];
            return false;
        }

        return true;
    }

    private static byte[]? DecodeCore(string text, out int badPosition)
    {
        badPosition = -1;
        int zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        // log(58) / log(256) < 0.733.
        int capacity = ((text.Length - zeros) * 733 / 1000) + 1;
        Span<byte> bytes = capacity <= 512 ? stackalloc byte[capacity] : new byte[capacity];
        int length = 0;
        for (int i = zeros; i < text.Length; i++)
        {
            int carry = Alphabet.IndexOf(text[i], StringComparison.Ordinal);
            if (carry < 0)
            {
                badPosition = i;
                return null;
            }

            for (int j = 0; j < length; j++)
            {
                carry += bytes[j] * 58;
                bytes[j] = (byte)carry;
                carry >>= 8;
            }

            while (carry > 0)
            {
                bytes[length++] = (byte)carry;
                carry >>= 8;
            }
        }

        byte[] result = new byte[zeros + length];
        for (int i = 0; i < length; i++)
        {
            result[zeros + i] = bytes[length - 1 - i];
        }

        return result;
    }
}
