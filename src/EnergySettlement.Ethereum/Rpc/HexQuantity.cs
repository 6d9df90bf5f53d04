using System.Globalization;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Rpc;

/// <summary>JSON-RPC quantities: <c>0x</c>-prefixed hex without leading zeros (<c>0x0</c> for zero).</summary>
internal static class HexQuantity
{
    public static string Format(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static string Format(UInt256 value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static ulong ParseUInt64(string? text)
    {
        if (text is null || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.Length < 3 ||
            !ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"Expected a JSON-RPC quantity (0x followed by hex digits) that fits 64 bits, found '{text}'.");
        }

        return value;
    }

    public static UInt256 ParseUInt256(string? text)
    {
        if (text is null || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.Length < 3)
        {
            throw new FormatException($"Expected a JSON-RPC quantity (0x followed by hex digits), found '{text}'.");
        }

        return UInt256.Parse(text);
    }
}
