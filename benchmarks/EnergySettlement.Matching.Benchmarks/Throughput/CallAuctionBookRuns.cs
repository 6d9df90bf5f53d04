using EnergySettlement.Matching.Reference;

namespace EnergySettlement.Matching.Benchmarks.Throughput;

/// <summary>The two steps the call-auction uncross benchmarks share: refill a book from a command list, and uncross it.</summary>
internal static class CallAuctionBookRuns
{
    /// <summary>Empties <paramref name="book"/> and processes <paramref name="commands"/> on it.</summary>
    public static void Refill(OrderBook book, Command[] commands)
    {
        book.Reset();
        var sink = new CountingSink();
        foreach (Command command in commands)
        {
            book.Process(in command, ref sink);
        }
    }

    /// <summary>Uncrosses book 0 and returns the traded quantity.</summary>
    public static long Uncross(OrderBook book)
    {
        var sink = new CountingSink();
        Command uncross = Command.Uncross(0, 1);
        book.Process(in uncross, ref sink);
        return sink.TradedQuantity;
    }
}
