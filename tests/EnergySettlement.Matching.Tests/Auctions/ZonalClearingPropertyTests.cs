using CsCheck;
using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching.Tests.Auctions;

/// <summary>The zonal call auction on hundreds of random instances, against an independent LP and against the single-zone rule.</summary>
public class ZonalClearingPropertyTests
{
    [Fact]
    public void ZonalClear_RandomInstances_WelfareEqualsLpOptimum()
    {
        // The LP's constraint matrix is a network matrix, so its optimum is reached at integer fills and transfers: the
        // engine's integer result must match GLOP's optimum exactly (GLOP works in doubles; these values are small).
        int withTransfers = 0;
        int withFullPair = 0;
        ZonalAuctionTestOrders.Instances().Sample((network, orders) =>
        {
            var result = new ClearingResult();
            UniformPriceClearingRule.Instance.Clear(orders, network, result);
            var verdict = new ClearingResultValidator().Validate(orders, result, network);
            Assert.True(verdict.IsAccepted, verdict.ToString());

            double optimum = ZonalLpOracle.MaximumWelfare(orders, network);
            Assert.Equal(Math.Round(optimum), (double)ZonalLpOracle.Welfare(orders, result, network));
            Assert.True(Math.Abs(optimum - Math.Round(optimum)) < 1e-6, $"GLOP optimum {optimum} is not an integer");
            if (!result.Transfers.IsEmpty)
            {
                Interlocked.Increment(ref withTransfers);
            }

            foreach (ZoneTransfer transfer in result.Transfers)
            {
                if (transfer.Quantity == network.GetTransferLimit(transfer.FromZone, transfer.ToZone))
                {
                    Interlocked.Increment(ref withFullPair);
                    break;
                }
            }
        }, iter: 600);

        // The instances exercise the grid: energy moves between zones in many, and a limit binds in some.
        Assert.True(withTransfers > 200, $"{withTransfers} of 600 instances moved energy between zones");
        Assert.True(withFullPair > 50, $"{withFullPair} of 600 instances filled a transfer limit");
    }

    [Fact]
    public void ZonalClear_DeepBooksInEveryZone_WelfareEqualsLpOptimumAndPricesSupportFills()
    {
        // Every zone has both sides and many levels, so most of each zone's in-the-money levels lie beyond the bounds
        // every zone price keeps (the committed blocks of the clearing): the result must still be the LP optimum, its
        // zone prices an equilibrium, and no seller below (buyer above) its zone's price unfilled.
        ZonalAuctionTestOrders.DeepInstances().Sample((network, orders) =>
        {
            var result = new ClearingResult();
            UniformPriceClearingRule.Instance.Clear(orders, network, result);
            var verdict = new ClearingResultValidator().Validate(orders, result, network);
            Assert.True(verdict.IsAccepted, verdict.ToString());

            double optimum = ZonalLpOracle.MaximumWelfare(orders, network);
            Assert.Equal(Math.Round(optimum), (double)ZonalLpOracle.Welfare(orders, result, network));
            for (int i = 0; i < orders.Length; i++)
            {
                AuctionOrder o = orders[i];
                long filled = AuctionTestOrders.Filled(result.Fills, i);
                if (result.GetZonePriceTick(o.Zone) is long price && (o.Side == Side.Buy ? o.PriceTick > price : o.PriceTick < price))
                {
                    Assert.Equal(o.Quantity, filled);
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void ZonalClear_RandomInstances_ZonePricesSupportFillsAndTransfers()
    {
        // The prices are an equilibrium for the fills: in each zone no buyer above and no seller below its price is left
        // unfilled and no buyer below or seller above trades; energy moves only towards a zone dearer by at least the
        // fee, and a transfer below its limit leaves the destination dearer by at most the fee. The operator's surplus
        // is exactly the congestion rent.
        ZonalAuctionTestOrders.Instances().Sample((network, orders) =>
        {
            var result = new ClearingResult();
            UniformPriceClearingRule.Instance.Clear(orders, network, result);
            var verdict = new ClearingResultValidator().Validate(orders, result, network);
            Assert.True(verdict.IsAccepted, verdict.ToString());
            if (result.Count == 0)
            {
                Assert.False(result.HasZonePrices);
                return;
            }

            for (int i = 0; i < orders.Length; i++)
            {
                AuctionOrder o = orders[i];
                long filled = AuctionTestOrders.Filled(result.Fills, i);
                if (result.GetZonePriceTick(o.Zone) is not long price)
                {
                    Assert.Equal(0, filled);
                    continue;
                }

                bool inTheMoney = o.Side == Side.Buy ? o.PriceTick > price : o.PriceTick < price;
                bool outOfTheMoney = o.Side == Side.Buy ? o.PriceTick < price : o.PriceTick > price;
                Assert.True(!inTheMoney || filled == o.Quantity, $"order {o} at zone price {price} filled {filled}");
                Assert.True(!outOfTheMoney || filled == 0, $"order {o} at zone price {price} filled {filled}");
            }

            var moved = new Dictionary<(int, int), long>();
            Int128 rent = 0;
            foreach (ZoneTransfer t in result.Transfers)
            {
                moved[(t.FromZone, t.ToZone)] = moved.GetValueOrDefault((t.FromZone, t.ToZone)) + t.Quantity;
                long spread = result.GetZonePriceTick(t.ToZone)!.Value - result.GetZonePriceTick(t.FromZone)!.Value;
                long fee = network.GetNetworkFee(t.FromZone, t.ToZone);
                Assert.True(spread >= fee, $"{t} against the prices (spread {spread}, fee {fee})");
                rent += (Int128)t.Quantity * (spread - fee);
            }

            for (int from = 0; from < network.ZoneCount; from++)
            {
                for (int to = 0; to < network.ZoneCount; to++)
                {
                    long limit = network.GetTransferLimit(from, to);
                    if (from == to || limit == 0 || moved.GetValueOrDefault((from, to)) >= limit
                        || result.GetZonePriceTick(from) is not long fromPrice || result.GetZonePriceTick(to) is not long toPrice)
                    {
                        continue;
                    }

                    Assert.True(toPrice - fromPrice <= network.GetNetworkFee(from, to), $"room left from {from} to {to} but prices {fromPrice} → {toPrice} differ by more than the fee");
                }
            }

            Assert.Equal(rent, verdict.CongestionRent);
            Assert.Equal(verdict.OperatorSurplus, verdict.CongestionRent);
        }, iter: 600);
    }

    [Fact]
    public void ZonalClear_OneZone_EqualsSingleZoneRule()
    {
        AuctionTestOrders.Books().Sample(orders =>
        {
            var single = new ClearingResult();
            var zonal = new ClearingResult();
            UniformPriceClearingRule.Instance.Clear(orders, single);
            ZonalClearing.Clear(orders, ZoneNetwork.SingleZone, zonal, payAsBid: false);

            Assert.Equal(single.ClearingPriceTick, zonal.GetZonePriceTick(0));
            Assert.Equal(single.Fills.ToArray(), zonal.Fills.ToArray());
            Assert.True(zonal.Transfers.IsEmpty);
        }, iter: 3_000);
    }

    [Fact]
    public void ZonalClear_OneZonePayAsBid_EqualsSingleZoneRule()
    {
        AuctionTestOrders.Books().Sample(orders =>
        {
            var single = new ClearingResult();
            var zonal = new ClearingResult();
            PayAsBidClearingRule.Instance.Clear(orders, single);
            ZonalClearing.Clear(orders, ZoneNetwork.SingleZone, zonal, payAsBid: true);

            Assert.Equal(single.Fills.ToArray(), zonal.Fills.ToArray());
            Assert.False(zonal.HasZonePrices);
        }, iter: 1_000);
    }

    [Fact]
    public void ZonalClear_AllOrdersInOneZoneOfMany_EqualsSingleZoneRule()
    {
        Gen.Select(AuctionTestOrders.Books(), ZonalAuctionTestOrders.Networks(), Gen.Int[0, 5]).Sample((orders, network, pick) =>
        {
            int zone = pick % network.ZoneCount;
            var zoned = orders.Select(o => new AuctionOrder(o.OrderId, o.Participant, o.Side, o.PriceTick, o.Quantity, o.Sequence, zone)).ToArray();
            var single = new ClearingResult();
            var zonal = new ClearingResult();
            UniformPriceClearingRule.Instance.Clear(orders, single);
            UniformPriceClearingRule.Instance.Clear(zoned, network, zonal);

            Assert.Equal(single.ClearingPriceTick, zonal.GetZonePriceTick(zone));
            Assert.Equal(single.Fills.ToArray(), zonal.Fills.ToArray());
            for (int other = 0; other < network.ZoneCount; other++)
            {
                Assert.True(other == zone || zonal.GetZonePriceTick(other) is null);
            }
        }, iter: 1_000);
    }

    [Fact]
    public void ZonalClear_ZonesWithoutFeesOrLimits_SamePriceAndVolumeAsOneZone()
    {
        // A grid that costs nothing and carries anything is one market: every zone with trades gets the single-zone
        // price, and as much energy trades (who trades at the marginal price may differ: local first).
        Gen.Select(ZonalAuctionTestOrders.Networks(), Gen.Int[2, 6]).SelectMany((_, zones) =>
            ZonalAuctionTestOrders.Orders(ZonalAuctionTestOrders.Free(zones)).Select(orders => (ZonalAuctionTestOrders.Free(zones), orders)))
            .Sample((network, orders) =>
            {
                var single = new ClearingResult();
                var zonal = new ClearingResult();
                UniformPriceClearingRule.Instance.Clear(orders, single);
                UniformPriceClearingRule.Instance.Clear(orders, network, zonal);
                var validator = new ClearingResultValidator();

                Assert.Equal(validator.Validate(orders, single).MatchedQuantity, validator.Validate(orders, zonal, network).MatchedQuantity);
                for (int zone = 0; zone < network.ZoneCount; zone++)
                {
                    Assert.True(zonal.GetZonePriceTick(zone) is null || zonal.GetZonePriceTick(zone) == single.ClearingPriceTick);
                }
            }, iter: 1_000);
    }

    [Fact]
    public void ZonalClearPayAsBid_RandomInstances_SameFillsAsUniformAtOwnPrices()
    {
        ZonalAuctionTestOrders.Instances().Sample((network, orders) =>
        {
            var uniform = new ClearingResult();
            var payAsBid = new ClearingResult();
            UniformPriceClearingRule.Instance.Clear(orders, network, uniform);
            PayAsBidClearingRule.Instance.Clear(orders, network, payAsBid);
            var verdict = new ClearingResultValidator().Validate(orders, payAsBid, network);

            Assert.True(verdict.IsAccepted, verdict.ToString());
            Assert.True(verdict.OperatorSurplus >= 0);
            Assert.Equal(uniform.Fills.ToArray().Select(f => (f.OrderIndex, f.Quantity)), payAsBid.Fills.ToArray().Select(f => (f.OrderIndex, f.Quantity)));
            Assert.Equal(uniform.Transfers.ToArray(), payAsBid.Transfers.ToArray());
            Assert.All(payAsBid.Fills.ToArray(), f => Assert.Equal(orders[f.OrderIndex].PriceTick, f.PriceTick));
        }, iter: 400);
    }

    [Fact]
    public void ZonalClear_SameInstanceTwice_SameResult()
    {
        ZonalAuctionTestOrders.Instances().Sample((network, orders) =>
        {
            var first = new ClearingResult();
            var second = new ClearingResult();
            UniformPriceClearingRule.Instance.Clear(orders, network, first);
            UniformPriceClearingRule.Instance.Clear(orders.ToArray(), network, second);
            Assert.Equal(first.Fills.ToArray(), second.Fills.ToArray());
            Assert.Equal(first.Transfers.ToArray(), second.Transfers.ToArray());
            for (int zone = 0; zone < network.ZoneCount; zone++)
            {
                Assert.Equal(first.GetZonePriceTick(zone), second.GetZonePriceTick(zone));
            }
        }, iter: 300);
    }
}
