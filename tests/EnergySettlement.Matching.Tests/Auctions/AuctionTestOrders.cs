using CsCheck;
using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching.Tests.Auctions;

/// <summary>Order builders and random order sets for the call-auction tests.</summary>
internal static class AuctionTestOrders
{
    private static long nextSequence;

    public static AuctionOrder Buy(long id, long price, long quantity, long? sequence = null) =>
        new(id, (int)id, Side.Buy, price, quantity, sequence ?? Interlocked.Increment(ref nextSequence));

    public static AuctionOrder Sell(long id, long price, long quantity, long? sequence = null) =>
        new(id, (int)id, Side.Sell, price, quantity, sequence ?? Interlocked.Increment(ref nextSequence));

    /// <summary>Random books: up to 40 orders, prices in a narrow band (many ties), quantities 1..60 Wh.</summary>
    public static Gen<AuctionOrder[]> Books(int maxOrders = 40, long minPrice = -5, long maxPrice = 25) =>
        Gen.Select(Gen.Bool, Gen.Long[minPrice, maxPrice], Gen.Long[1, 60], Gen.Long[0, 1_000])
            .Array[0, maxOrders]
            .Select(rows =>
            {
                var orders = new AuctionOrder[rows.Length];
                for (var i = 0; i < rows.Length; i++)
                {
                    var (isBuy, price, quantity, sequence) = rows[i];
                    orders[i] = new AuctionOrder(1_000 + i, i % 7, isBuy ? Side.Buy : Side.Sell, price, quantity, sequence);
                }

                return orders;
            });

    public static long Filled(ReadOnlySpan<AuctionFill> fills, int orderIndex)
    {
        long total = 0;
        foreach (var fill in fills)
        {
            if (fill.OrderIndex == orderIndex)
            {
                total += fill.Quantity;
            }
        }

        return total;
    }
}
