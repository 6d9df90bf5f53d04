using EnergySettlement.Settlement;

namespace EnergySettlement.Tests.Settlement.Planning;

/// <summary>The allocation rule and delivered energy: pro rata to contracted energy, floor, largest remainder, capped.</summary>
public sealed class ReconciliationTests
{
    [Fact]
    public void Plan_SellerExportsLessThanSold_AllocatesProRataFloorThenLargestRemainder()
    {
        var s = new PlanningScenario();
        s.Trade("sun", "b1", 100, "0.100");
        s.Trade("sun", "b2", 200, "0.100");
        s.Trade("sun", "b3", 300, "0.100");
        s.Reading("sun", 0, 301).ReadingsAsContracted();

        var plan = s.Plan();

        // 301·100/600 = 50 r 100, 301·200/600 = 100 r 200, 301·300/600 = 150 r 300: the leftover Wh goes to the largest remainder.
        Assert.Equal([50L, 100L, 151L], plan.Deliveries.Select(d => d.SellerAllocation.WattHours));
    }

    [Fact]
    public void Plan_EqualRemainders_LeftoverGoesToEarlierExecutedTrade()
    {
        var s = new PlanningScenario();
        s.Trade("sun", "b1", 100, "0.100");
        s.Trade("sun", "b2", 100, "0.100");
        s.Reading("sun", 0, 101).ReadingsAsContracted();

        var plan = s.Plan();

        Assert.Equal([51L, 50L], plan.Deliveries.Select(d => d.SellerAllocation.WattHours));
    }

    [Fact]
    public void Plan_SellerExportsMoreThanSold_EachAllocationCappedAtContracted()
    {
        var s = new PlanningScenario();
        s.Trade("sun", "b1", 100, "0.100");
        s.Trade("sun", "b2", 200, "0.100");
        s.Reading("sun", 0, 1_000).ReadingsAsContracted();

        var plan = s.Plan();

        Assert.Equal([100L, 200L], plan.Deliveries.Select(d => d.SellerAllocation.WattHours));
    }

    [Fact]
    public void Plan_BuyerImportsLessThanSellerDelivers_DeliveredIsTheSmallerAllocation()
    {
        var s = new PlanningScenario();
        s.Trade("sun", "home", 1_000, "0.100");
        s.Reading("sun", 0, 1_000).Reading("home", 600, 0);

        var delivery = Assert.Single(s.Plan().Deliveries);

        Assert.Equal((1_000L, 600L, 600L), (delivery.SellerAllocation.WattHours, delivery.BuyerAllocation.WattHours, delivery.Delivered.WattHours));
    }

    [Fact]
    public void Plan_TradeObligation_IsPriceTimesDeliveredRoundedOnceBuyerToSeller()
    {
        var s = new PlanningScenario();
        s.Trade("sun", "home", 1_000, "0.123");
        s.Reading("sun", 0, 777).Reading("home", 1_000, 0);

        var obligation = Assert.Single(s.Plan().Obligations);

        // 0.123 USDC/kWh × 777 Wh = 0.095571 USDC exactly (6 decimals): no rounding needed here.
        Assert.Equal((PlanningScenario.Id("home"), PlanningScenario.Id("sun"), PlanningScenario.Usd("0.095571"), ObligationReason.Trade), (obligation.Payer, obligation.Payee, obligation.Amount, obligation.Reason));
    }

    [Theory]
    [InlineData(RoundingMode.HalfToEven, 2)]
    [InlineData(RoundingMode.Ceiling, 3)]
    [InlineData(RoundingMode.Floor, 2)]
    public void Plan_TradeValueWithAFractionOfAUnit_RoundsOnceAsTheOptionsName(RoundingMode rounding, long expectedUnits)
    {
        var s = new PlanningScenario();
        s.Market = s.Market with { TickSize = PlanningScenario.Usd("0.000001") };
        s.Options.ObligationRounding = rounding;
        s.Trade("sun", "home", 2_500, "0.000001");
        s.ReadingsAsContracted();

        // 1 unit/kWh × 2500 Wh = 2.5 units.
        Assert.Equal(expectedUnits, (long)Assert.Single(s.Plan().Obligations).Amount.Amount);
    }

    [Fact]
    public void Plan_NegativePrice_SellerPaysBuyer()
    {
        var s = new PlanningScenario();
        s.Trade("sun", "home", 1_000, "-0.050");
        s.ReadingsAsContracted();

        var obligation = Assert.Single(s.Plan().Obligations);

        Assert.Equal((PlanningScenario.Id("sun"), PlanningScenario.Id("home"), PlanningScenario.Usd("0.05")), (obligation.Payer, obligation.Payee, obligation.Amount));
    }
}
