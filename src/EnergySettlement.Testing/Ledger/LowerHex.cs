namespace EnergySettlement.Testing;

/// <summary>Lower-case hexadecimal text of bytes (the same on net8.0 and net10.0).</summary>
internal static class LowerHex
{
    public static string Format(ReadOnlySpan<byte> bytes)
    {
        const string digits = "0123456789abcdef";
        var chars = new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = digits[bytes[i] >> 4];
            chars[(2 * i) + 1] = digits[bytes[i] & 0xF];
        }

        return new string(chars);
    }
}
