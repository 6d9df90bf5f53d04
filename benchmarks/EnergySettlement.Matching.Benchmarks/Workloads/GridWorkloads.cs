namespace EnergySettlement.Matching.Benchmarks.Workloads;

/// <summary>
/// The grid the zoned benchmarks run on: 16 zones, four substations of four feeders each. Between feeders of one
/// substation the network fee is 2 ticks per kWh and there is no transfer limit; between substations the fee is 6 ticks
/// per kWh and each direction carries at most <paramref name="substationLimitWh"/> Wh per period (per book).
/// </summary>
internal static class GridWorkloads
{
    public const int Zones = 16;
    public const int FeedersPerSubstation = 4;
    public const long FeederFee = 2;
    public const long SubstationFee = 6;

    /// <summary>Builds the 16-zone network.</summary>
    /// <param name="substationLimitWh">The transfer limit of each direction between zones of different substations.</param>
    public static ZoneNetwork SixteenZones(long substationLimitWh)
    {
        var builder = new ZoneNetworkBuilder(Zones);
        for (int from = 0; from < Zones; from++)
        {
            for (int to = 0; to < Zones; to++)
            {
                if (from == to)
                {
                    continue;
                }

                bool sameSubstation = from / FeedersPerSubstation == to / FeedersPerSubstation;
                builder.SetNetworkFee(from, to, sameSubstation ? FeederFee : SubstationFee);
                if (!sameSubstation)
                {
                    builder.SetTransferLimit(from, to, substationLimitWh);
                }
            }
        }

        return builder.Build();
    }
}
