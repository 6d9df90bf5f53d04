using System.Numerics;

namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// The linear-time call-auction clearing shared by <see cref="UniformPriceClearingRule"/> and
/// <see cref="PayAsBidClearingRule"/>: bucket quantities per price level, one sweep over the levels to pick the price,
/// one pass over the orders to allocate.
/// </summary>
/// <remarks>
/// <para>Price rule, in order (D(p) = buy quantity with limit ≥ p, S(p) = sell quantity with limit ≤ p):
/// (1) the candidates are the ticks p with D(p+1) ≤ S(p) and S(p−1) ≤ D(p) — exactly the prices at which no buyer
/// above p and no seller below p stays unfilled; every candidate maximises matched energy min(D, S), and when anything
/// crosses the set is a non-empty interval; (2) among them, minimise the surplus |D(p) − S(p)|, again an interval
/// [lo, hi]; (3) take its midpoint, and when lo + hi is odd round half to even (to the even one of the two middle
/// ticks).</para>
/// <para>Allocation: buyers above p and sellers below p fill completely; on the short side the orders at p fill too;
/// on the long side the orders at p share the rest pro rata: order i gets ⌊R·qᵢ/Q⌋ (R the rest, Q the level's quantity;
/// rounding toward zero, all terms non-negative), and the R − Σ⌊…⌋ leftover watt-hours go one each to the orders with
/// the largest remainders R·qᵢ mod Q, ties to the earlier sequence, then the lower order index (largest remainder
/// method).</para>
/// <para>Bucketing: when the band [min tick, max tick] of the orders is at most max(65,536, 4 × orders) wide, one
/// bucket per tick (counting-sort style, Garg &amp; Sarswat, arXiv:2403.03046) gives O(n + band) time; a wider band
/// falls back to sorting the distinct ticks, O(n log n). Choosing the remainders sorts only the orders at the
/// marginal tick.</para>
/// <para>Width: quantities are added up in 64 bits while each side's total fits (every real book); otherwise the same
/// code runs on 128-bit sums (<see cref="Int128"/>), and the pro-rata shares use an exact 128-by-64-bit
/// multiply-divide, so no total of orders near <see cref="long.MaxValue"/> Wh overflows or throws.</para>
/// </remarks>
internal static class CallAuctionClearing
{
    /// <summary>Bands up to this many ticks are always bucketed per tick.</summary>
    internal const int DenseBandMinimum = 1 << 16;

    /// <summary>Bands up to this many ticks per order are bucketed per tick.</summary>
    internal const int DenseBandPerOrder = 4;

    /// <summary>No band wider than this is bucketed per tick, however many orders (2^28 buckets, 2 GiB per side).</summary>
    internal const long DenseBandMaximum = 1L << 28;

    /// <summary>Clears <paramref name="orders"/> into <paramref name="result"/>.</summary>
    /// <param name="orders">The orders; those with a non-positive quantity are ignored.</param>
    /// <param name="result">The buffer to fill.</param>
    /// <param name="payAsBid">Price each fill at its own order's limit instead of the uniform price.</param>
    public static void Clear(ReadOnlySpan<AuctionOrder> orders, ClearingResult result, bool payAsBid)
    {
        ArgumentNullException.ThrowIfNull(result);
        result.Reset();

        var min = long.MaxValue;
        var max = long.MinValue;
        Int128 totalBuy = 0;
        Int128 totalSell = 0;
        var live = 0;
        foreach (ref readonly var order in orders)
        {
            if (order.Quantity <= 0)
            {
                continue;
            }

            live++;
            min = Math.Min(min, order.PriceTick);
            max = Math.Max(max, order.PriceTick);
            long isSell = order.Side != Side.Buy ? 1 : 0; // arithmetic instead of a branch: sides arrive at random
            totalSell += order.Quantity * isSell;
            totalBuy += order.Quantity * (1 - isSell);
        }

        if (totalBuy == 0 || totalSell == 0)
        {
            return;
        }

        if (totalBuy <= long.MaxValue && totalSell <= long.MaxValue)
        {
            Clear<long>(orders, result, payAsBid, min, max, (long)totalBuy, live);
        }
        else
        {
            Clear(orders, result, payAsBid, min, max, totalBuy, live);
        }
    }

    /// <summary>The clearing with sums of width <typeparamref name="T"/> (long, or Int128 when a side's total needs it).</summary>
    private static void Clear<T>(ReadOnlySpan<AuctionOrder> orders, ClearingResult result, bool payAsBid, long min, long max, T totalBuy, int live)
        where T : struct, IBinaryInteger<T>, ISignedNumber<T>
    {
        var scratch = result.Scratch;
        var width = unchecked((ulong)max - (ulong)min) + 1;
        var denseLimit = Math.Min(Math.Max(DenseBandMinimum, (long)DenseBandPerOrder * orders.Length), DenseBandMaximum);
        var dense = width != 0 && width <= (ulong)denseLimit;
        Span<long> ticks;
        int levels;
        if (dense)
        {
            levels = (int)width;
            ticks = default;
        }
        else
        {
            ticks = scratch.Ticks(live);
            var n = 0;
            foreach (ref readonly var order in orders)
            {
                if (order.Quantity > 0)
                {
                    ticks[n++] = order.PriceTick;
                }
            }

            ticks.Sort();
            levels = 1;
            for (var i = 1; i < ticks.Length; i++)
            {
                if (ticks[i] != ticks[levels - 1])
                {
                    ticks[levels++] = ticks[i];
                }
            }

            ticks = ticks[..levels];
        }

        // Buy and sell quantities interleaved per level: [2k] buys, [2k + 1] sells.
        var quantities = scratch.Levels<T>(2 * levels);
        foreach (ref readonly var order in orders)
        {
            if (order.Quantity <= 0)
            {
                continue;
            }

            var k = dense ? (int)(order.PriceTick - min) : ticks.BinarySearch(order.PriceTick);
            quantities[(2 * k) + (order.Side != Side.Buy ? 1 : 0)] += T.CreateTruncating(order.Quantity);
        }

        if (!TryFindPrice(quantities, ticks, min, totalBuy, out var price))
        {
            return;
        }

        var around = QuantitiesAround(quantities, ticks, min, price);
        Allocate(orders, result, price, around, payAsBid, live);
    }

    /// <summary>One sweep over the levels: the candidate interval, minimum surplus, midpoint rounded half to even.</summary>
    private static bool TryFindPrice<T>(ReadOnlySpan<T> quantities, ReadOnlySpan<long> ticks, long min, T totalBuy, out long price)
        where T : struct, IBinaryInteger<T>, ISignedNumber<T>
    {
        var dense = ticks.IsEmpty;
        var found = false;
        var bestSurplus = T.Zero;
        long bestLo = 0;
        long bestHi = 0;
        var bestVolume = T.Zero;
        var demand = totalBuy; // D at the current level: buy quantity with limit >= tick
        var supplyBelow = T.Zero; // S one tick below the current level
        for (var k = 0; k < quantities.Length / 2; k++)
        {
            var tick = dense ? min + k : ticks[k];
            var supply = supplyBelow + quantities[(2 * k) + 1];
            var demandAbove = demand - quantities[2 * k];
            if (demandAbove <= supply && supplyBelow <= demand)
            {
                Consider(demand, supply, tick, tick, ref found, ref bestSurplus, ref bestLo, ref bestHi, ref bestVolume);
            }
            else if (found)
            {
                break; // the candidate set is an interval: once left, it does not come back
            }

            if (!dense && k + 1 < quantities.Length / 2 && ticks[k + 1] > tick + 1)
            {
                // Ticks strictly between two levels: D = demandAbove, S = supply at each of them.
                if (demandAbove == supply)
                {
                    Consider(demandAbove, supply, tick + 1, ticks[k + 1] - 1, ref found, ref bestSurplus, ref bestLo, ref bestHi, ref bestVolume);
                }
                else if (found)
                {
                    break;
                }
            }

            demand = demandAbove;
            supplyBelow = supply;
        }

        if (!found || bestVolume == T.Zero)
        {
            price = 0;
            return false;
        }

        price = MidpointHalfToEven(bestLo, bestHi);
        return true;
    }

    private static void Consider<T>(T demand, T supply, long lo, long hi, ref bool found, ref T bestSurplus, ref long bestLo, ref long bestHi, ref T bestVolume)
        where T : struct, IBinaryInteger<T>, ISignedNumber<T>
    {
        var surplus = T.Abs(demand - supply);
        if (!found || surplus < bestSurplus)
        {
            found = true;
            bestSurplus = surplus;
            bestLo = lo;
            bestHi = hi;
            bestVolume = T.Min(demand, supply);
        }
        else if (surplus == bestSurplus)
        {
            bestHi = hi;
        }
    }

    /// <summary>The midpoint of [lo, hi]; when it falls between two ticks, the even one of them.</summary>
    internal static long MidpointHalfToEven(long lo, long hi)
    {
        var twice = (Int128)lo + hi;
        var floor = (long)(twice >> 1); // arithmetic shift: floor division by 2, also for negative ticks
        if ((twice & 1) == 0 || (floor & 1) == 0)
        {
            return floor;
        }

        return floor + 1;
    }

    /// <summary>D(p), D(p+1), S(p) and S(p−1) at the chosen price, from the level buckets (O(levels)).</summary>
    private static (T DemandAt, T DemandAbove, T SupplyAt, T SupplyBelow) QuantitiesAround<T>(
        ReadOnlySpan<T> quantities, ReadOnlySpan<long> ticks, long min, long price)
        where T : struct, IBinaryInteger<T>, ISignedNumber<T>
    {
        var dense = ticks.IsEmpty;
        var demandAt = T.Zero;
        var demandAbove = T.Zero;
        var supplyAt = T.Zero;
        var supplyBelow = T.Zero;
        for (var k = 0; k < quantities.Length / 2; k++)
        {
            var tick = dense ? min + k : ticks[k];
            if (tick >= price)
            {
                demandAt += quantities[2 * k];
                if (tick > price)
                {
                    demandAbove += quantities[2 * k];
                }
            }

            if (tick <= price)
            {
                supplyAt += quantities[(2 * k) + 1];
                if (tick < price)
                {
                    supplyBelow += quantities[(2 * k) + 1];
                }
            }
        }

        return (demandAt, demandAbove, supplyAt, supplyBelow);
    }

    private static void Allocate<T>(
        ReadOnlySpan<AuctionOrder> orders,
        ClearingResult result,
        long price,
        (T DemandAt, T DemandAbove, T SupplyAt, T SupplyBelow) around,
        bool payAsBid,
        int live)
        where T : struct, IBinaryInteger<T>, ISignedNumber<T>
    {
        var (demandAt, demandAbove, supplyAt, supplyBelow) = around;
        var volume = T.Min(demandAt, supplyAt);
        var buyLevel = demandAt - demandAbove;
        var sellLevel = supplyAt - supplyBelow;
        var buyRest = volume - demandAbove; // what the buyers at the price share
        var sellRest = volume - supplyBelow;
        var rationBuy = buyRest < buyLevel;
        var rationSell = sellRest < sellLevel;

        // One spare slot: every live order's fill is written at the next free slot, and the slot is kept only when
        // the order trades (a conditional increment instead of an unpredictable branch).
        var fills = result.EnsureFillCapacity(live + 1);
        var candidates = result.Scratch.Candidates(rationBuy || rationSell ? live : 0);
        var n = 0;
        var c = 0;
        var allocatedAtLevel = T.Zero;
        for (var i = 0; i < orders.Length; i++)
        {
            ref readonly var order = ref orders[i];
            var isBuy = order.Side == Side.Buy;
            var compared = (order.PriceTick > price ? 1 : 0) - (order.PriceTick < price ? 1 : 0); // no subtraction: no overflow
            var distance = isBuy ? compared : -compared; // >= 0: at or better than the price
            if (distance == 0 && (isBuy ? rationBuy : rationSell) && order.Quantity > 0)
            {
                // At the marginal tick on the long side: pro rata share, remainder decided below.
                var quantity = Share(isBuy ? buyRest : sellRest, order.Quantity, isBuy ? buyLevel : sellLevel, out var remainder);
                allocatedAtLevel += T.CreateTruncating(quantity);
                candidates[c++] = new RemainderCandidate
                {
                    FillSlot = n,
                    OrderIndex = i,
                    Remainder = remainder,
                    Sequence = order.Sequence,
                };
                fills[n++] = new AuctionFill(i, order.OrderId, quantity, payAsBid ? order.PriceTick : price);
                continue;
            }

            fills[n] = new AuctionFill(i, order.OrderId, order.Quantity, payAsBid ? order.PriceTick : price);
            n += (distance >= 0) & (order.Quantity > 0) ? 1 : 0;
        }

        if (c > 0)
        {
            // Fewer leftover Wh than rationed orders: each lost less than one Wh to rounding down.
            var leftover = int.CreateTruncating((rationBuy ? buyRest : sellRest) - allocatedAtLevel);
            var ranked = candidates[..c];
            ranked.Sort(LargestRemainderFirst);
            for (var j = 0; j < leftover; j++)
            {
                ref var fill = ref fills[ranked[j].FillSlot];
                fill = new AuctionFill(fill.OrderIndex, fill.OrderId, fill.Quantity + 1, fill.PriceTick);
            }

            // Drop rationed orders that ended with nothing (only they can), keeping the order-index order of the fills.
            var firstEmpty = n;
            foreach (ref readonly var candidate in ranked[leftover..])
            {
                if (fills[candidate.FillSlot].Quantity == 0)
                {
                    firstEmpty = Math.Min(firstEmpty, candidate.FillSlot);
                }
            }

            var kept = firstEmpty;
            for (var j = firstEmpty; j < n; j++)
            {
                if (fills[j].Quantity > 0)
                {
                    fills[kept++] = fills[j];
                }
            }

            n = kept;
        }

        result.SetCount(n);
        if (!payAsBid)
        {
            result.SetClearingPrice(price);
        }
    }

    /// <summary>
    /// ⌊rest × quantity / level⌋ and its remainder, for 0 ≤ rest &lt; level (rounding toward zero, all terms non-negative):
    /// in 128 bits when the sums are 64-bit, otherwise by an exact 128-by-64-bit multiply-divide.
    /// </summary>
    internal static long Share<T>(T rest, long quantity, T level, out Int128 remainder)
        where T : struct, IBinaryInteger<T>, ISignedNumber<T>
    {
        if (typeof(T) == typeof(long))
        {
            var product = (Int128)long.CreateTruncating(rest) * quantity;
            var divisor = long.CreateTruncating(level);
            remainder = product % divisor;
            return (long)(product / divisor);
        }

        var share = WideArithmetic.MultiplyDivide((UInt128)Int128.CreateTruncating(rest), (ulong)quantity, (UInt128)Int128.CreateTruncating(level), out var wideRemainder);
        remainder = (Int128)wideRemainder;
        return (long)share;
    }

    /// <summary>Largest remainder first; ties to the earlier sequence, then the lower order index.</summary>
    /// <remarks>A static lambda: the compiler caches the delegate, so sorting allocates nothing.</remarks>
    private static readonly Comparison<RemainderCandidate> LargestRemainderFirst = static (x, y) =>
    {
        var byRemainder = y.Remainder.CompareTo(x.Remainder);
        if (byRemainder != 0)
        {
            return byRemainder;
        }

        var bySequence = x.Sequence.CompareTo(y.Sequence);
        return bySequence != 0 ? bySequence : x.OrderIndex.CompareTo(y.OrderIndex);
    };
}
