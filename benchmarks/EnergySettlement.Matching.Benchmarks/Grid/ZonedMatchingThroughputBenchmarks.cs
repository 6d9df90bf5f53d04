using BenchmarkDotNet.Attributes;
using EnergySettlement.Matching.Benchmarks.Workloads;
using EnergySettlement.Matching.Reference;

namespace EnergySettlement.Matching.Benchmarks.Grid;

/// <summary>
/// Continuous matching on a grid: the exchange-core shaped workload with every order in its participant's zone of the
/// 16-zone network (<see cref="GridWorkloads.SixteenZones"/>: fees between every pair, limits between substations), the
/// engine against the reference engine (baseline) on the same stream, and the engine on the single-zone stream of the
/// same seed in the same run, so the cost of zones is a ratio. One operation is one command.
/// </summary>
/// <remarks>Run: dotnet run -c Release --project benchmarks/EnergySettlement.Matching.Benchmarks -- --filter '*ZonedMatchingThroughput*' --job short</remarks>
[MemoryDiagnoser]
public class ZonedMatchingThroughputBenchmarks
{
    /// <summary>The limit of each direction between substations: the busiest pairs fill it within the stream.</summary>
    public const long SubstationLimitWh = 5_000;

    private const int CommandCount = 1_000_000;
    private ExchangeWorkload _zoned = null!;
    private ExchangeWorkload _single = null!;
    private OrderBook _book = null!;
    private OrderBook _singleBook = null!;
    private ReferenceOrderBook _reference = null!;
    private ZoneNetwork _network = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _network = GridWorkloads.SixteenZones(SubstationLimitWh);
        _zoned = ExchangeWorkload.Generate(CommandCount, seed: 42, _network);
        _single = ExchangeWorkload.Generate(CommandCount, seed: 42);
        _book = new OrderBook(ExchangeWorkload.BookOptions(_network));
        _singleBook = new OrderBook(ExchangeWorkload.BookOptions());
    }

    [IterationSetup(Target = nameof(Engine))]
    public void ResetEngine() => Prefill(_book, _zoned);

    [IterationSetup(Target = nameof(EngineSingleZone))]
    public void ResetSingleZoneEngine() => Prefill(_singleBook, _single);

    [IterationSetup(Target = nameof(Reference))]
    public void ResetReference()
    {
        _reference = new ReferenceOrderBook(ExchangeWorkload.BookOptions(_network));
        var sink = new CountingSink();
        foreach (Command command in _zoned.Prefill)
        {
            _reference.Process(in command, ref sink);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CommandCount, Description = "reference, 16 zones")]
    public long Reference()
    {
        var sink = new CountingSink();
        Command[] commands = _zoned.Commands;
        for (int i = 0; i < commands.Length; i++)
        {
            _reference.Process(in commands[i], ref sink);
        }

        return sink.TradedQuantity;
    }

    [Benchmark(OperationsPerInvoke = CommandCount, Description = "engine, 16 zones")]
    public long Engine() => Run(_book, _zoned);

    [Benchmark(OperationsPerInvoke = CommandCount, Description = "engine, one zone")]
    public long EngineSingleZone() => Run(_singleBook, _single);

    private static void Prefill(OrderBook book, ExchangeWorkload workload)
    {
        book.Reset();
        var sink = new CountingSink();
        foreach (Command command in workload.Prefill)
        {
            book.Process(in command, ref sink);
        }
    }

    private static long Run(OrderBook book, ExchangeWorkload workload)
    {
        var sink = new CountingSink();
        Command[] commands = workload.Commands;
        for (int i = 0; i < commands.Length; i++)
        {
            book.Process(in commands[i], ref sink);
        }

        return sink.TradedQuantity;
    }
}
