using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Keys;
using EnergySettlement.Dash.Transactions;

namespace EnergySettlement.Crypto.Benchmarks.Dash;

/// <summary>
/// Paying N payees in one batch transaction (one input, N payouts, the OP_RETURN batch reference, change) against one
/// transaction per payout (the reference demonstration's way: one input, one payout, reference, change — each). The
/// "Bytes/payout" column is the signed size divided by N, which at Dash's relay floor (1,000 duffs per kB) is also the
/// fee per payout in duffs; the time columns compare building and signing.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class BatchVersusSingleBenchmarks : IDisposable
{
    private WifKeySigner _signer = null!;
    private UtxoAddress[] _payees = null!;

    /// <summary>The number of payees.</summary>
    [Params(10, 100)]
    public int Payouts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _signer = new WifKeySigner(DashBenchmarkData.Key(5));
        _payees = Enumerable.Range(0, Payouts).Select(DashBenchmarkData.Payee).ToArray();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _signer?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>One transaction per payout: N signed transactions.</summary>
    [Benchmark(Baseline = true)]
    public int OneTransactionPerPayout() => SignedBytes(_signer, _payees, batched: false);

    /// <summary>One batch transaction for every payout.</summary>
    [Benchmark]
    public int OneBatchTransaction() => SignedBytes(_signer, _payees, batched: true);

    /// <summary>The signed bytes of paying <paramref name="payees"/>, batched or one transaction each.</summary>
    internal static int SignedBytes(WifKeySigner signer, UtxoAddress[] payees, bool batched)
    {
        var change = signer.GetAddress(DashBenchmarkData.Network);
        var memo = TransactionOutput.NullData("2026-06-21T11:00-home-a"u8);
        int bytes = 0;
        int transactions = batched ? 1 : payees.Length;
        for (int t = 0; t < transactions; t++)
        {
            var outputs = new List<TransactionOutput>();
            foreach (var payee in batched ? payees : [payees[t]])
            {
                outputs.Add(TransactionOutput.Pay(payee, 250_000));
            }

            outputs.Add(memo);
            outputs.Add(TransactionOutput.Pay(change, 9_000_000));
            var unsigned = new UtxoTransaction(DashBenchmarkData.Inputs(1), outputs);
            bytes += TransactionSigner.SignP2pkhAsync(unsigned, signer).AsTask().GetAwaiter().GetResult().Size;
        }

        return bytes;
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new BytesPerPayoutColumn());
    }

    private sealed class BytesPerPayoutColumn : IColumn
    {
        public string Id => nameof(BytesPerPayoutColumn);

        public string ColumnName => "Bytes/payout";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Signed bytes per payout = fee per payout in duffs at Dash's relay floor of 1,000 duffs/kB";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            int payouts = (int)benchmarkCase.Parameters["Payouts"];
            bool batched = benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(OneBatchTransaction);
            using var signer = new WifKeySigner(DashBenchmarkData.Key(5));
            var payees = Enumerable.Range(0, payouts).Select(DashBenchmarkData.Payee).ToArray();
            return (SignedBytes(signer, payees, batched) / (double)payouts).ToString("0.0", CultureInfo.InvariantCulture);
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
