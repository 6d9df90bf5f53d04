using CsCheck;

namespace EnergySettlement.Matching.Tests.Books;

/// <summary>Generators of random books and command streams, small enough to hit every rule often.</summary>
internal static class CommandStreams
{
    public const long MinTick = 10;
    public const long MaxTick = 30;

    public static readonly Gen<OrderBookOptions> Options =
        Gen.Select(Gen.Enum<SelfTradePrevention>(), Gen.Int[3, 40], Gen.Long[20, 400], (stp, capacity, gate) => new OrderBookOptions
        {
            BookId = 3,
            MinTick = MinTick,
            MaxTick = MaxTick,
            Capacity = capacity,
            SelfTradePrevention = stp,
            GateClosure = gate,
        });

    private static readonly Gen<Command> Place =
        Gen.Select(Gen.Long[1, 60], Gen.Int[0, 5], Gen.Enum<Side>(), Gen.Frequency((6, Gen.Const(OrderType.Limit)), (1, Gen.Const(OrderType.ImmediateOrCancel)), (1, Gen.Const(OrderType.FillOrKill)), (1, Gen.Const(OrderType.Market))),
            Gen.Long[MinTick - 2, MaxTick + 2], Gen.Frequency((12, Gen.Long[1, 30]), (1, Gen.Long[-3, 0])))
        .Select(t => Command.Place(3, t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, 0));

    private static readonly Gen<Command> Cancel = Gen.Long[1, 60].Select(id => Command.Cancel(3, id, 0));

    private static readonly Gen<Command> Reduce = Gen.Select(Gen.Long[1, 60], Gen.Long[-1, 20], (id, q) => Command.Reduce(3, id, q, 0));

    private static readonly Gen<Command> Rare = Gen.OneOf(
        Gen.Const(Command.CloseGate(3, 0)),
        Gen.Const(Command.Uncross(3, 0)),
        Gen.Const(Command.Limit(4, 1, 1, Side.Buy, 20, 5, 0)),
        Gen.Const(Command.Limit(3, 999, -1, Side.Buy, 20, 5, 0)),
        Gen.Const(Command.Limit(3, 998, 1, Side.Sell, 20, 5, 0, OrderAttributes.InZone(1))));

    /// <summary>Commands with non-decreasing timestamps 0, 1, 2, … so that gate closure happens inside some streams.</summary>
    public static readonly Gen<Command[]> Stream =
        Gen.Frequency((10, Place), (3, Cancel), (2, Reduce), (1, Rare)).Array[1, 300].Select(Stamp);

    /// <summary>Gives the commands the timestamps 0, 1, 2, … in place.</summary>
    public static Command[] Stamp(Command[] commands)
    {
        for (int i = 0; i < commands.Length; i++)
        {
            Command c = commands[i];
            commands[i] = new Command(c.Kind, c.BookId, c.OrderId, c.Participant, c.Side, c.OrderType, c.PriceTick, c.Quantity, i, c.Attributes);
        }

        return commands;
    }
}
