using CsCheck;
using EnergySettlement.Matching.Reference;

namespace EnergySettlement.Matching.Tests.Books;

public class OrderBookPropertyTests
{
    [Fact]
    public void Process_RandomStreams_EventsEqualReferenceEngine()
    {
        Gen.Select(CommandStreams.Options, CommandStreams.Stream).Sample((options, commands) =>
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
        }, iter: 3000);
    }

    [Fact]
    public void Process_RandomStreams_NeverLeavesCrossedBook()
    {
        Gen.Select(CommandStreams.Options, CommandStreams.Stream).Sample((options, commands) =>
        {
            var book = new OrderBook(options);
            var sink = new CountingSink();
            foreach (Command command in commands)
            {
                book.Process(in command, ref sink);
                if (book.BestBid is long bid && book.BestAsk is long ask)
                {
                    Assert.True(bid < ask, $"crossed book: bid {bid} >= ask {ask} after {command}");
                }
            }
        }, iter: 3000);
    }

    [Fact]
    public void Process_RandomStreams_ConserveEnergyPerOrder()
    {
        Gen.Select(CommandStreams.Options, CommandStreams.Stream).Sample((options, commands) =>
        {
            var book = new OrderBook(options);
            var events = new List<MatchingEvent>();
            var sink = new ListSink(events);
            foreach (Command command in commands)
            {
                book.Process(in command, ref sink);
            }

            // Per order life: submitted = filled + remaining + cancelled (incl. reduced) + expired. Ids may be reused after
            // an order leaves the book, so each Accepted event starts a new life of that id.
            var lives = new Dictionary<long, long[]>();
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
                        break;
                    case MatchingEventKind.Trade:
                        lives[e.OrderId][1] += e.Quantity;
                        lives[e.CounterOrderId][1] += e.Quantity;
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

            long bought = events.Where(e => e.Kind == MatchingEventKind.Trade).Sum(e => e.Quantity);
            Assert.True(bought >= 0);
        }, iter: 3000);
    }
}
