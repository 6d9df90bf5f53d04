using System.Numerics;
using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching.Reference.Auctions;

/// <summary>
/// The plain oracle for call-auction clearing: tries every tick between the lowest and highest order price,
/// computing demand and supply by scanning all orders each time (O(n × band)), in arbitrary-precision integers so that no
/// total overflows. Written for clarity, not speed.
/// </summary>
public static class BruteForceCallAuction
{
    /// <summary>Clears like the uniform-price rule (or pay-as-bid, which only changes fill prices).</summary>
    public static ReferenceClearing Clear(IReadOnlyList<AuctionOrder> orders, bool payAsBid = false)
    {
        var live = orders.Where(o => o.Quantity > 0).ToList();
        if (!live.Any(o => o.Side == Side.Buy) || !live.Any(o => o.Side == Side.Sell))
        {
            return new ReferenceClearing(null, []);
        }

        var low = live.Min(o => o.PriceTick);
        var high = live.Max(o => o.PriceTick);

        // Step 1: the ticks at which the clearing conditions can hold.
        var candidates = new List<long>();
        for (var p = low; p <= high; p++)
        {
            if (Demand(live, p + 1) <= Supply(live, p) && Supply(live, p - 1) <= Demand(live, p))
            {
                candidates.Add(p);
            }
        }

        var volume = candidates.Count == 0 ? 0 : BigInteger.Min(Demand(live, candidates[0]), Supply(live, candidates[0]));
        if (volume == 0)
        {
            return new ReferenceClearing(null, []);
        }

        // Step 2: least surplus.
        var leastSurplus = candidates.Min(p => BigInteger.Abs(Demand(live, p) - Supply(live, p)));
        var best = candidates.Where(p => BigInteger.Abs(Demand(live, p) - Supply(live, p)) == leastSurplus).ToList();

        // Step 3: midpoint of the remaining ticks, half to even.
        var price = (long)Math.Round((best.Min() + (decimal)best.Max()) / 2m, MidpointRounding.ToEven);

        var fills = Allocate(orders, price, payAsBid);
        return new ReferenceClearing(price, fills);
    }

    /// <summary>Buy quantity with limit at or above <paramref name="price"/>.</summary>
    public static BigInteger Demand(IEnumerable<AuctionOrder> orders, long price) =>
        orders.Where(o => o.Quantity > 0 && o.Side == Side.Buy && o.PriceTick >= price).Aggregate(BigInteger.Zero, (sum, o) => sum + o.Quantity);

    /// <summary>Sell quantity with limit at or below <paramref name="price"/>.</summary>
    public static BigInteger Supply(IEnumerable<AuctionOrder> orders, long price) =>
        orders.Where(o => o.Quantity > 0 && o.Side == Side.Sell && o.PriceTick <= price).Aggregate(BigInteger.Zero, (sum, o) => sum + o.Quantity);

    private static List<AuctionFill> Allocate(IReadOnlyList<AuctionOrder> orders, long price, bool payAsBid)
    {
        var volume = BigInteger.Min(Demand(orders, price), Supply(orders, price));
        var quantities = new long[orders.Count];
        AllocateSide(orders, quantities, Side.Buy, price, volume);
        AllocateSide(orders, quantities, Side.Sell, price, volume);

        var fills = new List<AuctionFill>();
        for (var i = 0; i < orders.Count; i++)
        {
            if (quantities[i] > 0)
            {
                fills.Add(new AuctionFill(i, orders[i].OrderId, quantities[i], payAsBid ? orders[i].PriceTick : price));
            }
        }

        return fills;
    }

    private static void AllocateSide(IReadOnlyList<AuctionOrder> orders, long[] quantities, Side side, long price, BigInteger volume)
    {
        // Price priority: buyers from the highest limit down, sellers from the lowest up; whole levels while they fit.
        var eligible = Enumerable.Range(0, orders.Count)
            .Where(i => orders[i].Quantity > 0 && orders[i].Side == side &&
                        (side == Side.Buy ? orders[i].PriceTick >= price : orders[i].PriceTick <= price))
            .ToList();
        var levels = eligible.GroupBy(i => orders[i].PriceTick)
            .OrderBy(g => side == Side.Buy ? -g.Key : g.Key);
        var left = volume;
        foreach (var level in levels)
        {
            var members = level.ToList();
            var levelQuantity = members.Aggregate(BigInteger.Zero, (sum, i) => sum + orders[i].Quantity);
            if (levelQuantity <= left)
            {
                foreach (var i in members)
                {
                    quantities[i] = orders[i].Quantity;
                }

                left -= levelQuantity;
                continue;
            }

            // Pro rata with the largest remainder method.
            var shares = members.Select(i => new
            {
                Index = i,
                Floor = (long)(left * orders[i].Quantity / levelQuantity),
                Remainder = left * orders[i].Quantity % levelQuantity,
            }).ToList();
            var leftover = left - shares.Aggregate(BigInteger.Zero, (sum, s) => sum + s.Floor);
            var extra = shares.OrderByDescending(s => s.Remainder)
                .ThenBy(s => orders[s.Index].Sequence)
                .ThenBy(s => s.Index)
                .Take((int)leftover)
                .Select(s => s.Index)
                .ToHashSet();
            foreach (var s in shares)
            {
                quantities[s.Index] = s.Floor + (extra.Contains(s.Index) ? 1 : 0);
            }

            left = 0;
        }
    }
}
