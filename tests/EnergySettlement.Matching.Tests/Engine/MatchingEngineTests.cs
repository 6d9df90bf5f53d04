using EnergySettlement.Matching.Reference;

namespace EnergySettlement.Matching.Tests.Engine;

public class MatchingEngineTests
{
    private static List<MatchingEvent> Run(MatchingEngine engine, Command command)
    {
        var events = new List<MatchingEvent>();
        var sink = new ListSink(events);
        engine.Process(in command, ref sink);
        return events;
    }

    [Fact]
    public void Process_CommandsForTwoBooks_AreRoutedIndependently()
    {
        var engine = new MatchingEngine();
        engine.AddBook(new OrderBookOptions { BookId = 1, MaxTick = 100 });
        engine.AddBook(new OrderBookOptions { BookId = 2, MaxTick = 100 });
        Run(engine, Command.Limit(1, 10, 1, Side.Sell, 50, 5, 0));
        var events = Run(engine, Command.Limit(2, 11, 2, Side.Buy, 60, 5, 0));
        Assert.Single(events);
        Assert.True(engine.TryGetBook(2, out OrderBook? book2));
        Assert.Equal(60, book2.BestBid);
        Assert.True(engine.TryGetBook(1, out OrderBook? book1));
        Assert.Equal(50, book1.BestAsk);
    }

    [Fact]
    public void Process_UnknownBook_IsRejected()
    {
        var engine = new MatchingEngine();
        var e = Assert.Single(Run(engine, Command.Limit(9, 1, 1, Side.Buy, 5, 5, 0)));
        Assert.Equal((MatchingEventKind.Rejected, RejectReason.UnknownBook, 9), (e.Kind, e.RejectReason, e.BookId));
    }

    [Fact]
    public void AddBook_DuplicateId_ThrowsArgumentException()
    {
        var engine = new MatchingEngine();
        engine.AddBook(new OrderBookOptions { BookId = 1 });
        Assert.Throws<ArgumentException>(() => engine.AddBook(new OrderBookOptions { BookId = 1 }));
    }

    [Fact]
    public void CloseDueBooks_SomeBooksPastGateClosure_ExpiresThoseInBookIdOrder()
    {
        var engine = new MatchingEngine();
        engine.AddBook(new OrderBookOptions { BookId = 3, MaxTick = 100, GateClosure = 1_000 });
        engine.AddBook(new OrderBookOptions { BookId = 1, MaxTick = 100, GateClosure = 900 });
        engine.AddBook(new OrderBookOptions { BookId = 2, MaxTick = 100, GateClosure = 2_000 });
        foreach (int id in new[] { 1, 2, 3 })
        {
            Run(engine, Command.Limit(id, 100 + id, 1, Side.Buy, 40, 5, 0));
        }

        var events = new List<MatchingEvent>();
        var sink = new ListSink(events);
        Assert.Equal(2, engine.CloseDueBooks(1_000, ref sink));
        Assert.Equal([1, 3], events.Select(e => e.BookId));
        Assert.All(events, e => Assert.Equal(MatchingEventKind.Expired, e.Kind));
        Assert.Equal(RejectReason.BookClosed, Run(engine, Command.Limit(1, 7, 1, Side.Buy, 40, 5, 1_001))[0].RejectReason);
        Assert.Equal(0, engine.CloseDueBooks(1_500, ref sink));
    }

    [Fact]
    public void RemoveBook_ThenCommand_IsRejectedAsUnknown()
    {
        var engine = new MatchingEngine();
        engine.AddBook(new OrderBookOptions { BookId = 4 });
        Assert.True(engine.RemoveBook(4));
        Assert.Equal(RejectReason.UnknownBook, Run(engine, Command.Cancel(4, 1, 0))[0].RejectReason);
        Assert.Equal(0, engine.BookCount);
    }
}
