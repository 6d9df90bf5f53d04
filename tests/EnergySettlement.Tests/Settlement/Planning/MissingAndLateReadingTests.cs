using EnergySettlement.Settlement;

namespace EnergySettlement.Tests.Settlement.Planning;

/// <summary>Missing readings hold trades (or settle them provisionally); late and corrected readings settle the difference
/// as new obligations or adjustments that name what they correct; settled history never changes.</summary>
public sealed class MissingAndLateReadingTests
{
    [Fact]
    public void Plan_SellerReadingMissing_TradeHeldWithReasonAndOthersSettle()
    {
        var s = new PlanningScenario();
        var waiting = s.Trade("quiet", "home", 500, "0.100");
        s.Trade("sun", "shop", 400, "0.100");
        s.Reading("home", 500, 0).Reading("sun", 0, 400).Reading("shop", 400, 0);

        var plan = s.Plan();

        var held = Assert.Single(plan.HeldTrades);
        Assert.Equal((waiting, HoldReason.SellerReadingMissing), (held.Trade, held.Reason));
        Assert.Equal(PlanningScenario.Id("shop"), Assert.Single(plan.Obligations).Payer);
    }

    [Fact]
    public void Plan_CounterpartyReadingMissing_ImbalanceOfThePartyWithAReadingWaitsToo()
    {
        var s = new PlanningScenario();
        s.Options.ImbalancePrices[s.Market.Id] = new ImbalancePrices(Price.Parse("0.300/kWh", PlanningScenario.Usdc), Price.Parse("0.050/kWh", PlanningScenario.Usdc));
        s.Trade("quiet", "home", 500, "0.100");
        s.Reading("home", 900, 0);

        var plan = s.Plan();

        Assert.Empty(plan.Obligations);
        Assert.Empty(plan.Imbalances);
    }

    [Fact]
    public void Plan_MissingReadingIsNeverZero_NoObligationRefundsOrChargesTheHeldTrade()
    {
        var s = new PlanningScenario();
        s.Trade("quiet", "home", 500, "0.100");
        s.Reading("home", 500, 0);

        var plan = s.Plan();

        Assert.Empty(plan.Deliveries);
        Assert.Empty(plan.Legs);
    }

    [Fact]
    public void Plan_SettleAsContracted_MissingReadingAssumedAndObligationsProvisional()
    {
        var s = new PlanningScenario();
        s.Options.MissingReadings = MissingReadingPolicy.SettleAsContracted;
        s.Trade("quiet", "home", 500, "0.100");
        s.Reading("home", 500, 0);

        var obligation = Assert.Single(s.Plan().Obligations);

        Assert.True(obligation.IsProvisional);
        Assert.Equal(PlanningScenario.Usd("0.05"), obligation.Amount);
    }

    [Fact]
    public void Plan_LateReadingForHeldTrade_SettlesOriginalObligationInLaterWindow()
    {
        var s = new PlanningScenario();
        s.Trade("quiet", "home", 500, "0.100");
        s.Reading("home", 500, 0);
        s.Record(s.Plan());
        s.Reading("quiet", 0, 500);
        s.Reopened.Add(PlanningScenario.Period(0));

        var late = s.Plan(first: 1);

        var obligation = Assert.Single(late.Obligations);
        Assert.Equal((PlanningScenario.Period(0), false, 0), (obligation.Period, obligation.IsAdjustment, obligation.Sequence));
    }

    [Fact]
    public void Plan_CorrectedReadingLowersDelivery_AdjustmentRefundsTheDifferenceAndNamesTheOriginal()
    {
        var s = new PlanningScenario();
        s.Trade("sun", "home", 1_000, "0.100");
        s.ReadingsAsContracted();
        var first = s.Plan();
        s.Record(first);
        s.Reading("sun", 0, 800, revision: 2);
        s.Reopened.Add(PlanningScenario.Period(0));

        var adjustment = Assert.Single(s.Plan(first: 1).Obligations);

        Assert.Equal(
            (PlanningScenario.Id("sun"), PlanningScenario.Id("home"), PlanningScenario.Usd("0.02"), (ObligationId?)first.Obligations[0].Id, 1),
            (adjustment.Payer, adjustment.Payee, adjustment.Amount, adjustment.Adjusts, adjustment.Sequence));
    }

    [Fact]
    public void Plan_SecondCorrection_AdjustsTheSameOriginalWithTheNextSequence()
    {
        var s = new PlanningScenario();
        s.Trade("sun", "home", 1_000, "0.100");
        s.ReadingsAsContracted();
        var original = s.Plan();
        s.Record(original);
        s.Reopened.Add(PlanningScenario.Period(0));
        s.Reading("sun", 0, 800, revision: 2);
        s.Record(s.Plan(first: 1));
        s.Reading("sun", 0, 1_000, revision: 3);

        var adjustment = Assert.Single(s.Plan(first: 2).Obligations);

        Assert.Equal((PlanningScenario.Id("home"), PlanningScenario.Usd("0.02"), (ObligationId?)original.Obligations[0].Id, 2), (adjustment.Payer, adjustment.Amount, adjustment.Adjusts, adjustment.Sequence));
    }

    [Fact]
    public void Plan_ProvisionalSettlementThenRealReading_AdjustsOnlyTheDifference()
    {
        var s = new PlanningScenario();
        s.Options.MissingReadings = MissingReadingPolicy.SettleAsContracted;
        s.Trade("quiet", "home", 500, "0.100");
        s.Reading("home", 500, 0);
        s.Record(s.Plan());
        s.Reading("quiet", 0, 300);
        s.Reopened.Add(PlanningScenario.Period(0));

        var adjustment = Assert.Single(s.Plan(first: 1).Obligations);

        Assert.Equal((PlanningScenario.Id("quiet"), PlanningScenario.Usd("0.02"), false), (adjustment.Payer, adjustment.Amount, adjustment.IsProvisional));
    }

    [Fact]
    public void Plan_ReopenedPeriodWithUnchangedReadings_PlansNothingNew()
    {
        var s = new PlanningScenario();
        s.Trade("sun", "home", 1_000, "0.100");
        s.ReadingsAsContracted();
        s.Record(s.Plan());
        s.Reopened.Add(PlanningScenario.Period(0));

        var again = s.Plan(first: 1);

        Assert.Empty(again.Obligations);
        Assert.Empty(again.Legs);
    }

    [Fact]
    public void Plan_CorrectionThenRevert_AdjustmentsHaveDistinctIds()
    {
        var s = new PlanningScenario();
        s.Trade("sun", "home", 1_000, "0.100");
        s.ReadingsAsContracted();
        s.Record(s.Plan());
        s.Reopened.Add(PlanningScenario.Period(0));
        var ids = new List<ObligationId>();
        var window = 1;
        foreach (var (exported, revision) in new[] { (800L, 2), (1_000L, 3), (800L, 4) })
        {
            s.Reading("sun", 0, exported, revision: revision);
            var plan = s.Plan(first: window++);
            ids.Add(Assert.Single(plan.Obligations).Id);
            s.Record(plan);
        }

        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public void Plan_SameRevisionWithOtherValues_IsRejectedAsDuplicate()
    {
        var s = new PlanningScenario();
        s.Trade("sun", "home", 1_000, "0.100");
        s.Reading("sun", 0, 1_000).Reading("sun", 0, 900).Reading("home", 1_000, 0);

        var error = Assert.Throws<SettlementPlanningException>(() => s.Plan());

        Assert.Equal(SettlementPlanningError.Duplicate, error.Reason);
    }

    [Fact]
    public void Plan_SeveralRevisions_HighestCounts()
    {
        var s = new PlanningScenario();
        s.Trade("sun", "home", 1_000, "0.100");
        s.Reading("sun", 0, 700, revision: 3).Reading("sun", 0, 1_000, revision: 1).Reading("sun", 0, 900, revision: 2).Reading("home", 1_000, 0);

        Assert.Equal(700L, Assert.Single(s.Plan().Deliveries).Delivered.WattHours);
    }
}
