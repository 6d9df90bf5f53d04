using CsCheck;
using EnergySettlement.Matching.Reference;

namespace EnergySettlement.Matching.Tests.Grid;

/// <summary>The zoned continuous book against the independent reference engine on thousands of random streams.</summary>
public class ZonedOrderBookPropertyTests
{
    [Fact]
    public void Process_RandomZonedStreams_EventsEqualReferenceEngine()
    {
        Gen.Select(ZonedCommandStreams.Options, ZonedCommandStreams.Stream).Sample((options, commands) =>
        {
            var book = new OrderBook(options);
            var reference = new ReferenceOrderBook(options);
            var events = new List<MatchingEvent>();
            for (int i = 0; i < commands.Length; i++)
            {
                events.Clear();
                var sink = new ListSink(events);
                book.Process(in commands[i], ref sink);
                List<MatchingEvent> expected = reference.Process(in commands[i]);
                if (!expected.SequenceEqual(events))
                {
                    throw new InvalidOperationException($"Command {i} ({commands[i]}): expected [{string.Join(", ", expected)}] but was [{string.Join(", ", events)}]");
                }

                Assert.Equal(reference.BestBid, book.BestBid);
                Assert.Equal(reference.BestAsk, book.BestAsk);
                Assert.Equal(reference.Count, book.Count);
            }

            var bids = new List<RestingOrder>();
            var asks = new List<RestingOrder>();
            book.CopyOrders(Side.Buy, bids);
            book.CopyOrders(Side.Sell, asks);
            Assert.Equal(reference.Orders(Side.Buy), bids);
            Assert.Equal(reference.Orders(Side.Sell), asks);
            ZoneNetwork network = options.ZoneNetwork!;
            for (int from = 0; from < network.ZoneCount; from++)
            {
                for (int to = 0; to < network.ZoneCount; to++)
                {
                    if (from != to && network.HasTransferLimits)
                    {
                        Assert.Equal(reference.Traded(from, to), book.FlowBetween(from, to));
                    }
                }
            }
        }, iter: 3000);
    }

    [Fact]
    public void Process_RandomZonedStreams_TradedEnergyStaysWithinTransferLimits()
    {
        Gen.Select(ZonedCommandStreams.Options, ZonedCommandStreams.Stream).Sample((options, commands) =>
        {
            var book = new OrderBook(options);
            var sink = new CountingSink();
            ZoneNetwork network = options.ZoneNetwork!;
            foreach (Command command in commands)
            {
                book.Process(in command, ref sink);
                for (int from = 0; from < network.ZoneCount; from++)
                {
                    for (int to = 0; to < network.ZoneCount; to++)
                    {
                        if (from != to)
                        {
                            Assert.True(book.FlowBetween(from, to) <= network.GetTransferLimit(from, to), $"flow {from}→{to} {book.FlowBetween(from, to)} over its limit after {command}");
                        }
                    }
                }
            }
        }, iter: 2000);
    }

    [Fact]
    public void Process_RandomZonedStreams_NoRestingPairCouldTrade()
    {
        // After every command, no resting bid and ask are compatible, within price once the fee is counted, and have room
        // between their zones: whatever could trade, did.
        Gen.Select(ZonedCommandStreams.Options, ZonedCommandStreams.Stream).Sample((options, commands) =>
        {
            var book = new OrderBook(options);
            var sink = new CountingSink();
            ZoneNetwork network = options.ZoneNetwork!;
            foreach (Command command in commands)
            {
                book.Process(in command, ref sink);
                var bids = new List<RestingOrder>();
                var asks = new List<RestingOrder>();
                book.CopyOrders(Side.Buy, bids);
                book.CopyOrders(Side.Sell, asks);
                foreach (RestingOrder bid in bids)
                {
                    foreach (RestingOrder ask in asks)
                    {
                        int from = ask.Attributes.Zone;
                        int to = bid.Attributes.Zone;
                        bool room = from == to || network.GetTransferLimit(from, to) == ZoneNetwork.Unlimited
                            || book.FlowBetween(from, to) < network.GetTransferLimit(from, to);
                        bool crosses = ask.PriceTick + network.GetNetworkFee(from, to) <= bid.PriceTick;
                        bool own = bid.Participant == ask.Participant;
                        Assert.False(crosses && room && !own && bid.Attributes.IsCompatibleWith(ask.Attributes), $"bid {bid} and ask {ask} could trade after {command}");
                    }
                }
            }
        }, iter: 1500);
    }

    [Fact]
    public void Process_RandomZonedStreams_ConserveEnergyAndMoney()
    {
        // Per order: submitted = filled + remaining + cancelled + expired. Per trade: the buyer's limit covers price + fee
        // and the seller's limit is at most the price.
        Gen.Select(ZonedCommandStreams.Options, ZonedCommandStreams.Stream).Sample((options, commands) =>
        {
            var book = new OrderBook(options);
            var events = new List<MatchingEvent>();
            var sink = new ListSink(events);
            foreach (Command command in commands)
            {
                book.Process(in command, ref sink);
            }

            var lives = new Dictionary<long, long[]>();
            var limits = new Dictionary<long, long>();
            var finished = new List<long[]>();
            foreach (MatchingEvent e in events)
            {
                switch (e.Kind)
                {
                    case MatchingEventKind.Accepted:
                        if (lives.Remove(e.OrderId, out long[]? old))
                        {
                            finished.Add(old);
                        }

                        lives[e.OrderId] = [e.Quantity, 0, 0, 0];
                        limits[e.OrderId] = e.PriceTick;
                        break;
                    case MatchingEventKind.Trade:
                        lives[e.OrderId][1] += e.Quantity;
                        lives[e.CounterOrderId][1] += e.Quantity;
                        long buyer = e.Side == Side.Buy ? e.OrderId : e.CounterOrderId;
                        long seller = e.Side == Side.Buy ? e.CounterOrderId : e.OrderId;
                        Assert.True(e.PriceTick + e.NetworkFeeTick <= limits[buyer], $"buyer pays above its limit: {e}");
                        Assert.True(e.PriceTick >= limits[seller], $"seller receives below its limit: {e}");
                        int sellerZone = e.Side == Side.Buy ? e.CounterZone : e.Zone;
                        int buyerZone = e.Side == Side.Buy ? e.Zone : e.CounterZone;
                        Assert.Equal(options.ZoneNetwork!.GetNetworkFee(sellerZone, buyerZone), e.NetworkFeeTick);
                        break;
                    case MatchingEventKind.Cancelled:
                    case MatchingEventKind.Reduced:
                        lives[e.OrderId][2] += e.Quantity;
                        break;
                    case MatchingEventKind.Expired:
                        lives[e.OrderId][3] += e.Quantity;
                        break;
                }
            }

            foreach (var (id, life) in lives)
            {
                long remaining = book.TryGetOrder(id, out RestingOrder order) ? order.Remaining : 0;
                Assert.Equal(life[0], life[1] + remaining + life[2] + life[3]);
            }

            foreach (long[] life in finished)
            {
                Assert.Equal(life[0], life[1] + life[2] + life[3]);
            }
        }, iter: 2000);
    }
}
