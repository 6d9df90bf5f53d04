using BenchmarkDotNet.Attributes;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Coins;
using EnergySettlement.Dash.Fees;

namespace EnergySettlement.Crypto.Benchmarks.Dash;

/// <summary>Deterministic coin selection over a wallet of many coins, against the plain baseline of sorting their values.</summary>
[MemoryDiagnoser]
public class CoinSelectionBenchmarks
{
    private UnspentOutput[] _coins = null!;
    private long[] _values = null!;
    private long[] _scratch = null!;

    /// <summary>The number of coins the payer holds.</summary>
    [Params(1_000, 10_000)]
    public int Coins { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _coins = DashBenchmarkData.Coins(Coins, seed: 7);
        _values = _coins.Select(c => c.Value).ToArray();
        _scratch = new long[Coins];
    }

    /// <summary>The plain baseline: copy and sort the coin values (what any deterministic selection must at least do).</summary>
    [Benchmark(Baseline = true)]
    public long SortValuesOnly()
    {
        _values.CopyTo(_scratch, 0);
        Array.Sort(_scratch);
        return _scratch[^1];
    }

    /// <summary>A batch of 10 payouts that one coin covers: the smallest sufficient coin.</summary>
    [Benchmark]
    public int OneCoin() => CoinSelector.TrySelect(_coins, Request(1_000_000, payouts: 10), out _)!.Coins.Count;

    /// <summary>A batch of 100 payouts that needs several coins: the fewest, then the least excess within the search budget.</summary>
    [Benchmark]
    public int SeveralCoins() => CoinSelector.TrySelect(_coins, Request(150_000_000, payouts: 100), out _)!.Coins.Count;

    private static CoinSelectionRequest Request(long target, int payouts) => new()
    {
        Target = target,
        OutputCount = payouts + 1,
        OutputsSize = (payouts * 34) + 33,
        InputSize = 149,
        ChangeOutputSize = 34,
        ChangeDustThreshold = 546,
        FeeRate = new FeeRate(1000),
    };
}
