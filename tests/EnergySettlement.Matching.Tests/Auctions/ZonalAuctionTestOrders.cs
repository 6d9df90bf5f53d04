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

    /// <summary>A network that is no network: zones with no fee and no limit between them.</summary>
    public static ZoneNetwork Free(int zones) => new ZoneNetworkBuilder(zones).Build();

}
