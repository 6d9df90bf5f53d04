using CsCheck;
using EnergySettlement.Matching.Tests.Books;

namespace EnergySettlement.Matching.Tests.Grid;

/// <summary>
/// Random books on random grids (1–4 zones, fees 0–4 ticks per kWh, limits unlimited, zero or a few dozen Wh) and random
/// command streams whose orders carry zones (now and then one outside the grid) and two attribute and requirement flags.
/// Small enough that fees, limits, requirements and self-trade prevention meet often.
/// </summary>
internal static class ZonedCommandStreams
{
    public const long MinTick = 10;
    public const long MaxTick = 30;

    /// <summary>A random network of <paramref name="zones"/> zones.</summary>
    public static Gen<ZoneNetwork> Network(int zones) =>
        Gen.Select(
            Gen.Long[0, 4].Array[zones * zones],
            Gen.Frequency((5, Gen.Const(ZoneNetwork.Unlimited)), (1, Gen.Const(0L)), (4, Gen.Long[1, 60])).Array[zones * zones],
            (fees, limits) =>
            {
                for (int zone = 0; zone < zones; zone++)
                {
                    fees[(zone * zones) + zone] = 0;
                    limits[(zone * zones) + zone] = ZoneNetwork.Unlimited;
                }

                return ZoneNetwork.Create(zones, fees, limits);
            });

    public static readonly Gen<OrderBookOptions> Options =
        Gen.Int[1, 4].SelectMany(zones => Gen.Select(Gen.Enum<SelfTradePrevention>(), Gen.Int[3, 40], Gen.Long[20, 400], Network(zones), (stp, capacity, gate, network) => new OrderBookOptions
        {
            BookId = 3,
            MinTick = MinTick,
            MaxTick = MaxTick,
            Capacity = capacity,
            SelfTradePrevention = stp,
            GateClosure = gate,
            ZoneNetwork = network,
        }));

    /// <summary>Attributes: zones 0–4 (4 is outside every generated grid), flags 0–3, requirements mostly none.</summary>
    public static readonly Gen<OrderAttributes> Attributes =
        Gen.Select(Gen.Frequency((20, Gen.Int[0, 3]), (1, Gen.Const(4))), Gen.Int[0, 3], Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 3])))
            .Select((zone, flags, requirements) => new OrderAttributes(zone, flags, requirements));

    private static readonly Gen<Command> Place =
        Gen.Select(Gen.Long[1, 60], Gen.Int[0, 5], Gen.Enum<Side>(), Gen.Frequency((6, Gen.Const(OrderType.Limit)), (1, Gen.Const(OrderType.ImmediateOrCancel)), (1, Gen.Const(OrderType.FillOrKill)), (1, Gen.Const(OrderType.Market))),
            Gen.Long[MinTick - 2, MaxTick + 2], Gen.Frequency((12, Gen.Long[1, 30]), (1, Gen.Long[-3, 0])), Attributes)
        .Select(t => Command.Place(3, t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, 0, t.Item7));

    private static readonly Gen<Command> Cancel = Gen.Long[1, 60].Select(id => Command.Cancel(3, id, 0));

    private static readonly Gen<Command> Reduce = Gen.Select(Gen.Long[1, 60], Gen.Long[-1, 20], (id, q) => Command.Reduce(3, id, q, 0));

    private static readonly Gen<Command> Rare = Gen.OneOf(
        Gen.Const(Command.CloseGate(3, 0)),
        Gen.Const(Command.Uncross(3, 0)),
        Gen.Const(Command.Limit(4, 1, 1, Side.Buy, 20, 5, 0)),
        Gen.Const(Command.Limit(3, 999, -1, Side.Buy, 20, 5, 0)));

    /// <summary>Commands with timestamps 0, 1, 2, … so that gate closure happens inside some streams.</summary>
    public static readonly Gen<Command[]> Stream =
        Gen.Frequency((10, Place), (3, Cancel), (2, Reduce), (1, Rare)).Array[1, 300].Select(CommandStreams.Stamp);
}
