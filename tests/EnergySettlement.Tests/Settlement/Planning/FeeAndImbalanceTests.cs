using EnergySettlement.Settlement;

namespace EnergySettlement.Tests.Settlement.Planning;

/// <summary>Grid and network fees per buyer and period; imbalance shortfall and surplus against the grid operator.</summary>
public sealed class FeeAndImbalanceTests
{
    private static readonly Asset Usdc = PlanningScenario.Usdc;

    [Fact]
    public void Plan_GridFee_ChargedOnTheBuyersDeliveredEnergyToTheGridOperator()
    {
        var s = new PlanningScenario();
        s.Market = s.Market with { GridFeePerKilowattHour = Price.Parse("0.020/kWh", Usdc) };
        s.Trade("sun", "home", 1_000, "0.100");
        s.Trade("wind", "home", 500, "0.100");
        s.Reading("sun", 0, 1_000).Reading("wind", 0, 200).Reading("home", 1_500, 0);

        var fee = Assert.Single(s.Plan().Obligations, o => o.Reason == ObligationReason.GridFee);

        // Delivered 1000 + 200 Wh = 1.2 kWh × 0.020 = 0.024 USDC.
        Assert.Equal((PlanningScenario.Id("home"), PlanningScenario.Grid, PlanningScenario.Usd("0.024"), 1_200L), (fee.Payer, fee.Payee, fee.Amount, fee.Energy.WattHours));
    }

    [Fact]
    public void Plan_NetworkFee_SummedOverTradesAndRoundedOnce()
    {
        var s = new PlanningScenario();
        s.Market = s.Market with { TickSize = PlanningScenario.Usd("0.000001") };
        s.Trade("sun", "home", 500, "0.100", networkFee: "0.000001");
        s.Trade("wind", "home", 500, "0.100", networkFee: "0.000001");
        s.ReadingsAsContracted();

        var fee = Assert.Single(s.Plan().Obligations, o => o.Reason == ObligationReason.NetworkFee);

        // Per trade 0.5 unit each (would round to 0 twice with half-to-even); summed first: 1000 Wh × 1 unit/kWh = 1 unit.
        Assert.Equal((PlanningScenario.Grid, 1L), (fee.Payee, (long)fee.Amount.Amount));
    }

    [Fact]
    public void Plan_Imbalance_WorkedExampleFromTheDocs()
    {
        // docs/reconciliation.md, "Imbalance: a worked example".
        var s = new PlanningScenario();
        s.Options.ImbalancePrices[s.Market.Id] = new ImbalancePrices(Price.Parse("0.300/kWh", Usdc), Price.Parse("0.040/kWh", Usdc));
        s.Trade("ann", "bob", 1_000, "0.120");
        s.Trade("ann", "cat", 500, "0.110");
        s.Reading("ann", 0, 1_200).Reading("bob", 1_400, 0).Reading("cat", 300, 0);

        var plan = s.Plan();

        // Ann's 1200 Wh: 800 to bob, 400 to cat (pro rata to 1000:500). Bob imports 1400: 1000 allocated, 800 delivered,
        // shortfall 600. Cat imports 300: delivered 300, so 100 of Ann's allocation to cat was not taken: surplus 1200 − 1100 = 100.
        Assert.Equal(
            [
                "ann:0:100",
                "bob:600:0",
                "cat:0:0",
            ],
            plan.Imbalances.Select(i => $"{i.Participant}:{i.Shortfall.WattHours}:{i.Surplus.WattHours}"));
        Assert.Equal(
            [
                "bob->ann 0.096000 USDC Trade",
                "cat->ann 0.033000 USDC Trade",
                "bob->grid 0.180000 USDC ImbalanceShortfall",
                "grid->ann 0.004000 USDC ImbalanceSurplus",
            ],
            plan.Obligations.Select(o => $"{o.Payer}->{o.Payee} {o.Amount} {o.Reason}").OrderBy(x => x.Contains("Imbalance", StringComparison.Ordinal)).ThenBy(x => x.Contains("Surplus", StringComparison.Ordinal)));
    }

    [Fact]
    public void Plan_ParticipantWithReadingButNoTrades_BuysItsWholeImportFromTheGridOperator()
    {
        var s = new PlanningScenario();
        s.Options.ImbalancePrices[s.Market.Id] = new ImbalancePrices(Price.Parse("0.300/kWh", Usdc), Price.Parse("0.040/kWh", Usdc));
        s.Reading("idle", 2_000, 0);

        var obligation = Assert.Single(s.Plan().Obligations);

        Assert.Equal((PlanningScenario.Id("idle"), PlanningScenario.Grid, PlanningScenario.Usd("0.6")), (obligation.Payer, obligation.Payee, obligation.Amount));
    }

    [Fact]
    public void Plan_NegativeSurplusPrice_ParticipantPaysToFeedIn()
    {
        var s = new PlanningScenario();
        s.Options.ImbalancePrices[s.Market.Id] = new ImbalancePrices(Price.Parse("0.300/kWh", Usdc), Price.Parse("-0.010/kWh", Usdc));
        s.Reading("sun", 0, 1_000);

        var obligation = Assert.Single(s.Plan().Obligations);

        Assert.Equal((PlanningScenario.Id("sun"), PlanningScenario.Grid, PlanningScenario.Usd("0.01"), ObligationReason.ImbalanceSurplus), (obligation.Payer, obligation.Payee, obligation.Amount, obligation.Reason));
    }

    [Fact]
    public void Plan_NoImbalancePrices_PositionsReportedButNotCharged()
    {
        var s = new PlanningScenario();
        s.Reading("idle", 2_000, 0);

        var plan = s.Plan();

        Assert.Empty(plan.Obligations);
        Assert.Equal(2_000L, Assert.Single(plan.Imbalances).Shortfall.WattHours);
    }
}
