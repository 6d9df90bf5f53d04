using CsCheck;
using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching.Tests.Books;

public class CallAuctionBookTests
{
    private static BookHarness AuctionBook(ClearingRule? rule = null, int capacity = 64, ZoneNetwork? network = null)
        => new(new OrderBookOptions { MinTick = 1, MaxTick = 100, Capacity = capacity, Mode = BookMode.CallAuction, ClearingRule = rule, ZoneNetwork = network });

    /// <summary>A hostile rule: fills the first order beyond its quantity.</summary>
    private sealed class OverfillingRule : ClearingRule
    {
        public override string Name => "overfill";

        public override void Clear(ReadOnlySpan<AuctionOrder> orders, ClearingResult result)
        {
            result.AddFill(new AuctionFill(0, orders[0].OrderId, orders[0].Quantity + 1, orders[0].PriceTick));
            result.SetClearingPrice(orders[0].PriceTick);
        }
    }

    /// <summary>
    /// A host rule whose fills are valid but not in the built-in shape: the uniform-price fills, each of 2 Wh or more
    /// split in two, listed in descending order index (with zones: the zonal fills, prices and transfers, split the same way).
    /// </summary>
    private sealed class SplitReversedRule : ClearingRule
    {
        public override string Name => "split-reversed";

        public override void Clear(ReadOnlySpan<AuctionOrder> orders, ClearingResult result)
        {
            var inner = new ClearingResult();
            UniformPriceClearingRule.Instance.Clear(orders, inner);
            Split(inner, result);
        }

        public override void Clear(ReadOnlySpan<AuctionOrder> orders, ZoneNetwork network, ClearingResult result)
        {
            var inner = new ClearingResult();
            UniformPriceClearingRule.Instance.Clear(orders, network, inner);
            Split(inner, result);
            for (int zone = 0; zone < network.ZoneCount; zone++)
            {
                if (inner.GetZonePriceTick(zone) is long price)
                {
                    result.SetZonePrice(zone, price);
                }
            }

            foreach (ZoneTransfer transfer in inner.Transfers)
            {
                long first = transfer.Quantity / 2;
                if (first > 0)
                {
                    result.AddTransfer(new ZoneTransfer(transfer.FromZone, transfer.ToZone, first));
                }

                result.AddTransfer(new ZoneTransfer(transfer.FromZone, transfer.ToZone, transfer.Quantity - first));
            }
        }

        private static void Split(ClearingResult inner, ClearingResult result)
        {
            result.Reset();
            for (int i = inner.Count - 1; i >= 0; i--)
            {
                AuctionFill fill = inner.Fills[i];
                long first = fill.Quantity / 2;
                if (first > 0)
                {
                    result.AddFill(new AuctionFill(fill.OrderIndex, fill.OrderId, first, fill.PriceTick));
                }

                result.AddFill(new AuctionFill(fill.OrderIndex, fill.OrderId, fill.Quantity - first, fill.PriceTick));
            }

            if (inner.ClearingPriceTick is long price)
            {
                result.SetClearingPrice(price);
            }
        }
    }

    [Fact]
    public void Uncross_RandomStreamsWithCancelsAndReduces_EqualsRuleAppliedToListOrder()
    {
        // The model: just before each uncross, read the book's price-time order by walking its level lists (CopyOrders),
        // clear those orders with the rule, and expect one trade per fill in the rule's order and the same lists minus
        // the fills afterwards. Cancels, reduces and earlier uncrosses free slots that later orders reuse, so levels are
        // often out of slot order once a call-auction book has handed out all of its 2 × capacity slots (capacity 8 gets
        // there quickly); capacity 40 makes most uncrosses rebuild the book, 100,000 update it in place.
        Gen<Command> command = AuctionCommands(maxOrderId: 40, participants: 6, maxPrice: 30, cancelWeight: 3, reduceWeight: 2);
        CheckAgainstListOrder(command.Array[1, 200], Gen.OneOfConst(8, 40, 100_000), iterations: 1500);
    }

    [Fact]
    public void Uncross_AfterChurnThroughEverySlot_EqualsRuleAppliedToListOrder()
    {
        // Long cancel-and-replace streams in tiny books with rare uncrosses: every one of the 2 × capacity slots is handed
        // out, then returned slots are taken again, so levels fall out of slot order and the gather must walk their lists.
        Gen<Command> command = AuctionCommands(maxOrderId: 12, participants: 4, maxPrice: 4, cancelWeight: 6, reduceWeight: 1);
        CheckAgainstListOrder(command.Array[50, 300], Gen.Int[2, 6], iterations: 1000);
    }

    [Fact]
    public void Uncross_RandomStreamsWithHugeQuantities_EqualsRuleAppliedToListOrderWithoutThrowing()
    {
        // Quantities near 2^62 and long.MaxValue: side totals and levels far beyond long.MaxValue Wh.
        Gen<long> huge = Gen.Frequency((2, Gen.Long[1, 20]), (3, Gen.Long[(1L << 61) - 5, (1L << 62) + 5]), (1, Gen.Long[long.MaxValue - 20, long.MaxValue]));
        Gen<Command> command = AuctionCommands(maxOrderId: 30, participants: 5, maxPrice: 8, cancelWeight: 2, reduceWeight: 2, quantities: huge);
        CheckAgainstListOrder(command.Array[1, 120], Gen.OneOfConst(8, 40, 100_000), iterations: 1000);
    }

    [Fact]
    public void Uncross_RandomZonedStreams_EqualsZonalRuleAppliedToListOrderWithTheRoomLeft()
    {
        // Several uncrosses per period: each is cleared on the network with its limits lowered by what earlier uncrosses
        // moved, and reports its transfers after its trades.
        Gen<Command> command = AuctionCommands(maxOrderId: 40, participants: 6, maxPrice: 30, cancelWeight: 3, reduceWeight: 2, zones: 4);
        CheckAgainstListOrder(command.Array[1, 200], Gen.OneOfConst(8, 40, 100_000), iterations: 800, Grid.ZonedCommandStreams.Network(4));
    }

    /// <summary>
    /// Places (weight 8), cancels, reduces and uncrosses (weight 1) on book 0, with order ids 1..<paramref name="maxOrderId"/>
    /// (so ids repeat), prices 1..<paramref name="maxPrice"/>, quantities 1..20 Wh (or <paramref name="quantities"/>) and
    /// zones 0..<paramref name="zones"/> − 1.
    /// </summary>
    private static Gen<Command> AuctionCommands(int maxOrderId, int participants, int maxPrice, int cancelWeight, int reduceWeight, Gen<long>? quantities = null, int zones = 1)
    {
        Gen<Command> place = Gen.Select(Gen.Long[1, maxOrderId], Gen.Int[0, participants - 1], Gen.Enum<Side>(), Gen.Long[1, maxPrice], quantities ?? Gen.Long[1, 20], Gen.Int[0, zones - 1])
            .Select(t => Command.Limit(0, t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, 0, OrderAttributes.InZone(t.Item6)));
        return Gen.Frequency(
            (8, place),
            (cancelWeight, Gen.Long[1, maxOrderId].Select(id => Command.Cancel(0, id, 0))),
            (reduceWeight, Gen.Select(Gen.Long[1, maxOrderId], quantities ?? Gen.Long[1, 10]).Select(t => Command.Reduce(0, t.Item1, t.Item2, 0))),
            (1, Gen.Const(Command.Uncross(0, 0))));
    }

    /// <summary>
    /// Runs each stream on a call-auction book and checks every uncross against the rule applied to the book's own list
    /// order (read just before it), for the three rules: events, the book afterwards, its index, volumes and best prices.
    /// With a network, the model keeps its own account of the energy moved per direction and gives the rule the room left.
    /// </summary>
    private static void CheckAgainstListOrder(Gen<Command[]> streams, Gen<int> capacities, int iterations, Gen<ZoneNetwork>? networks = null)
    {
        Gen.Select(streams, Gen.Int[0, 2], capacities, networks ?? Gen.Const(ZoneNetwork.SingleZone)).Sample((commands, ruleIndex, capacity, network) =>
        {
            ClearingRule rule = ruleIndex switch
            {
                0 => UniformPriceClearingRule.Instance,
                1 => PayAsBidClearingRule.Instance,
                _ => new SplitReversedRule(),
            };
            var h = AuctionBook(rule, capacity, network);
            int zones = network.ZoneCount;
            var moved = new long[zones * zones];
            for (int i = 0; i < commands.Length; i++)
            {
                Command c = commands[i];
                if (c.Kind != CommandKind.Uncross)
                {
                    h.Run(c);
                    continue;
                }

                var resting = h.Orders(Side.Buy).Concat(h.Orders(Side.Sell)).ToList();
                var auctionOrders = resting.Select((o, k) => new AuctionOrder(o.OrderId, o.Participant, o.Side, o.PriceTick, o.Remaining, k, o.Attributes.Zone)).ToArray();
                var result = new ClearingResult();
                ZoneNetwork room = network;
                if (zones > 1)
                {
                    var fees = new long[zones * zones];
                    var limits = new long[zones * zones];
                    for (int pair = 0; pair < zones * zones; pair++)
                    {
                        fees[pair] = network.GetNetworkFee(pair / zones, pair % zones);
                        long limit = network.GetTransferLimit(pair / zones, pair % zones);
                        limits[pair] = limit == ZoneNetwork.Unlimited ? limit : limit - moved[pair];
                    }

                    room = ZoneNetwork.Create(zones, fees, limits);
                    rule.Clear(auctionOrders, room, result);
                }
                else
                {
                    rule.Clear(auctionOrders, result);
                }

                var left = resting.Select(o => o.Remaining).ToArray();
                var expected = new List<MatchingEvent>();
                foreach (AuctionFill fill in result.Fills)
                {
                    RestingOrder o = resting[fill.OrderIndex];
                    left[fill.OrderIndex] -= fill.Quantity;
                    expected.Add(new MatchingEvent
                    {
                        Kind = MatchingEventKind.Trade,
                        Command = CommandKind.Uncross,
                        OrderId = o.OrderId,
                        Participant = o.Participant,
                        Side = o.Side,
                        Attributes = o.Attributes,
                        PriceTick = fill.PriceTick,
                        Quantity = fill.Quantity,
                        Remaining = left[fill.OrderIndex],
                        Timestamp = i,
                    });
                }

                foreach (ZoneTransfer transfer in result.Transfers)
                {
                    moved[(transfer.FromZone * zones) + transfer.ToZone] += transfer.Quantity;
                    expected.Add(new MatchingEvent
                    {
                        Kind = MatchingEventKind.Transfer,
                        Command = CommandKind.Uncross,
                        Attributes = OrderAttributes.InZone(transfer.FromZone),
                        CounterAttributes = OrderAttributes.InZone(transfer.ToZone),
                        PriceTick = (result.GetZonePriceTick(transfer.ToZone) - result.GetZonePriceTick(transfer.FromZone)) ?? 0,
                        NetworkFeeTick = network.GetNetworkFee(transfer.FromZone, transfer.ToZone),
                        Quantity = transfer.Quantity,
                        Timestamp = i,
                    });
                }

                var expectedAfter = resting.Select((o, k) => o with { Remaining = left[k] }).Where(o => o.Remaining > 0).ToList();
                Assert.Equal(expected, h.Run(Command.Uncross(0, i)));
                Assert.Equal(expectedAfter, h.Orders(Side.Buy).Concat(h.Orders(Side.Sell)).ToList());
                Assert.Equal(expectedAfter.Count, h.Book.Count);
                foreach (RestingOrder o in expectedAfter)
                {
                    Assert.True(h.Book.TryGetOrder(o.OrderId, out RestingOrder found));
                    Assert.Equal(o, found);
                    var level = expectedAfter.Where(x => x.Side == o.Side && x.PriceTick == o.PriceTick).Aggregate(System.Numerics.BigInteger.Zero, (sum, x) => sum + x.Remaining);
                    Assert.Equal(level > long.MaxValue ? long.MaxValue : (long)level, h.Book.VolumeAt(o.Side, o.PriceTick));
                }

                Assert.Equal(expectedAfter.Where(o => o.Side == Side.Buy).Select(o => (long?)o.PriceTick).Max(), h.Book.BestBid);
                Assert.Equal(expectedAfter.Where(o => o.Side == Side.Sell).Select(o => (long?)o.PriceTick).Min(), h.Book.BestAsk);
            }
        }, iter: iterations);
    }

    [Fact]
    public void Place_CrossingOrdersInCallAuction_CollectWithoutTrading()
    {
        var h = AuctionBook();
        h.Buy(1, 50, 10);
        var events = h.Sell(2, 40, 10);
        Assert.Equal(MatchingEventKind.Accepted, Assert.Single(events).Kind);
        Assert.Equal(50, h.Book.BestBid);
        Assert.Equal(40, h.Book.BestAsk);
    }

    [Fact]
    public void Uncross_UniformPrice_FillsAtClearingPriceAndLeavesRemainders()
    {
        // D(p) / S(p): at 46 demand 10 (order 1) meets supply 15 (orders 3 and 4); 46 is the only price where no buyer
        // above and no seller below stays unfilled. Order 1 buys 10; order 3 (below the price) sells all 5; order 4 at the
        // price sells the other 5 and keeps 5. Order 2 (bid 45 < 46) does not trade.
        var h = AuctionBook();
        h.Buy(1, 50, 10, participant: 1);
        h.Buy(2, 45, 10, participant: 2);
        h.Sell(3, 40, 5, participant: 3);
        h.Sell(4, 46, 10, participant: 4);
        var trades = h.Run(Command.Uncross(0, 5));
        Assert.All(trades, t => Assert.Equal((MatchingEventKind.Trade, CommandKind.Uncross, 46L), (t.Kind, t.Command, t.PriceTick)));
        Assert.Equal([(1L, 10L, 0L), (3L, 5L, 0L), (4L, 5L, 5L)], trades.Select(t => (t.OrderId, t.Quantity, t.Remaining)).Order());
        Assert.Equal(2, h.Book.Count);
        Assert.True(h.Book.TryGetOrder(2, out var bid));
        Assert.Equal(10, bid.Remaining);
        Assert.True(h.Book.TryGetOrder(4, out var ask));
        Assert.Equal(5, ask.Remaining);
    }

    [Fact]
    public void Uncross_RuleOverfills_IsRejectedAndBookUnchanged()
    {
        var h = AuctionBook(new OverfillingRule());
        h.Buy(1, 50, 10);
        h.Sell(2, 40, 10);
        var e = Assert.Single(h.Run(Command.Uncross(0, 5)));
        Assert.Equal((MatchingEventKind.Rejected, RejectReason.ClearingResultInvalid), (e.Kind, e.RejectReason));
        Assert.Equal(2, h.Book.Count);
        Assert.Equal(10, h.Book.VolumeAt(Side.Buy, 50));
    }

    [Fact]
    public void Place_ImmediateOrCancelInCallAuction_IsRejectedNotAllowedInMode()
    {
        var h = AuctionBook();
        var e = Assert.Single(h.Buy(1, 50, 10, type: OrderType.ImmediateOrCancel));
        Assert.Equal(RejectReason.NotAllowedInMode, e.RejectReason);
        Assert.Equal(0, h.Book.Count);
    }

    [Fact]
    public void Uncross_RandomBooks_SatisfyClearingConditionsAndConserveEnergy()
    {
        var orderGen = Gen.Select(Gen.Enum<Side>(), Gen.Long[1, 30], Gen.Long[1, 50], Gen.Int[0, 9]);
        // Capacity 64 makes every uncross that empties an order rebuild the book; 100,000 makes it remove orders one by one.
        Gen.Select(orderGen.Array[1, 60], Gen.Bool, Gen.OneOfConst(64, 100_000)).Sample((orders, payAsBid, capacity) =>
        {
            var h = AuctionBook(payAsBid ? PayAsBidClearingRule.Instance : UniformPriceClearingRule.Instance, capacity);
            long id = 1;
            foreach (var (side, price, quantity, participant) in orders)
            {
                h.Run(Command.Limit(0, id++, participant, side, price, quantity, 0));
            }

            var trades = h.Run(Command.Uncross(0, 1));
            Assert.All(trades, t => Assert.Equal(MatchingEventKind.Trade, t.Kind));
            Assert.Equal(trades.Where(t => t.Side == Side.Buy).Sum(t => t.Quantity), trades.Where(t => t.Side == Side.Sell).Sum(t => t.Quantity));
            if (!payAsBid && trades.Count > 0)
            {
                long price = trades[0].PriceTick;
                Assert.All(trades, t => Assert.Equal(price, t.PriceTick));
                Assert.All(h.Orders(Side.Buy), o => Assert.True(o.PriceTick <= price, $"unmatched buyer {o} above {price}"));
                Assert.All(h.Orders(Side.Sell), o => Assert.True(o.PriceTick >= price, $"unmatched seller {o} below {price}"));
            }

            long submitted = orders.Sum(o => o.Item3);
            long resting = h.Orders(Side.Buy).Sum(o => o.Remaining) + h.Orders(Side.Sell).Sum(o => o.Remaining);
            Assert.Equal(submitted, resting + trades.Sum(t => t.Quantity));
        }, iter: 2000);
    }

    [Fact]
    public void Restore_CallAuctionSnapshot_KeepsModeAndUsesGivenRule()
    {
        var h = AuctionBook();
        h.Buy(1, 50, 10);
        h.Sell(2, 40, 10);
        OrderBook restored = OrderBookSnapshot.Restore(OrderBookSnapshot.ToArray(h.Book), PayAsBidClearingRule.Instance);
        Assert.Equal(BookMode.CallAuction, restored.Mode);
        Assert.Same(PayAsBidClearingRule.Instance, restored.ClearingRule);
        Assert.Equal(2, restored.Count);
    }

    [Fact]
    public void Uncross_RebuildAndOneByOnePaths_GiveSameEventsAndBook()
    {
        var orderGen = Gen.Select(Gen.Enum<Side>(), Gen.Long[1, 30], Gen.Long[1, 50], Gen.Int[0, 9]);
        Gen.Select(orderGen.Array[1, 60], Gen.Bool).Sample((orders, payAsBid) =>
        {
            ClearingRule rule = payAsBid ? PayAsBidClearingRule.Instance : UniformPriceClearingRule.Instance;
            var rebuilt = AuctionBook(rule, 64);
            var oneByOne = AuctionBook(rule, 100_000);
            long id = 1;
            foreach (var (side, price, quantity, participant) in orders)
            {
                Command place = Command.Limit(0, id++, participant, side, price, quantity, 0);
                rebuilt.Run(place);
                oneByOne.Run(place);
            }

            Assert.Equal(oneByOne.Run(Command.Uncross(0, 1)), rebuilt.Run(Command.Uncross(0, 1)));
            Assert.Equal(oneByOne.Orders(Side.Buy), rebuilt.Orders(Side.Buy));
            Assert.Equal(oneByOne.Orders(Side.Sell), rebuilt.Orders(Side.Sell));
            Assert.Equal(oneByOne.Book.BestBid, rebuilt.Book.BestBid);
            Assert.Equal(oneByOne.Book.VolumeAt(Side.Sell, 20), rebuilt.Book.VolumeAt(Side.Sell, 20));
            Assert.Equal(oneByOne.Run(Command.Uncross(0, 2)), rebuilt.Run(Command.Uncross(0, 2)));
        }, iter: 1000);
    }
}
