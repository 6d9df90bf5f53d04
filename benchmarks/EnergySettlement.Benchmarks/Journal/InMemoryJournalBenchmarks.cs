using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using EnergySettlement.Settlement;

namespace EnergySettlement.Benchmarks.Journal;

/// <summary>
/// Journal apply in memory: a plan with <see cref="Records"/> obligations appended to a fresh
/// <see cref="InMemorySettlementJournal"/> (idempotency checks, the id index, the per-period and per-participant
/// indexes), in obligations per second. The obligations' content ids are worked out when the plan is built, as the
/// planner does, so the figure is the journal's own work. Baseline: the least an in-memory journal does, adding each
/// obligation to a dictionary by id.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 1)]
public class InMemoryJournalBenchmarks
{
    private const int Records = 100_000;

    private DeliveryPeriod _period = JournalRecords.FirstPeriod;
    private RecordedPlan _plan = null!;
    private InMemorySettlementJournal _journal = null!;

    [IterationSetup]
    public void PrepareRecords()
    {
        _period = _period.Next;
        _plan = JournalRecords.Plan(_period, Records);
        foreach (var obligation in _plan.Plan.Obligations)
        {
            _ = obligation.Id;
        }

        _journal = new InMemorySettlementJournal();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records, Description = "bare Dictionary<ObligationId, Obligation>.Add")]
    public int BareDictionary()
    {
        var index = new Dictionary<ObligationId, Obligation>();
        foreach (var obligation in _plan.Plan.Obligations)
        {
            index.Add(obligation.Id, obligation);
        }

        return index.Count;
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "in-memory journal: plan with obligations")]
    public Task<JournalWriteOutcome> AppendPlan() => _journal.AppendPlanAsync(_plan);
}
