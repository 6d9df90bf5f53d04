using CsCheck;
using EnergySettlement.Matching.Auctions;
using EnergySettlement.Matching.Reference.Auctions;

namespace EnergySettlement.Matching.Tests.Auctions;

/// <summary>Properties over thousands of random order sets; CsCheck prints the seed of a failing case.</summary>
public class CallAuctionPropertyTests
{
    [Fact]
    public void UniformClear_RandomBooks_EqualsBruteForceReference()
    {
        AuctionTestOrders.Books().Sample(orders =>
        {
            var result = new ClearingResult();
            UniformPriceClearingRule.Instance.Clear(orders, result);
            var expected = BruteForceCallAuction.Clear(orders);

            Assert.Equal(expected.PriceTick, result.ClearingPriceTick);
            Assert.Equal(expected.Fills, result.Fills.ToArray());
        }, iter: 3_000);
    }

    [Fact]
    public void PayAsBidClear_RandomBooks_EqualsBruteForceReference()
    {
        AuctionTestOrders.Books().Sample(orders =>
        {
            var result = new ClearingResult();
            PayAsBidClearingRule.Instance.Clear(orders, result);
            var expected = BruteForceCallAuction.Clear(orders, payAsBid: true);

            Assert.Null(result.ClearingPriceTick);
            Assert.Equal(expected.Fills, result.Fills.ToArray());
        }, iter: 2_000);
    }

    [Fact]
    public void UniformClear_RandomBooks_SatisfiesClearingConditions()
    {
        AuctionTestOrders.Books().Sample(orders =>
        {
            var result = new ClearingResult();
            UniformPriceClearingRule.Instance.Clear(orders, result);
            if (result.ClearingPriceTick is not long price)
            {
                // Nothing may cross: the best bid is below the best ask.
                var bestBid = orders.Where(o => o.Side == Side.Buy).Select(o => o.PriceTick).DefaultIfEmpty(long.MinValue).Max();
                var bestAsk = orders.Where(o => o.Side == Side.Sell).Select(o => o.PriceTick).DefaultIfEmpty(long.MaxValue).Min();
                Assert.True(bestBid < bestAsk);
                return;
            }

            for (var i = 0; i < orders.Length; i++)
            {
                var filled = AuctionTestOrders.Filled(result.Fills, i);
                var o = orders[i];
                var mustFill = o.Side == Side.Buy ? o.PriceTick > price : o.PriceTick < price;
                var mayFill = o.Side == Side.Buy ? o.PriceTick >= price : o.PriceTick <= price;
                if (mustFill)
                {
                    Assert.Equal(o.Quantity, filled); // no unmatched buyer above / seller below the price
                }
                else if (!mayFill)
                {
                    Assert.Equal(0, filled);
                }
            }
        }, iter: 3_000);
    }

    [Fact]
    public void UniformClear_RandomBooks_MatchesMaximumVolume()
    {
        AuctionTestOrders.Books().Sample(orders =>
        {
            var result = new ClearingResult();
            UniformPriceClearingRule.Instance.Clear(orders, result);
            System.Numerics.BigInteger best = 0;
            for (long p = -6; p <= 26; p++)
            {
                best = System.Numerics.BigInteger.Max(best, System.Numerics.BigInteger.Min(BruteForceCallAuction.Demand(orders, p), BruteForceCallAuction.Supply(orders, p)));
            }

            Assert.Equal(best, (System.Numerics.BigInteger)new ClearingResultValidator().Validate(orders, result).MatchedQuantity);
        }, iter: 2_000);
    }

    [Fact]
    public void BuiltInRules_RandomBooks_ValidatorAcceptsAndEnergyIsConserved()
    {
        AuctionTestOrders.Books().Sample(orders =>
        {
            var validator = new ClearingResultValidator();
            var uniform = new ClearingResult();
            var payAsBid = new ClearingResult();
            UniformPriceClearingRule.Instance.Clear(orders, uniform);
            PayAsBidClearingRule.Instance.Clear(orders, payAsBid);

            var u = validator.Validate(orders, uniform);
            var d = validator.Validate(orders, payAsBid);

            Assert.True(u.IsAccepted, u.ToString());
            Assert.True(d.IsAccepted, d.ToString());
            Assert.Equal(Int128.Zero, u.OperatorSurplus);
            Assert.True(d.OperatorSurplus >= 0);
            Assert.Equal(u.MatchedQuantity, d.MatchedQuantity);
            Assert.Equal(d.BuyerPayment, d.SellerReceipt + d.OperatorSurplus); // paid == received + operator
            foreach (var fill in payAsBid.Fills)
            {
                Assert.Equal(orders[fill.OrderIndex].PriceTick, fill.PriceTick);
            }
        }, iter: 3_000);
    }

    [Fact]
    public void UniformClear_WideBandRandomBooks_EqualsSortAndSweepBaseline()
    {
        // Prices spread over ~10^9 ticks force the sorted-levels path; the baseline is an independent sweep.
        AuctionTestOrders.Books(maxOrders: 60, minPrice: 0, maxPrice: 40).Select(orders => orders
                .Select(o => new AuctionOrder(o.OrderId, o.Participant, o.Side, o.PriceTick * 25_000_000, o.Quantity, o.Sequence))
                .ToArray())
            .Sample(orders =>
            {
                var result = new ClearingResult();
                UniformPriceClearingRule.Instance.Clear(orders, result);
                var crossed = new SortAndSweepCallAuction().TryClear(orders, out var price, out var volume);

                Assert.Equal(crossed ? price : null, result.ClearingPriceTick);
                var verdict = new ClearingResultValidator().Validate(orders, result);
                Assert.True(verdict.IsAccepted);
                Assert.Equal(crossed ? volume : 0, verdict.MatchedQuantity);
            }, iter: 2_000);
    }

    [Fact]
    public void UniformClear_ShuffledOrders_SamePriceAndSameFillPerOrder()
    {
        // The result depends on the orders, not on their position in the span (ties use Sequence, then index only
        // when sequences are equal, which the generator avoids by using the position as the sequence).
        Gen.Select(AuctionTestOrders.Books(), Gen.Int).Sample((orders, seed) =>
        {
            var unique = orders.Select((o, i) => new AuctionOrder(o.OrderId, o.Participant, o.Side, o.PriceTick, o.Quantity, i)).ToArray();
            var shuffled = unique.ToArray();
            new Random(seed).Shuffle(shuffled);
            var first = new ClearingResult();
            var second = new ClearingResult();

            UniformPriceClearingRule.Instance.Clear(unique, first);
            UniformPriceClearingRule.Instance.Clear(shuffled, second);

            Assert.Equal(first.ClearingPriceTick, second.ClearingPriceTick);
            var byId = first.Fills.ToArray().ToDictionary(f => f.OrderId, f => f.Quantity);
            var shuffledById = second.Fills.ToArray().ToDictionary(f => f.OrderId, f => f.Quantity);
            Assert.Equal(byId.OrderBy(p => p.Key), shuffledById.OrderBy(p => p.Key));
        }, iter: 2_000);
    }
}
