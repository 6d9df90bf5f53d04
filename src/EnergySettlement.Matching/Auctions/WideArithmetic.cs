namespace EnergySettlement.Matching.Auctions;

/// <summary>Exact arithmetic beyond 128 bits for the rare clearings whose quantities add up past <see cref="long.MaxValue"/> Wh.</summary>
internal static class WideArithmetic
{
    /// <summary>
    /// ⌊a × b / c⌋ and (a × b) mod c for a &lt; c, exactly, although a × b may need up to 192 bits: the product is built one
    /// bit of <paramref name="b"/> at a time (Horner's scheme) while only its quotient and remainder by c are kept; the
    /// remainder stays below c, and 2c fits, because c &lt; 2^127.
    /// </summary>
    /// <param name="a">The multiplicand, below <paramref name="c"/>.</param>
    /// <param name="b">The multiplier.</param>
    /// <param name="c">The divisor, positive and below 2^127.</param>
    /// <param name="remainder">(a × b) mod c.</param>
    /// <returns>⌊a × b / c⌋, which is below <paramref name="b"/>.</returns>
    public static ulong MultiplyDivide(UInt128 a, ulong b, UInt128 c, out UInt128 remainder)
    {
        UInt128 rest = 0;
        ulong quotient = 0;
        for (int bit = 63; bit >= 0; bit--)
        {
            rest <<= 1;
            quotient <<= 1;
            if (rest >= c)
            {
                rest -= c;
                quotient++;
            }

            if (((b >> bit) & 1) != 0)
            {
                rest += a;
                if (rest >= c)
                {
                    rest -= c;
                    quotient++;
                }
            }
        }

        remainder = rest;
        return quotient;
    }
}
