using CsCheck;
using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching.Tests.Auctions;

/// <summary>Random zonal auction instances: 2–6 zones, up to 40 orders at prices in a narrow band (many ties), random fees and limits.</summary>
internal static class ZonalAuctionTestOrders
{
    public static Gen<ZoneNetwork> Networks(int minZones = 2, int maxZones = 6) =>
        Gen.Int[minZones, maxZones].SelectMany(zones => Gen.Select(
            Gen.Long[0, 6].Array[zones * zones],
            Gen.Frequency((3, Gen.Const(ZoneNetwork.Unlimited)), (1, Gen.Const(0L)), (4, Gen.Long[1, 80])).Array[zones * zones],
            (fees, limits) =>
            {
                for (int zone = 0; zone < zones; zone++)
                {
                    fees[(zone * zones) + zone] = 0;
                    limits[(zone * zones) + zone] = ZoneNetwork.Unlimited;
                }

                return ZoneNetwork.Create(zones, fees, limits);
            }));

    public static Gen<AuctionOrder[]> Orders(ZoneNetwork network, int maxOrders = 40, long minPrice = -5, long maxPrice = 25) =>
        Gen.Select(Gen.Bool, Gen.Long[minPrice, maxPrice], Gen.Long[1, 60], Gen.Int[0, network.ZoneCount - 1])
            .Array[0, maxOrders]
            .Select(rows =>
            {
                var orders = new AuctionOrder[rows.Length];
                for (var i = 0; i < rows.Length; i++)
                {
                    var (isBuy, price, quantity, zone) = rows[i];
                    orders[i] = new AuctionOrder(1_000 + i, i % 7, isBuy ? Side.Buy : Side.Sell, price, quantity, i, zone);
                }

                return orders;
            });

    public static Gen<(ZoneNetwork Network, AuctionOrder[] Orders)> Instances(int minZones = 2, int maxZones = 6) =>
        Networks(minZones, maxZones).SelectMany(network => Orders(network).Select(orders => (network, orders)));

    /// <summary>
    /// Deeper instances: every zone holds buyers and sellers (10–40 orders each, over 60 ticks shifted by a zone offset
    /// of up to ±15), so that each zone has its own clearing prices and the levels far from them are filled in every
    /// optimum (the clearing's committed blocks).
    /// </summary>
    public static Gen<(ZoneNetwork Network, AuctionOrder[] Orders)> DeepInstances() =>
        Networks(2, 5).SelectMany(network =>
            Gen.Select(Gen.Long[-15, 15], Gen.Select(Gen.Bool, Gen.Long[0, 60], Gen.Long[1, 60]).Array[10, 40]).Array[network.ZoneCount]
                .Select(zones =>
                {
                    var orders = new List<AuctionOrder>();
                    for (int zone = 0; zone < zones.Length; zone++)
                    {
                        (long offset, (bool IsBuy, long Price, long Quantity)[] rows) = zones[zone];
                        for (int k = 0; k < rows.Length; k++)
                        {
                            // The first two orders of a zone are one buy and one sell, so both sides are there.
                            bool buy = k < 2 ? k == 0 : rows[k].IsBuy;
                            int i = orders.Count;
                            orders.Add(new AuctionOrder(1_000 + i, i % 11, buy ? Side.Buy : Side.Sell, rows[k].Price + offset, rows[k].Quantity, i, zone));
                        }
                    }

                    return (network, orders.ToArray());
                }));

    /// <summary>A network that is no network: zones with no fee and no limit between them.</summary>
    public static ZoneNetwork Free(int zones) => new ZoneNetworkBuilder(zones).Build();

}
