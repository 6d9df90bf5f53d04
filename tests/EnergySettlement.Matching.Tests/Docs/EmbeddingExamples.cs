using System.Collections.Concurrent;

namespace EnergySettlement.Matching.Tests.Docs;

/// <summary>The code shown in docs/matching.md, compiled and run so the page cannot rot.</summary>
public class EmbeddingExamples
{
    // docs/matching.md "Drive one book synchronously"
    private struct TradeTotals : IMatchingEventSink
    {
        public long TradedWh;
        public int Rejections;

        public void OnEvent(in MatchingEvent e)
        {
            if (e.Kind == MatchingEventKind.Trade)
            {
                TradedWh += e.Quantity;
            }
            else if (e.Kind == MatchingEventKind.Rejected)
            {
                Rejections++;
            }
        }
    }

    [Fact]
    public void SynchronousBook_Example_TradesAndRejects()
    {
        var book = new OrderBook(new OrderBookOptions
        {
            BookId = 17,
            MinTick = 0,
            MaxTick = 5_000,                // e.g. 0.00 .. 0.50 per kWh at 0.0001 per tick
            Capacity = 100_000,
            SelfTradePrevention = SelfTradePrevention.CancelOldest,
            GateClosure = 1_700_000_000,    // the caller's time unit, e.g. Unix seconds of delivery start minus lead time
        });
        var sink = new TradeTotals();
        long now = 1_699_999_000;

        Command offer = Command.Limit(17, orderId: 1, participant: 4, Side.Sell, priceTick: 1_200, quantity: 2_500, now);
        Command bid = Command.Limit(17, orderId: 2, participant: 9, Side.Buy, priceTick: 1_250, quantity: 1_000, now);
        Command late = Command.Limit(17, orderId: 3, participant: 9, Side.Buy, priceTick: 1_250, quantity: 1_000, 1_700_000_000);
        book.Process(in offer, ref sink);
        book.Process(in bid, ref sink);     // trades 1,000 Wh at 1,200 (the resting offer's price)
        book.Process(in late, ref sink);    // at gate closure: the rest of the offer expires, the bid is rejected

        Assert.Equal(1_000, sink.TradedWh);
        Assert.Equal(1, sink.Rejections);
        Assert.True(book.IsClosed);
    }

    // docs/matching.md "Many producers: the threaded front"
    private readonly struct QueueSink(ConcurrentQueue<MatchingEvent> queue) : IMatchingEventSink
    {
        public void OnEvent(in MatchingEvent e) => queue.Enqueue(e);
    }

    [Fact]
    public async Task ThreadedFront_Example_ProcessesEveryCommand()
    {
        var events = new ConcurrentQueue<MatchingEvent>();
        await using (var engine = new ThreadedMatchingEngine<QueueSink>(
            new ThreadedMatchingEngineOptions { WorkerCount = 2, QueueCapacity = 4_096 },
            worker => new QueueSink(events)))
        {
            for (int period = 0; period < 96; period++)
            {
                await engine.AddBookAsync(new OrderBookOptions { BookId = period, MaxTick = 5_000 });
            }

            await Parallel.ForAsync(0, 96, async (period, ct) =>
            {
                await engine.SubmitAsync(Command.Limit(period, 1, 1, Side.Sell, 1_000, 500, 0), ct);
                await engine.SubmitAsync(Command.Limit(period, 2, 2, Side.Buy, 1_100, 500, 0), ct);
            });
        }

        Assert.Equal(96, events.Count(e => e.Kind == MatchingEventKind.Trade));
    }
}
