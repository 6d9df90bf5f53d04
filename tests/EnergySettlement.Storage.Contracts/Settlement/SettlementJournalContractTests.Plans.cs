using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using Xunit;
using static EnergySettlement.Storage.Contracts.Settlement.JournalSamples;

namespace EnergySettlement.Storage.Contracts.Settlement;

/// <summary>The plan half of the contract: windows, obligations, carried amounts, held trades.</summary>
public abstract partial class SettlementJournalContractTests
{
    [Fact]
    public async Task AppendPlanAsync_NewPlan_IsReadBackExactlyAndItsBatchesArePlanned()
    {
        var journal = await CreateJournalAsync();
        var plan = Plan();

        var outcome = await journal.AppendPlanAsync(plan);
        var stored = await journal.GetPlanAsync(plan.WindowId);
        var open = await journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue);

        Assert.Equal(JournalWriteOutcome.Added, outcome);
        Assert.Equal(plan, stored);
        Assert.True(stored!.Position > 0);
        Assert.Equal(plan.Plan.Batches.Select(b => b.Id), open.Select(b => b.Id));
        Assert.All(open, b => Assert.Equal(plan.WindowId, b.Record.Window));
        Assert.All(open, b => Assert.Equal(plan.PlannedAt, b.Record.PlannedAt));
        Assert.Equal(plan.Plan.Batches[1].Batch.Payouts, open[1].Batch.Payouts);
    }

    [Fact]
    public async Task AppendPlanAsync_SamePlanAgain_AlreadyExists()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendPlanAsync(Plan());

        var outcome = await journal.AppendPlanAsync(Plan());

        Assert.Equal(JournalWriteOutcome.AlreadyExists, outcome);
        Assert.Equal(2, (await journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue)).Count);
    }

    [Fact]
    public async Task AppendPlanAsync_SameWindowOtherContent_ThrowsConflictAndKeepsTheFirst()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendPlanAsync(Plan());

        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(() => journal.AppendPlanAsync(Plan(scale: 2)));

        Assert.Equal(Plan().WindowId.Value, conflict.Key);
        Assert.Equal(Plan(), await journal.GetPlanAsync(Plan().WindowId));
    }

    [Fact]
    public async Task AppendPlanAsync_ObligationAlreadySettledByAnotherWindow_ThrowsConflictAndWritesNothing()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendPlanAsync(Plan());
        var overlapping = Plan(periods: 2);

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => journal.AppendPlanAsync(overlapping));

        Assert.Null(await journal.GetPlanAsync(overlapping.WindowId));
        Assert.Null(await journal.GetBatchAsync(overlapping.Plan.Batches[0].Id));
        Assert.Equal(2, (await journal.GetObligationsAsync(Market, Period)).Count);
    }

    [Fact]
    public async Task GetObligationsAsync_SeveralPlans_ReturnsThePeriodsObligationsOfEachInPositionOrder()
    {
        var journal = await CreateJournalAsync();
        var first = Plan();
        var second = Plan(Period.Next, held: false);
        await journal.AppendPlanAsync(first);
        await journal.AppendPlanAsync(second);

        var obligations = await journal.GetObligationsAsync(Market, Period.Next);

        Assert.Equal(second.Plan.Obligations.Select(o => o.Id), obligations.Select(o => o.Id));
        Assert.Equal(second.Plan.Obligations[0].Amount, obligations[0].Amount);
        Assert.Empty(await journal.GetObligationsAsync(new MarketId("elsewhere"), Period));
    }

    [Fact]
    public async Task AppendPlanAsync_ConsumingCarriedAmounts_ClosesThemAndOpensItsOwn()
    {
        var journal = await CreateJournalAsync();
        var first = Plan();
        await journal.AppendPlanAsync(first);
        var carried = first.Plan.CarriedForward[0];
        var open = await journal.GetOpenCarriedAmountsAsync(Market);

        var second = Plan(Period.Next, consumes: [carried.Id]);
        await journal.AppendPlanAsync(second);
        var after = await journal.GetOpenCarriedAmountsAsync(Market);

        Assert.Equal([carried.Id], open.Select(c => c.Id));
        Assert.Null(open[0].ConsumedBy);
        Assert.Equal([second.Plan.CarriedForward[0].Id], after.Select(c => c.Id));
        Assert.Equal([carried.Id], after[0].CarriedAmounts);
    }

    [Fact]
    public async Task AppendPlanAsync_ConsumingACarriedAmountTwice_ThrowsConflictAndWritesNothing()
    {
        var journal = await CreateJournalAsync();
        var first = Plan();
        await journal.AppendPlanAsync(first);
        var carried = first.Plan.CarriedForward[0].Id;
        await journal.AppendPlanAsync(Plan(Period.Next, consumes: [carried]));
        var third = Plan(Period.Next.Next, consumes: [carried]);

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => journal.AppendPlanAsync(third));

        Assert.Null(await journal.GetPlanAsync(third.WindowId));
    }

    [Fact]
    public async Task AppendPlanAsync_ConsumingAnUnknownCarriedAmount_ThrowsArgumentAndWritesNothing()
    {
        var journal = await CreateJournalAsync();
        var plan = Plan(consumes: [new CarriedAmountId("cf-00000000000000000000000000000000")]);

        await Assert.ThrowsAsync<ArgumentException>(() => journal.AppendPlanAsync(plan));

        Assert.Null(await journal.GetPlanAsync(plan.WindowId));
        Assert.Empty(await journal.GetOpenBatchesAsync(DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task GetHeldTradesAsync_PeriodReopenedAndSettled_TradeIsNoLongerHeld()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendPlanAsync(Plan());
        await journal.AppendPlanAsync(Plan(Period.Next, held: true));
        var before = await journal.GetHeldTradesAsync(Market);

        // A later window reopens the first period and settles its held trade (it holds nothing of that period any more).
        var later = Plan(Period.Next.Next, reopened: [Period], held: false);
        await journal.AppendPlanAsync(later);
        var after = await journal.GetHeldTradesAsync(Market);

        Assert.Equal([Period, Period.Next], before.Select(h => h.Period));
        Assert.Equal(HoldReason.BuyerReadingMissing, before[0].Reason);
        Assert.Equal(Trade(2, Period), before[0].Trade);
        Assert.Equal([Period.Next], after.Select(h => h.Period));
    }

    [Fact]
    public async Task GetPlansCoveringAsync_WindowAndReopeningPlans_ReturnsBothInPositionOrder()
    {
        var journal = await CreateJournalAsync();
        var first = Plan();
        var later = Plan(Period.Next.Next, reopened: [Period], held: false);
        await journal.AppendPlanAsync(first);
        await journal.AppendPlanAsync(Plan(Period.Next));
        await journal.AppendPlanAsync(later);

        var covering = await journal.GetPlansCoveringAsync(Market, Period);

        Assert.Equal([first.WindowId, later.WindowId], covering.Select(p => p.WindowId));
    }

    [Fact]
    public async Task GetLatestPlanAsync_SeveralPlans_ReturnsTheLastRecorded()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendPlanAsync(Plan(Period.Next));
        await journal.AppendPlanAsync(Plan());

        var latest = await journal.GetLatestPlanAsync(Market);

        Assert.Equal(Plan().WindowId, latest?.WindowId);
        Assert.Null(await journal.GetLatestPlanAsync(new MarketId("elsewhere")));
    }

    [Fact]
    public async Task GetPlansForParticipantAsync_ReturnsPlansNamingTheParticipantWithWindowsStartingInTheRange()
    {
        var journal = await CreateJournalAsync();
        await journal.AppendPlanAsync(Plan());
        await journal.AppendPlanAsync(Plan(Period.Next));
        await journal.AppendPlanAsync(Plan(Period.Next.Next));

        var grid = await journal.GetPlansForParticipantAsync(new ParticipantId("grid"), Period.Next.Start, Period.Next.Next.Start);
        var stranger = await journal.GetPlansForParticipantAsync(new ParticipantId("nobody"), DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

        Assert.Equal([Plan(Period.Next).WindowId], grid.Select(p => p.WindowId));
        Assert.Empty(stranger);
    }

    [Fact]
    public async Task ReopenAsync_AfterPlans_PlansObligationsCarriedAndHeldTradesAreReadBack()
    {
        var journal = await CreateJournalAsync();
        var first = Plan();
        await journal.AppendPlanAsync(first);
        await journal.AppendPlanAsync(Plan(Period.Next, consumes: [first.Plan.CarriedForward[0].Id]));

        var reopened = await ReopenAsync(journal);

        Assert.Equal(first, await reopened.GetPlanAsync(first.WindowId));
        Assert.Equal(first.Plan.Obligations.Select(o => o.Id), (await reopened.GetObligationsAsync(Market, Period)).Select(o => o.Id));
        Assert.Equal([Plan(Period.Next, consumes: [first.Plan.CarriedForward[0].Id]).Plan.CarriedForward[0].Id], (await reopened.GetOpenCarriedAmountsAsync(Market)).Select(c => c.Id));
        Assert.Equal(2, (await reopened.GetHeldTradesAsync(Market)).Count);
        Assert.Equal(JournalWriteOutcome.AlreadyExists, await reopened.AppendPlanAsync(first));
        Assert.Equal(Plan().WindowId, (await reopened.GetPlansForParticipantAsync(new ParticipantId("home-s"), DateTimeOffset.MinValue, DateTimeOffset.MaxValue))[0].WindowId);
    }
}
