namespace EnergySettlement.Settlement;

/// <summary>
/// The allocation rule: a participant's metered energy is shared among its trades of one side in a period pro rata to
/// their contracted energy, in whole Wh. When the meter measured at least the contracted total, every trade gets its
/// contracted energy. Otherwise each trade first gets ⌊measured × contracted / total⌋ Wh; the Wh left over (fewer than
/// the number of trades) go one each to the trades with the largest remainders of that division, ties to the trade that
/// comes first in canonical order (earlier execution time, then lower buy order id, then lower sell order id). The
/// allocations add up to min(measured, total) exactly, and none exceeds its trade's contracted energy.
/// </summary>
internal static class ProRataAllocation
{
    /// <param name="measured">The metered energy, in Wh; not negative.</param>
    /// <param name="contracted">The trades' contracted energy in Wh, in canonical order; each positive.</param>
    /// <param name="allocated">Receives the allocation per trade.</param>
    /// <param name="remainders">Scratch space, at least as long as <paramref name="contracted"/>.</param>
    /// <param name="order">Scratch space, at least as long as <paramref name="contracted"/>.</param>
    public static void Allocate(long measured, ReadOnlySpan<long> contracted, Span<long> allocated, long[] remainders, int[] order)
    {
        long total = 0;
        foreach (var q in contracted)
        {
            total = checked(total + q);
        }

        if (measured >= total)
        {
            contracted.CopyTo(allocated);
            return;
        }

        long assigned = 0;
        for (var i = 0; i < contracted.Length; i++)
        {
            // measured < total and each contracted ≤ total, so the product fits 128 bits and the quotient fits 64; when
            // the product fits 63 bits (meters and trades of up to ~3 TWh), 64-bit division gives the same quotient and
            // remainder, several times faster.
            long share, remainder;
            var high = Math.BigMul(measured, contracted[i], out long low);
            if (high == 0 && low >= 0)
            {
                share = low / total;
                remainder = low - (share * total);
            }
            else
            {
                var (wide, rest) = Int128.DivRem((Int128)measured * contracted[i], total);
                share = (long)wide;
                remainder = (long)rest;
            }

            allocated[i] = share;
            remainders[i] = remainder;
            assigned += share;
            order[i] = i;
        }

        var leftover = measured - assigned;
        if (leftover == 0)
        {
            return;
        }

        // Largest remainder first, ties to the lower position (canonical order).
        var ranked = order.AsSpan(0, contracted.Length);
        ranked.Sort(new LargestRemainderFirst(remainders));
        for (var k = 0; k < leftover; k++)
        {
            allocated[ranked[k]]++;
        }
    }

    private readonly struct LargestRemainderFirst(long[] remainders) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var byRemainder = remainders[y].CompareTo(remainders[x]);
            return byRemainder != 0 ? byRemainder : x.CompareTo(y);
        }
    }
}
