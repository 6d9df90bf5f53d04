using EnergySettlement.Matching.Reference;

namespace EnergySettlement.Matching.Tests.Books;

/// <summary>Drives a book and keeps its events, so tests read as command → expected events.</summary>
internal sealed class BookHarness
{
    public BookHarness(OrderBookOptions? options = null)
    {
        Book = new OrderBook(options ?? new OrderBookOptions { MinTick = 1, MaxTick = 200, Capacity = 64 });
    }

    public OrderBook Book { get; }

    public long Time { get; set; }

    public List<MatchingEvent> Run(Command command)
    {
        var events = new List<MatchingEvent>();
        var sink = new ListSink(events);
        Book.Process(in command, ref sink);
        return events;
    }

    public List<MatchingEvent> Buy(long id, long price, long quantity, int participant = 1, OrderType type = OrderType.Limit)
        => Run(Command.Place(Book.BookId, id, participant, Side.Buy, type, price, quantity, Time));

    public List<MatchingEvent> Sell(long id, long price, long quantity, int participant = 2, OrderType type = OrderType.Limit)
        => Run(Command.Place(Book.BookId, id, participant, Side.Sell, type, price, quantity, Time));

    public List<RestingOrder> Orders(Side side)
    {
        var list = new List<RestingOrder>();
        Book.CopyOrders(side, list);
        return list;
    }

    public static List<MatchingEvent> Trades(List<MatchingEvent> events) => events.FindAll(e => e.Kind == MatchingEventKind.Trade);
}
