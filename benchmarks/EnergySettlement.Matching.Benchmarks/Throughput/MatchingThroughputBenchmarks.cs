using BenchmarkDotNet.Attributes;
using EnergySettlement.Matching.Benchmarks.Workloads;
using EnergySettlement.Matching.Reference;

namespace EnergySettlement.Matching.Benchmarks.Throughput;

/// <summary>
/// The exchange-core shaped mixed workload (1,000 resting orders per side, 10,000 participants) on one book, engine
/// against the plain reference engine in the same run. One operation is one command.
/// </summary>
[MemoryDiagnoser]
public class MatchingThroughputBenchmarks
{
    private const int CommandCount = 1_000_000;
    private ExchangeWorkload _workload = null!;
    private OrderBook _book = null!;
    private ReferenceOrderBook _reference = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _workload = ExchangeWorkload.Generate(CommandCount, seed: 42);
        _book = new OrderBook(ExchangeWorkload.BookOptions());
    }

    [IterationSetup(Target = nameof(Engine))]
    public void ResetEngine()
    {
        _book.Reset();
        var sink = new CountingSink();
        foreach (Command command in _workload.Prefill)
        {
            _book.Process(in command, ref sink);
        }
    }

    [IterationSetup(Target = nameof(Reference))]
    public void ResetReference()
    {
        _reference = new ReferenceOrderBook(ExchangeWorkload.BookOptions());
        var sink = new CountingSink();
        foreach (Command command in _workload.Prefill)
        {
            _reference.Process(in command, ref sink);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CommandCount)]
    public long Reference()
    {
        var sink = new CountingSink();
        Command[] commands = _workload.Commands;
        for (int i = 0; i < commands.Length; i++)
        {
            _reference.Process(in commands[i], ref sink);
        }

        return sink.TradedQuantity;
    }

    [Benchmark(OperationsPerInvoke = CommandCount)]
    public long Engine()
    {
        var sink = new CountingSink();
        Command[] commands = _workload.Commands;
        for (int i = 0; i < commands.Length; i++)
        {
            _book.Process(in commands[i], ref sink);
        }

        return sink.TradedQuantity;
    }
}
