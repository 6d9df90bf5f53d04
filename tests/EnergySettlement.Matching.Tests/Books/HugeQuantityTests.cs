using CsCheck;
using EnergySettlement.Matching.Auctions;
using EnergySettlement.Matching.Reference;
using EnergySettlement.Matching.Reference.Auctions;
using EnergySettlement.Matching.Tests.Auctions;
using EnergySettlement.Matching.Tests.Grid;

namespace EnergySettlement.Matching.Tests.Books;

/// <summary>
/// Quantities near 2^62 and <see cref="long.MaxValue"/> Wh: sums of a level, a side or an auction exceed 64 bits, and the
/// engine must neither wrap nor throw (it promises that processing a command never throws).
/// </summary>
public class HugeQuantityTests
{
    private const long TwoTo62 = 1L << 62;

    /// <summary>Small, near 2^62 and near long.MaxValue.</summary>
    private static readonly Gen<long> Quantities =
        Gen.Frequency((2, Gen.Long[1, 30]), (3, Gen.Long[TwoTo62 - 5, TwoTo62 + 5]), (1, Gen.Long[long.MaxValue - 30, long.MaxValue]));

    [Fact]
    public void VolumeAt_TwoOrdersOf2Pow62AtOnePrice_SaturatesInsteadOfWrapping()
    {
        var h = new BookHarness();
        h.Buy(1, 50, TwoTo62);
        h.Buy(2, 50, TwoTo62, participant: 3);
        h.Buy(3, 49, TwoTo62);
        h.Buy(4, 49, TwoTo62 - 1, participant: 3);

        Assert.Equal(long.MaxValue, h.Book.VolumeAt(Side.Buy, 50));        // 2^63: one more than long.MaxValue
        Assert.Equal(long.MaxValue, h.Book.VolumeAt(Side.Buy, 49));        // exactly long.MaxValue
        Assert.Equal(long.MaxValue, h.Book.VolumeAt(Side.Buy, 50, zone: 0));
    }

    [Fact]
    public void Uncross_SideTotalBeyondLongMaxValue_ClearsInsteadOfThrowing()
    {
        var h = new BookHarness(new OrderBookOptions { MinTick = 1, MaxTick = 100, Capacity = 16, Mode = BookMode.CallAuction });
        h.Buy(1, 50, TwoTo62);
        h.Buy(2, 50, TwoTo62, participant: 3);
        h.Buy(3, 50, TwoTo62, participant: 4);
        h.Sell(4, 40, long.MaxValue);
        h.Sell(5, 45, 10, participant: 5);

        var trades = BookHarness.Trades(h.Run(Command.Uncross(0, 1)));

        var bought = trades.Where(t => t.Side == Side.Buy).Aggregate(Int128.Zero, (sum, t) => sum + t.Quantity);
        var sold = trades.Where(t => t.Side == Side.Sell).Aggregate(Int128.Zero, (sum, t) => sum + t.Quantity);
        Assert.Equal((Int128)long.MaxValue + 10, bought);                 // all the supply, shared pro rata by three bids
        Assert.Equal(bought, sold);
        Assert.All(trades, t => Assert.Equal(50, t.PriceTick));
        // (2^63 + 9) / 3 = 3,074,457,345,618,258,605 rest 2 each: the two leftover Wh go to the earlier bids.
        Assert.Equal([3074457345618258606L, 3074457345618258606L, 3074457345618258605L], trades.Where(t => t.Side == Side.Buy).Select(t => t.Quantity));
    }

    [Fact]
    public void Process_RandomStreamsWithHugeQuantities_EventsAndVolumesEqualReferenceEngine()
    {
        Gen<Command> place = Gen.Select(Gen.Long[1, 30], Gen.Int[0, 4], Gen.Enum<Side>(), Gen.Frequency((5, Gen.Const(OrderType.Limit)), (1, Gen.Const(OrderType.ImmediateOrCancel)), (1, Gen.Const(OrderType.FillOrKill))), Gen.Long[10, 16], Quantities)
            .Select(t => Command.Place(3, t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, 0));
        Gen<Command> reduce = Gen.Select(Gen.Long[1, 30], Quantities).Select(t => Command.Reduce(3, t.Item1, t.Item2, 0));
        Gen<Command[]> streams = Gen.Frequency((8, place), (2, Gen.Long[1, 30].Select(id => Command.Cancel(3, id, 0))), (2, reduce)).Array[1, 120].Select(CommandStreams.Stamp);
        Gen.Select(CommandStreams.Options, streams).Sample((options, commands) =>
        {
            options.GateClosure = long.MaxValue;
            var book = new OrderBook(options);
            var reference = new ReferenceOrderBook(options);
            var events = new List<MatchingEvent>();
            foreach (Command command in commands)
            {
                events.Clear();
                var sink = new ListSink(events);
                book.Process(in command, ref sink);
                Assert.Equal(reference.Process(in command), events);
            }

            for (long price = CommandStreams.MinTick; price <= CommandStreams.MaxTick; price++)
            {
                Assert.Equal(reference.VolumeAt(Side.Buy, price), book.VolumeAt(Side.Buy, price));
                Assert.Equal(reference.VolumeAt(Side.Sell, price), book.VolumeAt(Side.Sell, price));
            }
        }, iter: 2000);
    }

    [Fact]
    public void Clear_RandomBooksWithHugeQuantities_EqualsBruteForceReference()
    {
        Gen<AuctionOrder[]> books = Gen.Select(Gen.Bool, Gen.Long[0, 12], Quantities, Gen.Long[0, 100]).Array[0, 30]
            .Select(rows => rows.Select((r, i) => new AuctionOrder(1_000 + i, i % 5, r.Item1 ? Side.Buy : Side.Sell, r.Item2, r.Item3, r.Item4)).ToArray());
        books.Sample(orders =>
        {
            foreach (bool payAsBid in new[] { false, true })
            {
                var result = new ClearingResult();
                (payAsBid ? (ClearingRule)PayAsBidClearingRule.Instance : UniformPriceClearingRule.Instance).Clear(orders, result);
                var expected = BruteForceCallAuction.Clear(orders, payAsBid);
                Assert.Equal(payAsBid ? null : expected.PriceTick, result.ClearingPriceTick);
                Assert.Equal(expected.Fills, result.Fills.ToArray());
                Assert.True(new ClearingResultValidator().Validate(orders, result).IsAccepted);
            }
        }, iter: 2000);
    }

    [Fact]
    public void ZonalClear_RandomInstancesWithHugeQuantities_ValidAndEquilibrium()
    {
        Gen<(ZoneNetwork, AuctionOrder[])> instances = ZonalAuctionTestOrders.Networks().SelectMany(network =>
            Gen.Select(Gen.Bool, Gen.Long[0, 12], Quantities, Gen.Int[0, network.ZoneCount - 1]).Array[0, 30]
                .Select(rows => (network, rows.Select((r, i) => new AuctionOrder(1_000 + i, i % 5, r.Item1 ? Side.Buy : Side.Sell, r.Item2, r.Item3, i, r.Item4)).ToArray())));
        instances.Sample((network, orders) =>
        {
            var result = new ClearingResult();
            UniformPriceClearingRule.Instance.Clear(orders, network, result);
            var verdict = new ClearingResultValidator().Validate(orders, result, network);
            Assert.True(verdict.IsAccepted, verdict.ToString());
            for (int i = 0; i < orders.Length; i++)
            {
                AuctionOrder o = orders[i];
                if (result.GetZonePriceTick(o.Zone) is long price && (o.Side == Side.Buy ? o.PriceTick > price : o.PriceTick < price))
                {
                    Assert.Equal(o.Quantity, AuctionTestOrders.Filled(result.Fills, i));
                }
            }
        }, iter: 1000);
    }

    [Fact]
    public void Process_ZonedStreamsWithHugeQuantities_EventsEqualReferenceEngine()
    {
        Gen<Command> place = Gen.Select(Gen.Long[1, 30], Gen.Int[0, 4], Gen.Enum<Side>(), Gen.Long[10, 16], Quantities, ZonedCommandStreams.Attributes)
            .Select(t => Command.Limit(3, t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, 0, t.Item6));
        Gen<Command[]> streams = Gen.Frequency((8, place), (2, Gen.Long[1, 30].Select(id => Command.Cancel(3, id, 0)))).Array[1, 100].Select(CommandStreams.Stamp);
        Gen.Select(ZonedCommandStreams.Options, streams).Sample((options, commands) =>
        {
            options.GateClosure = long.MaxValue;
            var book = new OrderBook(options);
            var reference = new ReferenceOrderBook(options);
            var events = new List<MatchingEvent>();
            foreach (Command command in commands)
            {
                events.Clear();
                var sink = new ListSink(events);
                book.Process(in command, ref sink);
                Assert.Equal(reference.Process(in command), events);
            }
        }, iter: 1500);
    }
}
