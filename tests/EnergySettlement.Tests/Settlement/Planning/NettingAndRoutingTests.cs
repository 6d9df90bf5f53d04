using EnergySettlement.Settlement;

namespace EnergySettlement.Tests.Settlement.Planning;

/// <summary>Bilateral and cleared netting; routing by preference, conversion with a recorded rate, and the agent fallback.</summary>
public sealed class NettingAndRoutingTests
{
    private static readonly DateTimeOffset RateTime = PlanningScenario.FirstStart + TimeSpan.FromMinutes(30);

    [Fact]
    public void Plan_Bilateral_PairSettlesItsNetAmountInOneLeg()
    {
        var s = new PlanningScenario();
        s.Trade("ann", "bob", 1_000, "0.100", period: 0);
        s.Trade("bob", "ann", 400, "0.100", period: 1);
        s.ReadingsAsContracted();

        var leg = Assert.Single(s.Plan(count: 2).Legs);

        Assert.Equal((PlanningScenario.Id("bob"), PlanningScenario.Id("ann"), PlanningScenario.Usd("0.06"), 2), (leg.Payer, leg.Payee, leg.Amount, leg.Obligations.Count));
    }

    [Fact]
    public void Plan_Cleared_EachParticipantMakesOrReceivesOnePaymentWithTheAgent()
    {
        var s = new PlanningScenario();
        s.Options.Netting = NettingMode.Cleared;
        s.Options.ClearingAgent = PlanningScenario.Grid;
        s.Trade("ann", "bob", 1_000, "0.100");
        s.Trade("ann", "cat", 1_000, "0.100");
        s.Trade("cat", "bob", 500, "0.100");
        s.ReadingsAsContracted();

        var plan = s.Plan();

        Assert.Equal(
            ["grid->ann 0.200000 USDC", "bob->grid 0.150000 USDC", "cat->grid 0.050000 USDC"],
            plan.Legs.Select(l => $"{l.Payer}->{l.Payee} {l.Amount}"));
    }

    [Fact]
    public void Plan_Cleared_ObligationBetweenTwoParticipantsIsCoveredByBothTheirLegs()
    {
        var s = new PlanningScenario();
        s.Options.Netting = NettingMode.Cleared;
        s.Options.ClearingAgent = PlanningScenario.Grid;
        s.Trade("ann", "bob", 1_000, "0.100");
        s.ReadingsAsContracted();

        var plan = s.Plan();

        Assert.All(plan.Legs, leg => Assert.Equal(plan.Obligations[0].Id, Assert.Single(leg.Obligations)));
    }

    [Fact]
    public void Plan_Bilateral_PicksTheAccountPairWithTheLowestRankSum()
    {
        var s = new PlanningScenario();
        s.Participant(PlanningScenario.Id("ann"), new ParticipantAccount(PlanningScenario.DashAccount("ann"), PlanningScenario.DashCoin, 0), new ParticipantAccount(PlanningScenario.EthAccount("ann"), PlanningScenario.Usdc, 1));
        s.Participant(PlanningScenario.Id("bob"), new ParticipantAccount(PlanningScenario.EthAccount("bob"), PlanningScenario.Usdc, 0), new ParticipantAccount(PlanningScenario.DashAccount("bob"), PlanningScenario.DashCoin, 5));
        s.Trade("ann", "bob", 1_000, "0.100");
        s.ReadingsAsContracted();

        var leg = Assert.Single(s.Plan().Legs);

        // USDC: 1 + 0 = 1 beats DASH: 0 + 5 = 5.
        Assert.Equal(PlanningScenario.Usdc, leg.Amount.Asset);
    }

    [Fact]
    public void Plan_LegPaidInAnotherAsset_ConvertsAndRecordsRateSourceAndTime()
    {
        var s = new PlanningScenario();
        s.Participant(PlanningScenario.Id("ann"), new ParticipantAccount(PlanningScenario.DashAccount("ann"), PlanningScenario.DashCoin));
        s.Participant(PlanningScenario.Id("bob"), new ParticipantAccount(PlanningScenario.DashAccount("bob"), PlanningScenario.DashCoin));
        var rate = new ExchangeRate(PlanningScenario.Usd("1"), Money.Parse("0.03", PlanningScenario.DashCoin), "test-feed", RateTime);
        s.Rates.Add(rate);
        s.Trade("ann", "bob", 1_000, "0.100");
        s.ReadingsAsContracted();

        var plan = s.Plan();

        var leg = Assert.Single(plan.Legs);
        Assert.Equal((Money.Parse("0.003", PlanningScenario.DashCoin), PlanningScenario.Usd("0.1"), rate), (leg.Amount, leg.QuoteAmount, leg.Rate));
        Assert.Equal(rate, Assert.Single(plan.ExchangeRates));
    }

    [Fact]
    public async Task PlanAsync_RateMissingFromRequest_FetchesItFromTheProvider()
    {
        var s = new PlanningScenario();
        s.Participant(PlanningScenario.Id("ann"), new ParticipantAccount(PlanningScenario.DashAccount("ann"), PlanningScenario.DashCoin));
        s.Participant(PlanningScenario.Id("bob"), new ParticipantAccount(PlanningScenario.DashAccount("bob"), PlanningScenario.DashCoin));
        s.Participant(PlanningScenario.Grid, new ParticipantAccount(PlanningScenario.DashAccount("grid"), PlanningScenario.DashCoin));
        s.Trade("ann", "bob", 1_000, "0.100");
        s.ReadingsAsContracted();
        var provider = new FixedRates(Money.Parse("0.03", PlanningScenario.DashCoin), RateTime);

        var plan = await new SettlementPlanner(s.Options).PlanAsync(s.Request(), provider);

        Assert.Equal(("fixed", RateTime), (Assert.Single(plan.Legs).Rate!.Source, Assert.Single(plan.Legs).Rate!.ObservedAt));
    }

    [Fact]
    public void Plan_NoRateForTheAssetPaid_IsRejected()
    {
        var s = new PlanningScenario();
        s.Participant(PlanningScenario.Id("ann"), new ParticipantAccount(PlanningScenario.DashAccount("ann"), PlanningScenario.DashCoin));
        s.Participant(PlanningScenario.Id("bob"), new ParticipantAccount(PlanningScenario.DashAccount("bob"), PlanningScenario.DashCoin));
        s.Trade("ann", "bob", 1_000, "0.100");
        s.ReadingsAsContracted();

        Assert.Equal(SettlementPlanningError.MissingExchangeRate, Assert.Throws<SettlementPlanningException>(() => s.Plan()).Reason);
    }

    [Fact]
    public void Plan_RateOlderThanAllowed_IsRejected()
    {
        var s = new PlanningScenario();
        s.Participant(PlanningScenario.Id("ann"), new ParticipantAccount(PlanningScenario.DashAccount("ann"), PlanningScenario.DashCoin));
        s.Participant(PlanningScenario.Id("bob"), new ParticipantAccount(PlanningScenario.DashAccount("bob"), PlanningScenario.DashCoin));
        s.Rates.Add(new ExchangeRate(PlanningScenario.Usd("1"), Money.Parse("0.03", PlanningScenario.DashCoin), "test-feed", RateTime - TimeSpan.FromDays(1)));
        s.Trade("ann", "bob", 1_000, "0.100");
        s.ReadingsAsContracted();

        Assert.Equal(SettlementPlanningError.MissingExchangeRate, Assert.Throws<SettlementPlanningException>(() => s.Plan()).Reason);
    }

    [Fact]
    public void Plan_BilateralPairWithoutCommonChainAndNoAgent_IsRejectedAsNoCommonAccount()
    {
        var s = new PlanningScenario();
        s.Participant(PlanningScenario.Id("ann"), new ParticipantAccount(PlanningScenario.DashAccount("ann"), PlanningScenario.DashCoin));
        s.Trade("ann", "bob", 1_000, "0.100");
        s.ReadingsAsContracted();

        Assert.Equal(SettlementPlanningError.NoCommonAccount, Assert.Throws<SettlementPlanningException>(() => s.Plan()).Reason);
    }

    [Fact]
    public void Plan_BilateralPairWithoutCommonChain_GoesThroughTheClearingAgent()
    {
        var s = new PlanningScenario();
        s.Options.ClearingAgent = PlanningScenario.Grid;
        s.Participant(PlanningScenario.Id("ann"), new ParticipantAccount(PlanningScenario.DashAccount("ann"), PlanningScenario.DashCoin));
        s.Participant(PlanningScenario.Grid, new ParticipantAccount(PlanningScenario.DashAccount("grid"), PlanningScenario.DashCoin));
        s.Rates.Add(new ExchangeRate(PlanningScenario.Usd("1"), Money.Parse("0.03", PlanningScenario.DashCoin), "test-feed", RateTime));
        s.Trade("ann", "bob", 1_000, "0.100");
        s.ReadingsAsContracted();

        var plan = s.Plan();

        // Bob pays the agent in USDC on Ethereum; the agent pays Ann in DASH on Dash: payer and payee on different chains.
        Assert.Equal(
            ["bob->grid 0.100000 USDC", "grid->ann 0.00300000 DASH"],
            plan.Legs.Select(l => $"{l.Payer}->{l.Payee} {l.Amount}"));
    }

    private sealed class FixedRates(Money perDollar, DateTimeOffset observedAt) : IExchangeRateProvider
    {
        public ValueTask<ExchangeRate> GetRateAsync(Asset fromAsset, Asset toAsset, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new ExchangeRate(Money.Parse("1", fromAsset), perDollar, "fixed", observedAt));
    }
}
