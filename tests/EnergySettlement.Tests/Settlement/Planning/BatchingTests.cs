using EnergySettlement.Chains;
using EnergySettlement.Settlement;

namespace EnergySettlement.Tests.Settlement.Planning;

/// <summary>Batches per paying account and asset, sized by the chain's capabilities; dust carried forward and consumed.</summary>
public sealed class BatchingTests
{
    [Fact]
    public void Plan_MoreLegsThanATransactionCarries_SplitsIntoNumberedParts()
    {
        var s = ClearedWithFiveSellers();
        s.Chains[TestAssets.Ethereum] = PlanningScenario.Capabilities(TestAssets.Ether, [TestAssets.Ether, PlanningScenario.Usdc], maxPayouts: 2);

        var plan = s.Plan();

        var agentBatches = plan.Batches.Where(b => b.Batch.Payer == PlanningScenario.EthAccount("grid")).ToList();
        Assert.Equal([(1, 2), (2, 2), (3, 1)], agentBatches.Select(b => (b.Part, b.Batch.Payouts.Count)));
    }

    [Fact]
    public void Plan_Payouts_PayTheLegsOneToOne_AndAreMadeOnce()
    {
        var plan = ClearedWithFiveSellers().Plan();

        Assert.All(plan.Batches, b =>
        {
            // The batch makes its payouts from its legs when first read: the same list every time after.
            Assert.Same(b.Batch.Payouts, b.Batch.Payouts);
            Assert.Equal(b.Legs.Select(l => (l.To, l.Amount, (string?)null)), b.Batch.Payouts.Select(p => (p.Payee, p.Amount, p.Reference)));
            Assert.All(b.Legs, l => Assert.Equal(b.Batch.Payer, l.From));
            Assert.Equal(b.Legs.Aggregate(Money.Zero(b.Batch.Asset), (sum, l) => sum + l.Amount), b.Batch.Total);
        });
    }

    [Fact]
    public void Plan_SameInputTwice_SameBatchIds()
    {
        var first = ClearedWithFiveSellers().Plan();
        var second = ClearedWithFiveSellers().Plan();

        Assert.Equal(first.Batches.Select(b => b.Id), second.Batches.Select(b => b.Id));
    }

    [Fact]
    public void Plan_LegIdReferencesOnAChainWithMemos_PartsSizedToFitTheMemo()
    {
        var s = ClearedWithFiveSellers();
        s.Options.PayoutReferences = PayoutReferences.LegId;
        s.Chains[TestAssets.Ethereum] = PlanningScenario.Capabilities(TestAssets.Ether, [TestAssets.Ether, PlanningScenario.Usdc], maxPayouts: 100, memoBytes: 80);

        var plan = s.Plan();

        // A leg id is 35 bytes: two fit in 80.
        var agentBatches = plan.Batches.Where(b => b.Batch.Payer == PlanningScenario.EthAccount("grid")).ToList();
        Assert.Equal([2, 2, 1], agentBatches.Select(b => b.Batch.Payouts.Count));
        Assert.All(agentBatches.SelectMany(b => b.Batch.Payouts.Zip(b.Legs)), pair => Assert.Equal(pair.Second.Id.Value, pair.First.Reference));
    }

    [Fact]
    public void Plan_EveryBatchPaysExactlyItsLegs()
    {
        var plan = ClearedWithFiveSellers().Plan();

        Assert.Equal(plan.Legs.Select(l => l.Id.Value).Order(StringComparer.Ordinal), plan.Batches.SelectMany(b => b.Legs).Select(l => l.Id.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Plan_LegBelowTheMinimumPayout_CarriedForwardNotPaid()
    {
        var s = new PlanningScenario();
        s.Options.MinimumPayouts.Add(PlanningScenario.Usd("0.01"));
        s.Trade("ann", "bob", 50, "0.100");
        s.ReadingsAsContracted();

        var plan = s.Plan();

        Assert.Empty(plan.Legs);
        var carried = Assert.Single(plan.CarriedForward);
        Assert.Equal((PlanningScenario.Id("bob"), PlanningScenario.Id("ann"), PlanningScenario.Usd("0.005"), plan.WindowId), (carried.Payer, carried.Payee, carried.Amount, carried.Window));
    }

    [Fact]
    public void Plan_CarriedAmountInTheNextWindow_NettedAndPaidThenAndMarkedConsumed()
    {
        var s = new PlanningScenario();
        s.Options.MinimumPayouts.Add(PlanningScenario.Usd("0.01"));
        s.Trade("ann", "bob", 50, "0.100", period: 0);
        s.Trade("ann", "bob", 100, "0.100", period: 1);
        s.ReadingsAsContracted();
        var first = s.Plan();
        s.Record(first);

        var second = s.Plan(first: 1);

        var leg = Assert.Single(second.Legs);
        Assert.Equal((PlanningScenario.Usd("0.015"), first.CarriedForward[0].Id), (leg.Amount, Assert.Single(leg.CarriedAmounts)));
        Assert.Equal(first.CarriedForward[0].Id, Assert.Single(second.ConsumedCarriedAmounts));
    }

    [Fact]
    public void Plan_CarriedAmountAlreadyConsumed_IsRejected()
    {
        var s = new PlanningScenario();
        s.Carried.Add(new CarriedAmount(s.Window().Id, PlanningScenario.Id("grid"), PlanningScenario.Id("ann"), PlanningScenario.Usd("0.001"), [], [], s.Window(3).Id));
        s.Participant(PlanningScenario.Id("ann"));

        Assert.Equal(SettlementPlanningError.InvalidRequest, Assert.Throws<SettlementPlanningException>(() => s.Plan(first: 4)).Reason);
    }

    private static PlanningScenario ClearedWithFiveSellers()
    {
        var s = new PlanningScenario();
        s.Options.Netting = NettingMode.Cleared;
        s.Options.ClearingAgent = PlanningScenario.Grid;
        foreach (var seller in new[] { "s1", "s2", "s3", "s4", "s5" })
        {
            s.Trade(seller, "mall", 1_000, "0.100");
        }

        s.ReadingsAsContracted();
        return s;
    }
}
