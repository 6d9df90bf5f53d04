using BenchmarkDotNet.Attributes;
using EnergySettlement.Matching.Auctions;
using EnergySettlement.Matching.Reference.Auctions;

namespace EnergySettlement.Matching.Benchmarks.Auctions;

/// <summary>
/// Call-auction clearing of one book: the bucketed linear-time rules against a sort-and-sweep baseline, 10k to 1M orders.
/// </summary>
/// <remarks>
/// Orders: half buys, half sells, limit prices uniform over a 2,000-tick band with the two sides overlapping by half,
/// quantities 1..10,000 Wh, fixed seed. The baseline only finds the price and volume (sort + one sweep) and allocates
/// nothing, so it does strictly less work than the rules, which also write every fill.
/// Run: dotnet run -c Release --project benchmarks/EnergySettlement.Matching.Benchmarks -- --filter '*CallAuctionClearing*'
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class CallAuctionClearingBenchmarks
{
    private readonly ClearingResult result = new();
    private readonly SortAndSweepCallAuction baseline = new();
    private AuctionOrder[] orders = [];

    [Params(10_000, 100_000, 1_000_000)]
    public int Orders { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20_180_222);
        orders = new AuctionOrder[Orders];
        for (var i = 0; i < orders.Length; i++)
        {
            var buy = (i & 1) == 0;
            var price = 10_000 + random.Next(0, 1_500) + (buy ? 500 : 0);
            orders[i] = new AuctionOrder(i, i % 50_000, buy ? Side.Buy : Side.Sell, price, random.Next(1, 10_001), i);
        }

        // Warm the reusable buffers so the measurement is the steady state.
        UniformPriceClearingRule.Instance.Clear(orders, result);
        baseline.TryClear(orders, out _, out _);
    }

    [Benchmark(Baseline = true, Description = "sort-and-sweep (price only)")]
    public long SortAndSweep()
    {
        baseline.TryClear(orders, out var price, out _);
        return price;
    }

    [Benchmark(Description = "uniform price (bucketed, with fills)")]
    public int UniformPrice()
    {
        UniformPriceClearingRule.Instance.Clear(orders, result);
        return result.Count;
    }

    [Benchmark(Description = "pay-as-bid (bucketed, with fills)")]
    public int PayAsBid()
    {
        PayAsBidClearingRule.Instance.Clear(orders, result);
        return result.Count;
    }
}
