using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;

namespace EnergySettlement.Tests.Settlement.Execution;

/// <summary>SettleWindowAsync: plan, record, pay; again is harmless; bad input is a typed error and leaves the journal as it was.</summary>
public sealed class SettleWindowTests
{
    [Fact]
    public async Task SettleWindowAsync_ThenPasses_RecordsThePlanAndPaysEachObligationOnce()
    {
        using var rig = new SettlementRig();
        var s = new WindowScenario(rig);
        s.Trade("ann", "bob", 2_000, "0.250");
        s.Trade("cat", "bob", 1_000, "0.100");

        var recorded = await rig.Service.SettleWindowAsync(s.Request());
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessUntilIdleAsync();
        rig.Chain.MineBlocks(3);
        var last = await rig.Service.ProcessUntilIdleAsync();

        Assert.True(last.AllFinal);
        Assert.Equal(2, recorded.Plan.Obligations.Count);
        Assert.NotNull(await rig.Journal.GetPlanAsync(recorded.WindowId));
        Assert.Equal(WindowScenario.Funding + 500_000, rig.Balance("ann").Amount);
        Assert.Equal(WindowScenario.Funding + 100_000, rig.Balance("cat").Amount);
        Assert.Equal(WindowScenario.Funding - 600_000, rig.Balance("bob").Amount);
        foreach (var batch in recorded.Plan.Batches)
        {
            Assert.Single(rig.Chain.GetSettlements(batch.Id));
        }
    }

    [Fact]
    public async Task SettleWindowAsync_SameRequestAgainLater_ReturnsTheRecordedPlanAndRecordsNothing()
    {
        using var rig = new SettlementRig();
        var s = new WindowScenario(rig);
        s.Trade("ann", "bob", 2_000, "0.250");
        var first = await rig.Service.SettleWindowAsync(s.Request());
        var before = await WindowScenario.SnapshotAsync(rig.Journal, s.Market.Id);

        rig.Time.Advance(TimeSpan.FromMinutes(7));
        var again = await rig.Restart().SettleWindowAsync(s.Request());

        Assert.Equal(first.PlannedAt, again.PlannedAt);
        Assert.Equal(first, again);
        Assert.Equal(before, await WindowScenario.SnapshotAsync(rig.Journal, s.Market.Id));
    }

    [Fact]
    public async Task SettleWindowAsync_SameWindowOtherTrades_ThrowsConflictAndKeepsTheFirstPlan()
    {
        using var rig = new SettlementRig();
        var s = new WindowScenario(rig);
        s.Trade("ann", "bob", 2_000, "0.250");
        var first = await rig.Service.SettleWindowAsync(s.Request());
        var before = await WindowScenario.SnapshotAsync(rig.Journal, s.Market.Id);
        s.Trade("cat", "bob", 1_000, "0.100");

        await Assert.ThrowsAsync<IdempotencyConflictException>(() => rig.Service.SettleWindowAsync(s.Request()));

        Assert.Equal(before, await WindowScenario.SnapshotAsync(rig.Journal, s.Market.Id));
        Assert.Equal(first, await rig.Journal.GetPlanAsync(first.WindowId));
    }

    public static TheoryData<string> BadRequests => ["unknown participant", "account on an unregistered chain", "mixed assets", "negative money", "period not closed", "as of after the clock"];

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task SettleWindowAsync_BadInput_ThrowsATypedErrorAndLeavesTheJournalUnchanged(string bad)
    {
        using var rig = new SettlementRig();
        var s = new WindowScenario(rig);
        var trade = s.Trade("ann", "bob", 2_000, "0.250");
        var request = s.Request();
        var expected = SettlementPlanningError.PeriodNotClosed;
        switch (bad)
        {
            case "unknown participant":
                request = request with { Participants = [.. request.Participants.Where(p => p.Id.Value != "bob")] };
                expected = SettlementPlanningError.UnknownParticipant;
                break;
            case "account on an unregistered chain":
                var elsewhere = ChainId.Parse("eip155:999");
                var ether = new Asset(AssetId.Parse("eip155:999/slip44:60"), 18, "X");
                request = request with { Participants = [.. request.Participants.Select(p => p.Id.Value == "ann" ? new SettlementParticipant(p.Id, [new ParticipantAccount(SettlementAccount.Create(elsewhere, "0xab"), ether)]) : p)] };
                expected = SettlementPlanningError.UnregisteredChain;
                break;
            case "mixed assets":
                request = request with { Trades = [trade with { Price = new Price(new Money(1, rig.Chain.NativeAsset)) }] };
                expected = SettlementPlanningError.MixedAssets;
                break;
            case "negative money":
                request = request with { Market = s.Market with { GridFeePerKilowattHour = Price.Parse("-0.001/kWh", rig.Eurc) } };
                expected = SettlementPlanningError.NegativeAmount;
                break;
            case "period not closed":
                request = request with { AsOf = WindowScenario.Period(0).End - TimeSpan.FromSeconds(1) };
                break;
            case "as of after the clock":
                request = request with { AsOf = rig.Time.GetUtcNow() + TimeSpan.FromSeconds(1) };
                break;
        }

        var before = await WindowScenario.SnapshotAsync(rig.Journal, s.Market.Id);

        var error = await Assert.ThrowsAsync<SettlementPlanningException>(() => rig.Service.SettleWindowAsync(request));

        Assert.Equal(expected, error.Reason);
        Assert.Equal(before, await WindowScenario.SnapshotAsync(rig.Journal, s.Market.Id));
    }

    [Fact]
    public async Task RehearseWindowAsync_PayableWindow_ReturnsThePlanSettleWouldRecordWithoutProblemsAndRecordsNothing()
    {
        using var rig = new SettlementRig();
        var s = new WindowScenario(rig);
        s.Trade("ann", "bob", 2_000, "0.250");
        s.Trade("cat", "bob", 1_000, "0.100");
        var before = await WindowScenario.SnapshotAsync(rig.Journal, s.Market.Id);

        var rehearsal = await rig.Service.RehearseWindowAsync(s.Request());

        Assert.Empty(rehearsal.Problems);
        Assert.Null(rehearsal.Recorded);
        Assert.Equal(before, await WindowScenario.SnapshotAsync(rig.Journal, s.Market.Id));
        Assert.Empty(rig.Chain.GetSettlements(rehearsal.Plan.Batches[0].Id));
        var recorded = await rig.Service.SettleWindowAsync(s.Request());
        Assert.Equal(recorded.Plan.Obligations.Select(o => o.Id), rehearsal.Plan.Obligations.Select(o => o.Id));
        Assert.Equal(recorded.Plan.Batches.Select(b => (b.Id, b.Batch.Total)), rehearsal.Plan.Batches.Select(b => (b.Id, b.Batch.Total)));
    }

    [Fact]
    public async Task RehearseWindowAsync_PayerHoldsTooLittle_ListsThePayerWithWhatItOwesAndHoldsAndRecordsNothing()
    {
        using var rig = new SettlementRig();
        var s = new WindowScenario(rig);
        s.Trade("ann", "bob", 5_000_000, "0.250"); // 1,250 EURC; bob holds 1,000
        var before = await WindowScenario.SnapshotAsync(rig.Journal, s.Market.Id);

        // The simulated chain's own provider (the rig's recording wrapper does not query balances).
        using var service = new SettlementService(rig.Journal, new ChainProviderRegistry([rig.Provider]), rig.Options, rig.Time);
        var rehearsal = await service.RehearseWindowAsync(s.Request());

        var problem = Assert.Single(rehearsal.Problems);
        Assert.Contains($"{rig.Account("bob")} must pay 1250.000000 EURC (payouts and fees) but holds 1000.000000 EURC", problem, StringComparison.Ordinal);
        Assert.Equal(before, await WindowScenario.SnapshotAsync(rig.Journal, s.Market.Id));
    }

    [Fact]
    public async Task RehearseWindowAsync_WindowAlreadyRecorded_ReturnsTheRecordedPlanAndChecksNoFunds()
    {
        using var rig = new SettlementRig();
        var s = new WindowScenario(rig);
        s.Trade("ann", "bob", 2_000, "0.250");
        var recorded = await rig.Service.SettleWindowAsync(s.Request());
        var before = await WindowScenario.SnapshotAsync(rig.Journal, s.Market.Id);

        var rehearsal = await rig.Service.RehearseWindowAsync(s.Request());

        Assert.Equal(recorded, rehearsal.Recorded);
        Assert.Empty(rehearsal.Problems);
        Assert.Equal(before, await WindowScenario.SnapshotAsync(rig.Journal, s.Market.Id));
    }

    [Fact]
    public async Task RehearseWindowAsync_BadInput_ThrowsTheSameTypedErrorAsSettle()
    {
        using var rig = new SettlementRig();
        var s = new WindowScenario(rig);
        s.Trade("ann", "bob", 2_000, "0.250");
        var request = s.Request() with { AsOf = rig.Time.GetUtcNow() + TimeSpan.FromHours(1) };

        var error = await Assert.ThrowsAsync<SettlementPlanningException>(() => rig.Service.RehearseWindowAsync(request));

        Assert.Equal(SettlementPlanningError.PeriodNotClosed, error.Reason);
    }

    [Fact]
    public async Task SettleWindowAsync_PlanPayableOnlyOnAChainWithoutAProvider_ThrowsUnknownChainAndRecordsNothing()
    {
        using var rig = new SettlementRig();
        var s = new WindowScenario(rig);
        s.Trade("ann", "bob", 2_000, "0.250");
        var request = s.Request();
        var before = await WindowScenario.SnapshotAsync(rig.Journal, s.Market.Id);
        using var service = new SettlementService(rig.Journal, new ChainProviderRegistry([]), rig.Options, rig.Time);

        await Assert.ThrowsAsync<UnknownChainException>(() => service.SettleWindowAsync(request));

        Assert.Equal(before, await WindowScenario.SnapshotAsync(rig.Journal, s.Market.Id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SettleWindowAsync_JournalWriteFails_TheCallerRetriesAndTheWindowIsRecordedAndPaidOnce(bool afterCommit)
    {
        using var rig = new SettlementRig();
        var s = new WindowScenario(rig);
        s.Trade("ann", "bob", 2_000, "0.250");
        rig.Journal.FailNextPlanWrite(afterCommit);

        await Assert.ThrowsAnyAsync<Exception>(() => rig.Service.SettleWindowAsync(s.Request()));
        Assert.Equal(afterCommit, await rig.Journal.GetPlanAsync(s.Request().Window.Id) is not null);
        var recorded = await rig.Restart().SettleWindowAsync(s.Request());
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessUntilIdleAsync();
        rig.Chain.MineBlocks(3);
        await rig.Service.ProcessUntilIdleAsync();

        Assert.Single(rig.Chain.GetSettlements(Assert.Single(recorded.Plan.Batches).Id));
        Assert.Equal(WindowScenario.Funding + 500_000, rig.Balance("ann").Amount);
    }
}
