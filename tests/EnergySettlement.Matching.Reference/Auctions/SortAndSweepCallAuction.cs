using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching.Reference.Auctions;

/// <summary>
/// The conventional O(n log n) call-auction clearing used as the benchmark baseline: sort the orders by price, sweep the
/// sorted levels once to find the price (same rules as the uniform-price rule), then allocate. Reusable buffers, so
/// the comparison with the bucketed rule measures the algorithm rather than allocation.
/// </summary>
public sealed class SortAndSweepCallAuction
{
    private long[] prices = [];
    private int[] order = [];
    private long[] buyAt = [];
    private long[] sellAt = [];
    private long[] levelTicks = [];

    /// <summary>Finds the uniform clearing price and the matched volume; returns false when nothing crosses.</summary>
    public bool TryClear(ReadOnlySpan<AuctionOrder> orders, out long price, out long volume)
    {
        var n = orders.Length;
        Ensure(ref prices, n);
        Ensure(ref order, n);
        for (var i = 0; i < n; i++)
        {
            prices[i] = orders[i].PriceTick;
            order[i] = i;
        }

        Array.Sort(prices, order, 0, n);

        // Distinct levels with their buy and sell quantities.
        Ensure(ref buyAt, n);
        Ensure(ref sellAt, n);
        Ensure(ref levelTicks, n);
        var levels = 0;
        long totalBuy = 0;
        for (var j = 0; j < n; j++)
        {
            ref readonly var o = ref orders[order[j]];
            if (o.Quantity <= 0)
            {
                continue;
            }

            if (levels == 0 || levelTicks[levels - 1] != o.PriceTick)
            {
                levelTicks[levels] = o.PriceTick;
                buyAt[levels] = 0;
                sellAt[levels] = 0;
                levels++;
            }

            if (o.Side == Side.Buy)
            {
                buyAt[levels - 1] += o.Quantity;
                totalBuy += o.Quantity;
            }
            else
            {
                sellAt[levels - 1] += o.Quantity;
            }
        }

        // Sweep: candidates, least surplus, midpoint (same rules, written independently).
        var found = false;
        long bestSurplus = 0;
        long lo = 0;
        long hi = 0;
        long matched = 0;
        var demand = totalBuy;
        long supplyBelow = 0;
        for (var k = 0; k < levels; k++)
        {
            var supply = supplyBelow + sellAt[k];
            var demandAbove = demand - buyAt[k];
            Offer(demandAbove <= supply && supplyBelow <= demand, demand, supply, levelTicks[k], levelTicks[k]);
            if (k + 1 < levels && levelTicks[k + 1] > levelTicks[k] + 1)
            {
                Offer(demandAbove == supply, demandAbove, supply, levelTicks[k] + 1, levelTicks[k + 1] - 1);
            }

            demand = demandAbove;
            supplyBelow = supply;
        }

        price = found ? (long)Math.Round((lo + (decimal)hi) / 2m, MidpointRounding.ToEven) : 0;
        volume = matched;
        return found && matched > 0;

        void Offer(bool candidate, long d, long s, long from, long to)
        {
            if (!candidate)
            {
                return;
            }

            var surplus = Math.Abs(d - s);
            if (!found || surplus < bestSurplus)
            {
                found = true;
                bestSurplus = surplus;
                lo = from;
                hi = to;
                matched = Math.Min(d, s);
            }
            else if (surplus == bestSurplus)
            {
                hi = to;
            }
        }
    }

    private static void Ensure<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[length];
        }
    }
}
