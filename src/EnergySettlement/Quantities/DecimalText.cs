using System.Globalization;

namespace EnergySettlement;

/// <summary>Exact decimal text to and from scaled integers (no floating point anywhere).</summary>
internal static class DecimalText
{
    /// <summary>Parses <c>[-]digits[.digits]</c> into value × 10^scale; fails if more fraction digits than <paramref name="scale"/> are non-zero.</summary>
    public static bool TryParseScaled(ReadOnlySpan<char> text, int scale, out Int128 value)
    {
        value = Int128.Zero;
        if (text.IsEmpty)
        {
            return false;
        }

        var negative = text[0] == '-';
        if (negative || text[0] == '+')
        {
            text = text[1..];
        }

        var dot = text.IndexOf('.');
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? ReadOnlySpan<char>.Empty : text[(dot + 1)..];
        if (whole.IsEmpty || (dot >= 0 && fraction.IsEmpty))
        {
            return false;
        }

        // Extra fraction digits are accepted only if they are zeros: nothing is silently rounded away.
        if (fraction.Length > scale)
        {
            if (fraction[scale..].ContainsAnyExcept('0'))
            {
                return false;
            }

            fraction = fraction[..scale];
        }

        // Sum the magnitude unsigned: a negative value may reach 2^127 (Int128.MinValue), one more than Int128.MaxValue.
        try
        {
            UInt128 magnitude = UInt128.Zero;
            foreach (var c in whole)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }

                magnitude = checked((magnitude * 10) + (uint)(c - '0'));
            }

            for (var i = 0; i < scale; i++)
            {
                var digit = i < fraction.Length ? fraction[i] : '0';
                if (!char.IsAsciiDigit(digit))
                {
                    return false;
                }

                magnitude = checked((magnitude * 10) + (uint)(digit - '0'));
            }

            var limit = negative ? (UInt128)Int128.MaxValue + 1 : (UInt128)Int128.MaxValue;
            if (magnitude > limit)
            {
                return false;
            }

            value = negative ? (magnitude == limit ? Int128.MinValue : -(Int128)magnitude) : (Int128)magnitude;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Formats value / 10^scale with exactly <paramref name="scale"/> fraction digits.</summary>
    public static string FormatScaled(Int128 value, int scale)
    {
        var negative = value < 0;
        // Int128.MinValue has no positive counterpart; format its digits from the unsigned magnitude.
        var magnitude = negative ? (UInt128)(-(value + 1)) + 1 : (UInt128)value;
        var digits = magnitude.ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var text = scale == 0 ? digits : string.Concat(digits.AsSpan(0, digits.Length - scale), ".", digits.AsSpan(digits.Length - scale));
        return negative ? "-" + text : text;
    }
}
