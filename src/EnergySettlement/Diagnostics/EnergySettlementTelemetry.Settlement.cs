using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using EnergySettlement.Chains;
using EnergySettlement.Settlement;

namespace EnergySettlement.Diagnostics;

/// <summary>The settlement service's instruments: batches by state, transitions, amounts settled, time to finality,
/// retries, accelerations and re-plans. Every instrument is tagged with <c>chain.id</c>.</summary>
internal static partial class EnergySettlementTelemetry
{
    /// <summary>Batch transitions written to the journal, tagged <c>chain.id</c>, <c>kind</c> and <c>state</c> (the state after).</summary>
    public static readonly Counter<long> BatchTransitions = Meter.CreateCounter<long>(
        "energy_settlement.batch.transitions", "{transition}", "Batch transitions written to the settlement journal.");

    /// <summary>Money paid by batches that became final, in the asset's display units, tagged <c>chain.id</c> and <c>asset</c>.</summary>
    public static readonly Counter<double> AmountSettled = Meter.CreateCounter<double>(
        "energy_settlement.settled.amount", "{asset}", "Money paid by batches that became final, in display units of the asset (tag asset).");

    /// <summary>Seconds from a batch's first submission to its finality, tagged <c>chain.id</c>.</summary>
    public static readonly Histogram<double> TimeToFinality = Meter.CreateHistogram<double>(
        "energy_settlement.batch.finality.duration", "s", "Time from a batch's first submission to finality.");

    /// <summary>Chain calls retried by the resilience pipeline, tagged <c>chain.id</c> and <c>operation</c>.</summary>
    public static readonly Counter<long> ChainRetries = Meter.CreateCounter<long>(
        "energy_settlement.chain.retries", "{retry}", "Chain calls the settlement service retried after a transient failure.");

    /// <summary>Chain calls that failed after every retry, or were refused by an open circuit, tagged <c>chain.id</c> and <c>operation</c>.</summary>
    public static readonly Counter<long> ChainUnavailable = Meter.CreateCounter<long>(
        "energy_settlement.chain.unavailable", "{call}", "Chain calls that failed after every retry or were refused by an open circuit: batches wait in the journal.");

    /// <summary>Accelerating transactions signed for stuck ones, tagged <c>chain.id</c> and <c>kind</c>.</summary>
    public static readonly Counter<long> Accelerations = Meter.CreateCounter<long>(
        "energy_settlement.batch.accelerations", "{transaction}", "Accelerating transactions (replacements or children) signed for stuck ones.");

    /// <summary>Batches re-planned after their transactions died, tagged <c>chain.id</c>.</summary>
    public static readonly Counter<long> Replans = Meter.CreateCounter<long>(
        "energy_settlement.batch.replans", "{batch}", "Batches re-planned after their transactions were provably dead.");

    /// <summary>Receipts reversed because a final transaction left the chain, tagged <c>chain.id</c>.</summary>
    public static readonly Counter<long> Reversals = Meter.CreateCounter<long>(
        "energy_settlement.batch.reversals", "{batch}", "Final batches whose transaction left the chain (a reorganisation deeper than the finality rule).");

    private static readonly ConditionalWeakTable<object, BatchStateCounts> BatchCountSources = [];

    /// <summary>Open batches by state as of each service's last pass, tagged <c>chain.id</c> and <c>state</c>.</summary>
    private static readonly ObservableGauge<long> OpenBatches = Meter.CreateObservableGauge(
        "energy_settlement.batches", ObserveOpenBatches, "{batch}", "Batches not yet final (and final ones still watched), by state, as of the last settlement pass.");

    /// <summary>Registers the counts a settlement service publishes; they are reported while the service is alive.</summary>
    public static BatchStateCounts RegisterBatchCounts(object owner)
    {
        _ = OpenBatches;
        return BatchCountSources.GetValue(owner, static _ => new BatchStateCounts());
    }

    private static IEnumerable<Measurement<long>> ObserveOpenBatches()
    {
        var sums = new Dictionary<(ChainId Chain, BatchState State), long>();
        foreach (var (_, counts) in BatchCountSources)
        {
            foreach (var (key, value) in counts.Snapshot())
            {
                sums[key] = sums.GetValueOrDefault(key) + value;
            }
        }

        foreach (var ((chain, state), value) in sums)
        {
            yield return new Measurement<long>(value, new KeyValuePair<string, object?>("chain.id", chain.ToString()), new KeyValuePair<string, object?>("state", state.ToString()));
        }
    }

    /// <summary>One service's open batches by chain and state, replaced after each pass. Thread-safe.</summary>
    internal sealed class BatchStateCounts
    {
        private IReadOnlyDictionary<(ChainId, BatchState), long> _counts = new Dictionary<(ChainId, BatchState), long>();

        public void Publish(IReadOnlyDictionary<(ChainId, BatchState), long> counts) => Volatile.Write(ref _counts, counts);

        public IReadOnlyDictionary<(ChainId, BatchState), long> Snapshot() => Volatile.Read(ref _counts);
    }
}
