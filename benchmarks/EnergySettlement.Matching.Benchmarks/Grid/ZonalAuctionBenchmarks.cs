using BenchmarkDotNet.Attributes;
using EnergySettlement.Matching.Auctions;
using EnergySettlement.Matching.Benchmarks.Throughput;
using EnergySettlement.Matching.Benchmarks.Workloads;
using EnergySettlement.Matching.Reference;

namespace EnergySettlement.Matching.Benchmarks.Grid;

/// <summary>
/// The zonal call auction: 100,000 orders in the 16 zones of <see cref="GridWorkloads.SixteenZones"/> (fees between
/// every pair, limits between substations), cleared by the uniform-price rule on the network, and the whole book-level
/// uncross of a zoned call-auction book holding the same orders; the baseline is the single-zone rule on the same
/// orders with the zones ignored (one merged market), in the same run.
/// </summary>
/// <remarks>
/// Each zone's prices are shifted by its own offset (−150 to +150 ticks over a 1,500-tick band per side, the sides
/// overlapping by 1,000), so energy flows from cheap zones to dear ones and the limits between substations bind.
/// Run: dotnet run -c Release --project benchmarks/EnergySettlement.Matching.Benchmarks -- --filter '*ZonalAuction*' --job short
/// </remarks>
[MemoryDiagnoser]
public class ZonalAuctionBenchmarks
{
    /// <summary>The limit of each direction between substations, in Wh per period.</summary>
    public const long SubstationLimitWh = 400_000;

    private readonly ClearingResult _result = new();
    private Command[] _orders = [];
    private AuctionOrder[] _auctionOrders = [];
    private ZoneNetwork _network = null!;
    private OrderBook _book = null!;

    [Params(100_000)]
    public int Orders { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _network = GridWorkloads.SixteenZones(SubstationLimitWh);
        (_orders, _auctionOrders) = Generate(Orders, seed: 16);
        _book = new OrderBook(new OrderBookOptions
        {
            MinTick = 0,
            MaxTick = 20_000,
            Capacity = Orders,
            Mode = BookMode.CallAuction,
            ZoneNetwork = _network,
        });

        // Warm the reusable buffers so the measurement is the steady state.
        UniformPriceClearingRule.Instance.Clear(_auctionOrders, _network, _result);
        UniformPriceClearingRule.Instance.Clear(_auctionOrders, _result);
        Fill();
        CallAuctionBookRuns.Uncross(_book);
    }

    /// <summary>The orders as commands (for the book) and as auction orders in arrival order (for the rule alone).</summary>
    public static (Command[] Commands, AuctionOrder[] AuctionOrders) Generate(int count, int seed)
    {
        var random = new Random(seed);
        var offsets = new long[GridWorkloads.Zones];
        for (int zone = 0; zone < offsets.Length; zone++)
        {
            offsets[zone] = random.Next(-150, 151);
        }

        var commands = new Command[count];
        var auctionOrders = new AuctionOrder[count];
        for (int i = 0; i < count; i++)
        {
            bool buy = random.Next(2) == 0;
            int participant = random.Next(50_000);
            int zone = participant % GridWorkloads.Zones;
            long price = 9_000 + random.Next(1_500) + (buy ? 500 : 0) + offsets[zone];
            long quantity = 1 + random.Next(10_000);
            Side side = buy ? Side.Buy : Side.Sell;
            commands[i] = Command.Limit(0, i + 1, participant, side, price, quantity, 0, OrderAttributes.InZone(zone));
            auctionOrders[i] = new AuctionOrder(i + 1, participant, side, price, quantity, i, zone);
        }

        return (commands, auctionOrders);
    }

    [IterationSetup(Target = nameof(BookUncross))]
    public void Fill() => CallAuctionBookRuns.Refill(_book, _orders);

    [Benchmark(Baseline = true, Description = "single-zone rule, zones ignored")]
    public int SingleZoneRule()
    {
        UniformPriceClearingRule.Instance.Clear(_auctionOrders, _result);
        return _result.Count;
    }

    [Benchmark(Description = "zonal rule, 16 zones")]
    public int ZonalRule()
    {
        UniformPriceClearingRule.Instance.Clear(_auctionOrders, _network, _result);
        return _result.Count;
    }

    [Benchmark(Description = "zoned book uncross (gather, clear, validate, apply)")]
    public long BookUncross() => CallAuctionBookRuns.Uncross(_book);
}
