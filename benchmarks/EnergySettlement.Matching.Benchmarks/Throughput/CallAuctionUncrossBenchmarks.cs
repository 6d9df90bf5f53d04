using BenchmarkDotNet.Attributes;
using EnergySettlement.Matching.Auctions;
using EnergySettlement.Matching.Reference;

namespace EnergySettlement.Matching.Benchmarks.Throughput;

/// <summary>
/// A whole book-level uncross of a call-auction book — gathering the resting orders, clearing them through the
/// uniform-price rule, re-validating the result, and applying every fill as a trade event — against the clearing rule
/// alone on the same orders (the baseline), so the ratio is the engine's overhead around the rule.
/// </summary>
[MemoryDiagnoser]
public class CallAuctionUncrossBenchmarks
{
    private readonly ClearingResult _result = new();
    private Command[] _orders = [];
    private AuctionOrder[] _auctionOrders = [];
    private OrderBook _book = null!;

    [Params(10_000, 100_000, 1_000_000)]
    public int Orders { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        var random = new Random(96);
        _orders = new Command[Orders];
        for (int i = 0; i < Orders; i++)
        {
            bool buy = random.Next(2) == 0;
            long price = 9_000 + random.Next(1_500) + (buy ? 500 : 0);
            _orders[i] = Command.Limit(0, i + 1, random.Next(50_000), buy ? Side.Buy : Side.Sell, price, 1 + random.Next(10_000), 0);
        }

        _book = new OrderBook(new OrderBookOptions { MinTick = 0, MaxTick = 20_000, Capacity = Orders, Mode = BookMode.CallAuction });
        Fill();
        var gathered = new List<RestingOrder>(Orders);
        _book.CopyOrders(Side.Buy, gathered);
        _book.CopyOrders(Side.Sell, gathered);
        _auctionOrders = new AuctionOrder[gathered.Count];
        for (int i = 0; i < gathered.Count; i++)
        {
            RestingOrder o = gathered[i];
            _auctionOrders[i] = new AuctionOrder(o.OrderId, o.Participant, o.Side, o.PriceTick, o.Remaining, i);
        }

        UniformPriceClearingRule.Instance.Clear(_auctionOrders, _result);
        var sink = new CountingSink();
        Command uncross = Command.Uncross(0, 1);
        _book.Process(in uncross, ref sink);
    }

    [IterationSetup(Target = nameof(BookUncross))]
    public void Fill()
    {
        CallAuctionBookRuns.Refill(_book, _orders);
    }

    [Benchmark(Baseline = true, Description = "clearing rule alone")]
    public int RuleOnly()
    {
        UniformPriceClearingRule.Instance.Clear(_auctionOrders, _result);
        return _result.Count;
    }

    [Benchmark(Description = "book uncross (gather, clear, validate, apply)")]
    public long BookUncross()
    {
        return CallAuctionBookRuns.Uncross(_book);
    }
}
