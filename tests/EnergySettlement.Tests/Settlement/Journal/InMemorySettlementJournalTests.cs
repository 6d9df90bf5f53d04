using EnergySettlement.Settlement;
using static EnergySettlement.Storage.Contracts.Settlement.JournalSamples;

namespace EnergySettlement.Tests.Settlement.Journal;

/// <summary>
/// What the in-memory journal's own indexes must get right beyond the shared contract: obligation ids claimed and given
/// back as a whole plan, obligations held as runs of each plan's list, and participant sets built on first query.
/// </summary>
public sealed class InMemorySettlementJournalTests
{
    [Fact]
    public async Task AppendPlanAsync_ObligationTwiceInOnePlan_ThrowsConflictAndWritesNothing()
    {
        var journal = new InMemorySettlementJournal();
        var plan = Plan();
        var doubled = plan with { Plan = plan.Plan with { Obligations = [.. plan.Plan.Obligations, plan.Plan.Obligations[0]] } };

        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(() => journal.AppendPlanAsync(doubled));

        Assert.Equal(plan.Plan.Obligations[0].Id.Value, conflict.Key);
        Assert.Null(await journal.GetPlanAsync(plan.WindowId));
        Assert.Empty(await journal.GetObligationsAsync(Market, Period));
        Assert.Empty(await journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue));
        Assert.Equal(JournalWriteOutcome.Added, await journal.AppendPlanAsync(plan));
    }

    [Fact]
    public async Task AppendPlanAsync_NullObligation_ThrowsArgumentAndGivesBackTheIdsBeforeIt()
    {
        var journal = new InMemorySettlementJournal();
        var plan = Plan();
        var broken = plan with { Plan = plan.Plan with { Obligations = [.. plan.Plan.Obligations, null!] } };

        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendPlanAsync(broken));

        Assert.Null(await journal.GetPlanAsync(plan.WindowId));
        Assert.Equal(JournalWriteOutcome.Added, await journal.AppendPlanAsync(plan));
    }

    [Fact]
    public async Task AppendPlanAsync_BatchTwiceInOnePlan_ThrowsConflictAndWritesNothing()
    {
        var journal = new InMemorySettlementJournal();
        var plan = Plan();
        var doubled = plan with { Plan = plan.Plan with { Batches = [.. plan.Plan.Batches, plan.Plan.Batches[0]] } };

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => journal.AppendPlanAsync(doubled));

        Assert.Null(await journal.GetPlanAsync(plan.WindowId));
        Assert.Empty(await journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue));
        Assert.Equal(JournalWriteOutcome.Added, await journal.AppendPlanAsync(plan));
    }

    [Fact]
    public async Task AppendPlanAsync_RefusedForItsCarriedAmounts_GivesBackItsObligationIds()
    {
        var journal = new InMemorySettlementJournal();
        var refused = Plan(consumes: [new CarriedAmountId("cf-00000000000000000000000000000000")]);

        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendPlanAsync(refused));
        var outcome = await journal.AppendPlanAsync(Plan());

        Assert.Equal(JournalWriteOutcome.Added, outcome);
        Assert.Equal(Plan().Plan.Obligations.Select(o => o.Id), (await journal.GetObligationsAsync(Market, Period)).Select(o => o.Id));
    }

    [Fact]
    public async Task GetObligationsAsync_PlanWithPeriodsInterleaved_ReturnsEachPeriodsObligationsInPlanOrder()
    {
        var journal = new InMemorySettlementJournal();
        var plan = Plan(periods: 2);
        var o = plan.Plan.Obligations;

        // Period, next, period, next: four runs of one obligation each.
        await journal.AppendPlanAsync(plan with { Plan = plan.Plan with { Obligations = [o[0], o[2], o[1], o[3]] } });

        Assert.Equal([o[0].Id, o[1].Id], (await journal.GetObligationsAsync(Market, Period)).Select(x => x.Id));
        Assert.Equal([o[2].Id, o[3].Id], (await journal.GetObligationsAsync(Market, Period.Next)).Select(x => x.Id));
    }

    [Fact]
    public async Task AppendPlanAsync_ManyPlans_EveryObligationIsFoundAndRefusedForAnotherWindow()
    {
        var journal = new InMemorySettlementJournal();
        var periods = Enumerable.Range(0, 40).Select(i => Enumerable.Range(0, i).Aggregate(Period, (p, _) => p.Next)).ToArray();
        foreach (var period in periods)
        {
            await journal.AppendPlanAsync(Plan(period, held: false));
        }

        var obligations = await Task.WhenAll(periods.Select(p => journal.GetObligationsAsync(Market, p)));
        var reused = Plan(periods[0].Next.Next.Next.Next, held: false);
        var again = reused with
        {
            Plan = reused.Plan with { Window = new SettlementWindow(Market, periods[^1].Next, 1), Batches = [] },
        };

        Assert.All(obligations.Zip(periods), x => Assert.Equal(Plan(x.Second, held: false).Plan.Obligations.Select(o => o.Id), x.First.Select(o => o.Id)));
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => journal.AppendPlanAsync(again));
        Assert.Null(await journal.GetPlanAsync(again.WindowId));
    }

    [Fact]
    public async Task GetPlansForParticipantAsync_PlanAppendedAfterAQuery_IsFoundToo()
    {
        var journal = new InMemorySettlementJournal();
        var seller = new ParticipantId("home-s");
        await journal.AppendPlanAsync(Plan());
        var before = await journal.GetPlansForParticipantAsync(seller, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

        await journal.AppendPlanAsync(Plan(Period.Next));
        var after = await journal.GetPlansForParticipantAsync(seller, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

        Assert.Equal([Plan().WindowId], before.Select(p => p.WindowId));
        Assert.Equal([Plan().WindowId, Plan(Period.Next).WindowId], after.Select(p => p.WindowId));
    }
}
