using BenchmarkDotNet.Attributes;
using EnergySettlement.Matching.Reference;

namespace EnergySettlement.Matching.Benchmarks.Throughput;

/// <summary>
/// The book-level uncross of <see cref="CallAuctionUncrossBenchmarks"/> after churn: the book is filled to its capacity,
/// then half of its orders are cancelled and replaced one by one by new orders (devices re-bidding), so arrival order
/// and slot order part ways wherever a freed slot is taken again.
/// </summary>
[MemoryDiagnoser]
public class ChurnedCallAuctionUncrossBenchmarks
{
    private Command[] _commands = [];
    private OrderBook _book = null!;

    [Params(100_000, 1_000_000)]
    public int Orders { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        var random = new Random(97);
        var commands = new List<Command>(2 * Orders);
        var live = new List<long>(Orders);
        long nextId = 1;
        void Add()
        {
            bool buy = random.Next(2) == 0;
            long price = 9_000 + random.Next(1_500) + (buy ? 500 : 0);
            commands.Add(Command.Limit(0, nextId, random.Next(50_000), buy ? Side.Buy : Side.Sell, price, 1 + random.Next(10_000), 0));
            live.Add(nextId++);
        }

        for (int i = 0; i < Orders; i++)
        {
            Add();
        }

        for (int i = 0; i < Orders / 2; i++)
        {
            int victim = random.Next(live.Count);
            commands.Add(Command.Cancel(0, live[victim], 0));
            live[victim] = live[^1];
            live.RemoveAt(live.Count - 1);
            Add();
        }

        _commands = [.. commands];
        _book = new OrderBook(new OrderBookOptions { MinTick = 0, MaxTick = 20_000, Capacity = Orders, Mode = BookMode.CallAuction });
        Fill();
        CallAuctionBookRuns.Uncross(_book);
    }

    [IterationSetup]
    public void Fill()
    {
        CallAuctionBookRuns.Refill(_book, _commands);
    }

    [Benchmark(Description = "book uncross after churn (half the orders cancelled and replaced)")]
    public long BookUncross()
    {
        return CallAuctionBookRuns.Uncross(_book);
    }
}
