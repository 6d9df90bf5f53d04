using System.Collections.Concurrent;
using CsCheck;
using EnergySettlement.Matching.Reference;
using EnergySettlement.Matching.Tests.Books;

namespace EnergySettlement.Matching.Tests.Threading;

public class ThreadedMatchingEngineTests
{
    private readonly struct QueueSink(ConcurrentQueue<MatchingEvent> events) : IMatchingEventSink
    {
        public void OnEvent(in MatchingEvent matchingEvent) => events.Enqueue(matchingEvent);
    }

    private readonly struct BlockingSink(ManualResetEventSlim gate, ConcurrentQueue<MatchingEvent> events) : IMatchingEventSink
    {
        public void OnEvent(in MatchingEvent matchingEvent)
        {
            gate.Wait();
            events.Enqueue(matchingEvent);
        }
    }

    private readonly struct ThrowingSink : IMatchingEventSink
    {
        public void OnEvent(in MatchingEvent matchingEvent) => throw new InvalidOperationException("sink failure");
    }

    private static Command ForBook(Command c, int bookId)
        => new(c.Kind, bookId, c.OrderId, c.Participant, c.Side, c.OrderType, c.PriceTick, c.Quantity, c.Timestamp, c.Attributes);

    [Fact]
    public async Task SubmitAsync_ManyProducersManyBooks_PerBookEventsEqualSingleThreaded()
    {
        const int producers = 4;
        const int booksPerProducer = 4;
        var streams = new Dictionary<int, Command[]>();
        var options = new Dictionary<int, OrderBookOptions>();
        var random = new Random(1234);
        foreach (int bookId in Enumerable.Range(1, producers * booksPerProducer))
        {
            OrderBookOptions o = CommandStreams.Options.Generate(new PCG(1, (ulong)random.Next()), null, out _);
            o.BookId = bookId;
            options[bookId] = o;
            streams[bookId] = CommandStreams.Stream.Generate(new PCG(2, (ulong)random.Next()), null, out _).Select(c => ForBook(c, bookId)).ToArray();
        }

        var events = new ConcurrentQueue<MatchingEvent>();
        await using (var engine = new ThreadedMatchingEngine<QueueSink>(new ThreadedMatchingEngineOptions { WorkerCount = 3, QueueCapacity = 16 }, _ => new QueueSink(events)))
        {
            var tasks = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
            {
                int[] mine = Enumerable.Range(1 + (p * booksPerProducer), booksPerProducer).ToArray();
                foreach (int bookId in mine)
                {
                    await engine.AddBookAsync(options[bookId]);
                }

                var positions = new int[mine.Length];
                var order = new Random(p);
                while (positions.Where((pos, i) => pos < streams[mine[i]].Length).Any())
                {
                    int i = order.Next(mine.Length);
                    if (positions[i] < streams[mine[i]].Length)
                    {
                        await engine.SubmitAsync(streams[mine[i]][positions[i]++]);
                    }
                }
            })).ToArray();
            await Task.WhenAll(tasks);
        }

        foreach (var (bookId, commands) in streams)
        {
            var expected = new List<MatchingEvent>();
            var sink = new ListSink(expected);
            var book = new OrderBook(options[bookId]);
            foreach (Command command in commands)
            {
                book.Process(in command, ref sink);
            }

            Assert.Equal(expected, events.Where(e => e.BookId == bookId));
        }
    }

    [Fact]
    public async Task TrySubmit_QueueFull_ReturnsFalseUntilWorkerDrains()
    {
        using var gate = new ManualResetEventSlim(false);
        var events = new ConcurrentQueue<MatchingEvent>();
        var engine = new ThreadedMatchingEngine<BlockingSink>(new ThreadedMatchingEngineOptions { WorkerCount = 1, QueueCapacity = 2 }, _ => new BlockingSink(gate, events));
        await engine.AddBookAsync(new OrderBookOptions { BookId = 0, MaxTick = 100 });
        int accepted = 0;
        for (int i = 0; i < 10; i++)
        {
            Command command = Command.Limit(0, i, 1, Side.Buy, 10, 1, 0);
            if (engine.TrySubmit(in command))
            {
                accepted++;
            }
        }

        Assert.InRange(accepted, 1, 3);
        gate.Set();
        await engine.DisposeAsync();
        Assert.Equal(accepted, events.Count);
    }

    [Fact]
    public async Task SubmitAsync_AfterDispose_ThrowsInvalidOperation()
    {
        var engine = new ThreadedMatchingEngine<QueueSink>(new ThreadedMatchingEngineOptions(), _ => new QueueSink(new ConcurrentQueue<MatchingEvent>()));
        await engine.DisposeAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await engine.SubmitAsync(Command.Cancel(0, 1, 0)));
        Assert.False(engine.TrySubmit(Command.Cancel(0, 1, 0)));
    }

    [Fact]
    public async Task StopAsync_SinkThrows_SurfacesException()
    {
        var engine = new ThreadedMatchingEngine<ThrowingSink>(new ThreadedMatchingEngineOptions(), _ => default);
        await engine.AddBookAsync(new OrderBookOptions { BookId = 0 });
        await engine.SubmitAsync(Command.Cancel(0, 1, 0));
        await Assert.ThrowsAsync<InvalidOperationException>(() => engine.StopAsync());
    }

    [Fact]
    public async Task CloseDueBooksAsync_BooksOnSeveralWorkers_ExpiresDueBooks()
    {
        var events = new ConcurrentQueue<MatchingEvent>();
        await using (var engine = new ThreadedMatchingEngine<QueueSink>(new ThreadedMatchingEngineOptions { WorkerCount = 2 }, _ => new QueueSink(events)))
        {
            for (int id = 0; id < 4; id++)
            {
                await engine.AddBookAsync(new OrderBookOptions { BookId = id, MaxTick = 100, GateClosure = id < 2 ? 50 : 500 });
                await engine.SubmitAsync(Command.Limit(id, 1, 1, Side.Sell, 20, 3, 0));
            }

            await engine.CloseDueBooksAsync(100);
        }

        Assert.Equal([0, 1], events.Where(e => e.Kind == MatchingEventKind.Expired).Select(e => e.BookId).Order());
    }

    [Fact]
    public async Task AddBookAsync_DuplicateId_ThrowsArgumentException()
    {
        await using var engine = new ThreadedMatchingEngine<QueueSink>(new ThreadedMatchingEngineOptions(), _ => new QueueSink(new ConcurrentQueue<MatchingEvent>()));
        await engine.AddBookAsync(new OrderBookOptions { BookId = 5 });
        await Assert.ThrowsAsync<ArgumentException>(async () => await engine.AddBookAsync(new OrderBookOptions { BookId = 5 }));
    }

    [Fact]
    public async Task RemoveBookAsync_AddedBook_LaterCommandsAreUnknownBook()
    {
        var events = new ConcurrentQueue<MatchingEvent>();
        await using (var engine = new ThreadedMatchingEngine<QueueSink>(new ThreadedMatchingEngineOptions { WorkerCount = 2 }, _ => new QueueSink(events)))
        {
            await engine.AddBookAsync(new OrderBookOptions { BookId = 3, MaxTick = 100 });
            await engine.SubmitAsync(Command.Limit(3, 1, 1, Side.Sell, 20, 3, 0));
            Assert.True(await engine.RemoveBookAsync(3));
            await engine.SubmitAsync(Command.Limit(3, 2, 1, Side.Sell, 20, 3, 0));
        }

        Assert.Equal([MatchingEventKind.Accepted, MatchingEventKind.Rejected], events.Select(e => e.Kind));
        Assert.Equal(RejectReason.UnknownBook, events.Last().RejectReason);
    }

    [Fact]
    public async Task RemoveBookAsync_UnknownBook_ReturnsFalse()
    {
        await using var engine = new ThreadedMatchingEngine<QueueSink>(new ThreadedMatchingEngineOptions(), _ => new QueueSink(new ConcurrentQueue<MatchingEvent>()));
        Assert.False(await engine.RemoveBookAsync(7));
    }

    [Fact]
    public async Task RemoveBookAsync_ThenAddSameId_NewBookIsEmpty()
    {
        var events = new ConcurrentQueue<MatchingEvent>();
        await using (var engine = new ThreadedMatchingEngine<QueueSink>(new ThreadedMatchingEngineOptions(), _ => new QueueSink(events)))
        {
            await engine.AddBookAsync(new OrderBookOptions { BookId = 4, MaxTick = 100 });
            await engine.SubmitAsync(Command.Limit(4, 1, 1, Side.Sell, 20, 3, 0));
            await engine.RemoveBookAsync(4);
            await engine.AddBookAsync(new OrderBookOptions { BookId = 4, MaxTick = 100 });
            await engine.SubmitAsync(Command.Limit(4, 2, 2, Side.Buy, 20, 3, 0));
        }

        Assert.DoesNotContain(events, e => e.Kind == MatchingEventKind.Trade);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new ThreadedMatchingEngine<QueueSink>(new ThreadedMatchingEngineOptions { WorkerCount = 0 }, _ => default));
    }
}
