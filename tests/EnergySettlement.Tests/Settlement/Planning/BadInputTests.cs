using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;

namespace EnergySettlement.Tests.Settlement.Planning;

/// <summary>Every input rule gets a typed error with its reason, and nothing is planned.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void Plan_TradeWithUnknownParticipant_IsRejected()
    {
        var s = Valid();
        var request = s.Request() with { Participants = s.Request().Participants.Where(p => p.Id != PlanningScenario.Id("bob")).ToList() };

        Assert.Equal(SettlementPlanningError.UnknownParticipant, Reject(s, request));
    }

    [Fact]
    public void Plan_AccountOnUnregisteredChain_IsRejected()
    {
        var s = Valid();
        var unknown = ChainId.Parse("eip155:999");
        s.Participant(PlanningScenario.Id("ann"), new ParticipantAccount(SettlementAccount.Create(unknown, "0xab"), new Asset(AssetId.Parse("eip155:999/slip44:60"), 18, "X")));

        Assert.Equal(SettlementPlanningError.UnregisteredChain, Reject(s, s.Request()));
    }

    [Fact]
    public void Plan_AccountAssetTheChainCannotPay_IsRejected()
    {
        var s = Valid();
        s.Participant(PlanningScenario.Id("ann"), new ParticipantAccount(PlanningScenario.EthAccount("ann-2"), TestAssets.Unit));

        Assert.Equal(SettlementPlanningError.UnsupportedAsset, Reject(s, s.Request()));
    }

    [Fact]
    public void Plan_TradePricedInAnotherAsset_IsRejectedAsMixedAssets()
    {
        var s = Valid();
        s.Add(s.Trades[0] with { Price = new Price(Money.Parse("0.1", TestAssets.Ether)), BuyOrder = new OrderId(99) });

        Assert.Equal(SettlementPlanningError.MixedAssets, Reject(s, s.Request()));
    }

    [Fact]
    public void Plan_NegativeNetworkFee_IsRejected()
    {
        var s = Valid();
        s.Add(s.Trades[0] with { NetworkFee = Price.Parse("-0.001/kWh", PlanningScenario.Usdc), BuyOrder = new OrderId(99) });

        Assert.Equal(SettlementPlanningError.NegativeAmount, Reject(s, s.Request()));
    }

    [Fact]
    public void Plan_NegativeGridFee_IsRejected()
    {
        var s = Valid();
        s.Market = s.Market with { GridFeePerKilowattHour = Price.Parse("-0.001/kWh", PlanningScenario.Usdc) };

        Assert.Equal(SettlementPlanningError.NegativeAmount, Reject(s, s.Request()));
    }

    [Fact]
    public void Plan_WindowNotEnded_IsRejectedAsPeriodNotClosed()
    {
        var s = Valid();
        var request = s.Request() with { AsOf = s.Window().End - TimeSpan.FromSeconds(1) };

        Assert.Equal(SettlementPlanningError.PeriodNotClosed, Reject(s, request));
    }

    [Fact]
    public void Plan_TradeOfAnotherMarket_IsRejected()
    {
        var s = Valid();
        var request = s.Request() with { Trades = [s.Trades[0] with { Market = new MarketId("elsewhere") }] };

        Assert.Equal(SettlementPlanningError.OtherMarket, Reject(s, request));
    }

    [Fact]
    public void Plan_TradeOutsideTheWindow_IsRejected()
    {
        var s = Valid();
        var request = s.Request() with { Trades = [s.Trades[0] with { Period = PlanningScenario.Period(5) }] };

        Assert.Equal(SettlementPlanningError.OutsideWindow, Reject(s, request));
    }

    [Fact]
    public void Plan_SameTradeTwice_IsRejectedAsDuplicate()
    {
        var s = Valid();
        var request = s.Request() with { Trades = [s.Trades[0], s.Trades[0]] };

        Assert.Equal(SettlementPlanningError.Duplicate, Reject(s, request));
    }

    [Fact]
    public void Plan_SameTradeTwiceAmongUnsortedTrades_IsRejectedAsDuplicate()
    {
        var s = Valid();
        var later = s.Trades[0] with { ExecutedAt = s.Trades[0].ExecutedAt + TimeSpan.FromSeconds(1), BuyOrder = new OrderId(900), SellOrder = new OrderId(901) };
        var request = s.Request() with { Trades = [later, s.Trades[0], later] };

        Assert.Equal(SettlementPlanningError.Duplicate, Reject(s, request));
    }

    [Fact]
    public void Plan_DuplicateBeforeABadTrade_NamesTheBadTrade()
    {
        // Every trade is checked before duplicates are looked for, whatever the order of the trades.
        var s = Valid();
        var request = s.Request() with { Trades = [s.Trades[0], s.Trades[0], s.Trades[0] with { Period = PlanningScenario.Period(5) }] };

        Assert.Equal(SettlementPlanningError.OutsideWindow, Reject(s, request));
    }

    [Fact]
    public void Plan_SettledObligationOfAnotherMarket_IsRejected()
    {
        var s = Valid();
        var other = new Obligation(new MarketId("elsewhere"), PlanningScenario.Period(0), ObligationReason.ImbalanceShortfall, PlanningScenario.Id("ann"), PlanningScenario.Grid, PlanningScenario.Usd("1"), new Energy(1), null);
        var request = s.Request() with { SettledObligations = [other] };

        Assert.Equal(SettlementPlanningError.OtherMarket, Reject(s, request));
    }

    [Fact]
    public void Plan_CarriedAmountInAnotherAsset_IsRejectedAsMixedAssets()
    {
        var s = Valid();
        var request = s.Request() with { CarriedAmounts = [new CarriedAmount(s.Window().Id, PlanningScenario.Id("ann"), PlanningScenario.Id("bob"), Money.Parse("0.1", TestAssets.Ether), [], [])] };

        Assert.Equal(SettlementPlanningError.MixedAssets, Reject(s, request));
    }

    [Fact]
    public void Plan_ClearedWithAnAgentThatIsNoParticipant_IsRejected()
    {
        var s = Valid();
        s.Options.Netting = NettingMode.Cleared;
        s.Options.ClearingAgent = PlanningScenario.Id("nobody");

        Assert.Equal(SettlementPlanningError.UnknownParticipant, Reject(s, s.Request()));
    }

    [Fact]
    public void Constructor_InvalidOptions_ReportsEveryProblemAtOnce()
    {
        var options = new SettlementPlanningOptions { Netting = NettingMode.Cleared, MaxExchangeRateAge = TimeSpan.FromMinutes(-1) };
        options.MinimumPayouts.Add(PlanningScenario.Usd("-1"));

        var error = Assert.Throws<ArgumentException>(() => new SettlementPlanner(options));

        Assert.Contains("ClearingAgent", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxExchangeRateAge", error.Message, StringComparison.Ordinal);
        Assert.Contains("MinimumPayouts[0]", error.Message, StringComparison.Ordinal);
    }

    private static PlanningScenario Valid()
    {
        var s = new PlanningScenario();
        s.Trade("ann", "bob", 1_000, "0.100");
        s.ReadingsAsContracted();
        Assert.Single(s.Plan().Legs);
        return s;
    }

    private static SettlementPlanningError Reject(PlanningScenario s, SettlementPlanRequest request) =>
        Assert.Throws<SettlementPlanningException>(() => new SettlementPlanner(s.Options).Plan(request)).Reason;
}
