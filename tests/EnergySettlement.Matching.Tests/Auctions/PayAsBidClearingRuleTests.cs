using EnergySettlement.Matching.Auctions;
using static EnergySettlement.Matching.Tests.Auctions.AuctionTestOrders;

namespace EnergySettlement.Matching.Tests.Auctions;

public class PayAsBidClearingRuleTests
{
    [Fact]
    public void Clear_DocsExampleTwo_EachOrderTradesAtItsOwnLimitAndOperatorKeepsSpread()
    {
        // docs/clearing.md, example 2 under pay-as-bid: same quantities as the uniform rule, prices are the limits.
        AuctionOrder[] orders =
        [
            Buy(1, 30, 100, 1), Buy(2, 25, 200, 2), Buy(3, 25, 100, 3),
            Sell(4, 20, 150, 4), Sell(5, 24, 101, 5),
        ];
        var result = new ClearingResult();

        PayAsBidClearingRule.Instance.Clear(orders, result);
        var verdict = new ClearingResultValidator().Validate(orders, result);

        Assert.Null(result.ClearingPriceTick);
        Assert.Equal(
            [new AuctionFill(0, 1, 100, 30), new AuctionFill(1, 2, 101, 25), new AuctionFill(2, 3, 50, 25), new AuctionFill(3, 4, 150, 20), new AuctionFill(4, 5, 101, 24)],
            result.Fills.ToArray());
        Assert.Equal((Int128)6_775, verdict.BuyerPayment);   // 100*30 + 101*25 + 50*25
        Assert.Equal((Int128)5_424, verdict.SellerReceipt);  // 150*20 + 101*24
        Assert.Equal((Int128)1_351, verdict.OperatorSurplus);
    }

    [Fact]
    public void Name_IsStable() => Assert.Equal("pay-as-bid", PayAsBidClearingRule.Instance.Name);
}
