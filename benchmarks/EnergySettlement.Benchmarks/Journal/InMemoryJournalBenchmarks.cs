using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using EnergySettlement.Settlement;

namespace EnergySettlement.Benchmarks.Journal;

/// <summary>
/// Journal apply in memory: a plan with <see cref="Records"/> obligations appended to a fresh
/// <see cref="InMemorySettlementJournal"/> (idempotency checks, the id index, the per-period and per-participant
/// indexes), in obligations per second. The obligations' content ids are worked out when the plan is built, as the
/// planner does, so the figure is the journal's own work. Baseline: adding each obligation to a dictionary by id (the
/// baseline of earlier runs, kept so ratios compare); also shown, the floor of an idempotent journal: each id added to a
/// hash set sized beforehand. The last row appends the same plan again (another instance, equal content): the
/// "already exists" answer, which compares the plans' canonical encodings (<see cref="RecordedPlan.Equals(RecordedPlan?)"/>).
/// Run: <c>dotnet run -c Release --project benchmarks/EnergySettlement.Benchmarks -- --filter '*InMemoryJournal*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 1)]
public class InMemoryJournalBenchmarks
{
    private const int Records = 100_000;

    private DeliveryPeriod _period = JournalRecords.FirstPeriod;
    private RecordedPlan _plan = null!;
    private InMemorySettlementJournal _journal = null!;

    [IterationSetup(Targets = [nameof(BareDictionary), nameof(PresizedIdSet), nameof(AppendPlan)])]
    public void PrepareRecords()
    {
        _period = _period.Next;
        _plan = WithIds(JournalRecords.Plan(_period, Records));
        _journal = new InMemorySettlementJournal();
    }

    [IterationSetup(Target = nameof(AppendSamePlanAgain))]
    public void PrepareRecordedPlan()
    {
        PrepareRecords();
        _journal.AppendPlanAsync(WithIds(JournalRecords.Plan(_period, Records))).GetAwaiter().GetResult();
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

    [Benchmark(OperationsPerInvoke = Records, Description = "floor: presized HashSet<ObligationId>.Add")]
    public int PresizedIdSet()
    {
        var ids = new HashSet<ObligationId>(Records);
        foreach (var obligation in _plan.Plan.Obligations)
        {
            ids.Add(obligation.Id);
        }

        return ids.Count;
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "in-memory journal: plan with obligations")]
    public Task<JournalWriteOutcome> AppendPlan() => _journal.AppendPlanAsync(_plan);

    [Benchmark(OperationsPerInvoke = Records, Description = "in-memory journal: same plan again (already exists)")]
    public Task<JournalWriteOutcome> AppendSamePlanAgain() => _journal.AppendPlanAsync(_plan);

    private static RecordedPlan WithIds(RecordedPlan plan)
    {
        foreach (var obligation in plan.Plan.Obligations)
        {
            _ = obligation.Id;
        }

        return plan;
    }
}
