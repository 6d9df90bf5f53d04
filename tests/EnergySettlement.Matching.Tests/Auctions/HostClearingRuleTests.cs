using EnergySettlement.Matching.Auctions;
using static EnergySettlement.Matching.Tests.Auctions.AuctionTestOrders;

namespace EnergySettlement.Matching.Tests.Auctions;

/// <summary>A host plugs its own rule by deriving from <see cref="ClearingRule"/>; the validator still guards the market.</summary>
public class HostClearingRuleTests
{
    private readonly AuctionOrder[] orders = [Buy(1, 30, 100), Sell(2, 10, 100)];

    [Fact]
    public void HostRule_HonestMidpointPairing_IsAccepted()
    {
        var result = new ClearingResult();

        new PairAtPriceRule(20).Clear(orders, result);
        var verdict = new ClearingResultValidator().Validate(orders, result);

        Assert.True(verdict.IsAccepted);
        Assert.Equal(100, verdict.MatchedQuantity);
    }

    [Fact]
    public void HostRule_PriceAboveBuyerLimit_IsRejected()
    {
        var result = new ClearingResult();

        new PairAtPriceRule(31).Clear(orders, result);
        var verdict = new ClearingResultValidator().Validate(orders, result);

        Assert.Equal(ClearingRejectionReason.LimitPriceViolated, verdict.Reason);
        Assert.Equal(0, verdict.FillIndex);
    }

    /// <summary>A toy host rule: trades every order in full at one fixed price, whatever the limits.</summary>
    private sealed class PairAtPriceRule(long price) : ClearingRule
    {
        public override string Name => "host-fixed-price";

        public override void Clear(ReadOnlySpan<AuctionOrder> orders, ClearingResult result)
        {
            ArgumentNullException.ThrowIfNull(result);
            result.Reset();
            for (var i = 0; i < orders.Length; i++)
            {
                result.AddFill(new AuctionFill(i, orders[i].OrderId, orders[i].Quantity, price));
            }

            result.SetClearingPrice(price);
        }
    }
}
