using EnergySettlement.Matching.Auctions;
using static EnergySettlement.Matching.Tests.Auctions.AuctionTestOrders;

namespace EnergySettlement.Matching.Tests.Auctions;

/// <summary>Each kind of manipulated result a host rule could propose is refused with its own reason.</summary>
public class ClearingResultValidatorTests
{
    // Buyer 0: 100 Wh at most 30; buyer 1: 50 Wh at most 20; seller 2: 80 Wh at least 10; seller 3: 60 Wh at least 25.
    private readonly AuctionOrder[] orders = [Buy(1, 30, 100), Buy(2, 20, 50), Sell(3, 10, 80), Sell(4, 25, 60)];
    private readonly ClearingResultValidator validator = new();

    [Fact]
    public void Validate_HonestUniformResult_IsAccepted()
    {
        var verdict = validator.Validate(orders, [new AuctionFill(0, 1, 80, 20), new AuctionFill(2, 3, 80, 20)], 20);

        Assert.True(verdict.IsAccepted);
        Assert.Equal(ClearingRejectionReason.None, verdict.Reason);
        Assert.Equal(80, verdict.MatchedQuantity);
        Assert.Equal((Int128)1_600, verdict.BuyerPayment);
        Assert.Equal((Int128)1_600, verdict.SellerReceipt);
        Assert.Equal(-1, verdict.FillIndex);
    }

    [Fact]
    public void Validate_FillIndexOutOfRange_IsRejectedAsUnknownOrder() =>
        AssertRejected(ClearingRejectionReason.UnknownOrder, 1, [new AuctionFill(0, 1, 10, 20), new AuctionFill(4, 5, 10, 20)]);

    [Fact]
    public void Validate_NegativeFillIndex_IsRejectedAsUnknownOrder() =>
        AssertRejected(ClearingRejectionReason.UnknownOrder, 0, [new AuctionFill(-1, 1, 10, 20)]);

    [Fact]
    public void Validate_OrderIdDiffersFromIndexedOrder_IsRejectedAsOrderIdMismatch() =>
        AssertRejected(ClearingRejectionReason.OrderIdMismatch, 1, [new AuctionFill(0, 1, 10, 20), new AuctionFill(2, 4, 10, 20)]);

    [Fact]
    public void Validate_NegativeQuantity_IsRejectedAsNonPositiveQuantity() =>
        AssertRejected(ClearingRejectionReason.NonPositiveQuantity, 0, [new AuctionFill(0, 1, -10, 20), new AuctionFill(2, 3, -10, 20)]);

    [Fact]
    public void Validate_ZeroQuantity_IsRejectedAsNonPositiveQuantity() =>
        AssertRejected(ClearingRejectionReason.NonPositiveQuantity, 0, [new AuctionFill(0, 1, 0, 20)]);

    [Fact]
    public void Validate_OrderFilledBeyondQuantityAcrossFills_IsRejectedAsOverfilled() =>
        AssertRejected(
            ClearingRejectionReason.Overfilled,
            2,
            [new AuctionFill(2, 3, 60, 20), new AuctionFill(0, 1, 90, 20), new AuctionFill(2, 3, 30, 20)]);

    [Fact]
    public void Validate_BuyerPaysAboveLimit_IsRejectedAsLimitPriceViolated() =>
        AssertRejected(ClearingRejectionReason.LimitPriceViolated, 0, [new AuctionFill(1, 2, 50, 21), new AuctionFill(2, 3, 50, 21)], null);

    [Fact]
    public void Validate_SellerReceivesBelowLimit_IsRejectedAsLimitPriceViolated() =>
        AssertRejected(ClearingRejectionReason.LimitPriceViolated, 1, [new AuctionFill(0, 1, 60, 24), new AuctionFill(3, 4, 60, 24)], null);

    [Fact]
    public void Validate_FillOffDeclaredUniformPrice_IsRejectedAsPriceNotUniform() =>
        AssertRejected(ClearingRejectionReason.PriceNotUniform, 1, [new AuctionFill(0, 1, 80, 20), new AuctionFill(2, 3, 80, 19)], 20);

    [Fact]
    public void Validate_MoreBoughtThanSold_IsRejectedAsEnergyImbalance() =>
        AssertRejected(ClearingRejectionReason.EnergyImbalance, -1, [new AuctionFill(0, 1, 81, 20), new AuctionFill(2, 3, 80, 20)]);

    [Fact]
    public void Validate_SellersPaidMoreThanBuyersPay_IsRejectedAsBudgetDeficit() =>
        AssertRejected(ClearingRejectionReason.BudgetDeficit, -1, [new AuctionFill(0, 1, 80, 11), new AuctionFill(2, 3, 80, 29)], null);

    [Fact]
    public void Validate_ManipulatedBuiltInResult_IsRejected()
    {
        // A rule that inflates the fully filled buyer's fill by 1 Wh after an honest clearing (price 25).
        var result = new ClearingResult();
        UniformPriceClearingRule.Instance.Clear(orders, result);
        var fills = result.Fills.ToArray();
        fills[0] = new AuctionFill(fills[0].OrderIndex, fills[0].OrderId, fills[0].Quantity + 1, fills[0].PriceTick);

        var verdict = validator.Validate(orders, fills, result.ClearingPriceTick);

        Assert.False(verdict.IsAccepted);
        Assert.Equal(ClearingRejectionReason.Overfilled, verdict.Reason);
    }

    [Fact]
    public void Validate_RejectedVerdict_ReportsNoTotals()
    {
        var verdict = validator.Validate(orders, [new AuctionFill(0, 1, 81, 20), new AuctionFill(2, 3, 80, 20)], 20);

        Assert.Equal(0, verdict.MatchedQuantity);
        Assert.Equal(Int128.Zero, verdict.BuyerPayment);
    }

    [Fact]
    public void Validate_NullResult_Throws() =>
        Assert.Throws<ArgumentNullException>(() => validator.Validate(orders, null!));

    private void AssertRejected(ClearingRejectionReason reason, int fillIndex, AuctionFill[] fills, long? price = 20)
    {
        var verdict = validator.Validate(orders, fills, price);

        Assert.False(verdict.IsAccepted);
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(fillIndex, verdict.FillIndex);
    }
}
