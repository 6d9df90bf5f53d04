using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching.Tests.Auctions;

/// <summary>Each kind of bad zonal result a host rule could propose is refused with its own reason.</summary>
public class ZonalClearingResultValidatorTests
{
    // Zone 0 sells 100 Wh at 10 or more; zone 1 buys 100 Wh at 30 or less. 0 → 1 costs 4 ticks per kWh and carries 60 Wh.
    private static readonly ZoneNetwork Network = new ZoneNetworkBuilder(2).SetNetworkFee(0, 1, 4).SetTransferLimit(0, 1, 60).Build();
    private readonly AuctionOrder[] orders =
    [
        new(1, 1, Side.Sell, 10, 100, 1, zone: 0),
        new(2, 2, Side.Buy, 30, 100, 2, zone: 1),
    ];

    private readonly ClearingResultValidator validator = new();

    private static ClearingResult Result(long quantity, long sellPrice, long buyPrice, params ZoneTransfer[] transfers)
    {
        var result = new ClearingResult();
        result.AddFill(new AuctionFill(0, 1, quantity, sellPrice));
        result.AddFill(new AuctionFill(1, 2, quantity, buyPrice));
        foreach (ZoneTransfer transfer in transfers)
        {
            result.AddTransfer(transfer);
        }

        return result;
    }

    [Fact]
    public void Validate_HonestZonalResult_IsAcceptedWithFeesAndCongestionRent()
    {
        ClearingResult result = Result(60, 10, 30, new ZoneTransfer(0, 1, 60));
        result.SetZonePrice(0, 10);
        result.SetZonePrice(1, 30);

        var verdict = validator.Validate(orders, result, Network);

        Assert.True(verdict.IsAccepted, verdict.ToString());
        Assert.Equal((Int128)(60 * 4), verdict.NetworkFees);
        Assert.Equal((Int128)(60 * (30 - 10 - 4)), verdict.CongestionRent);
        Assert.Equal(verdict.BuyerPayment, verdict.SellerReceipt + verdict.NetworkFees + verdict.CongestionRent);
    }

    [Fact]
    public void Validate_TradeAcrossZonesWithoutTransfer_IsRejectedAsZoneImbalance()
        => Assert.Equal(ClearingRejectionReason.ZoneImbalance, validator.Validate(orders, Result(50, 20, 20), Network).Reason);

    [Fact]
    public void Validate_TransferBeyondLimit_IsRejected()
        => Assert.Equal(ClearingRejectionReason.TransferLimitExceeded, validator.Validate(orders, Result(70, 10, 30, new ZoneTransfer(0, 1, 70)), Network).Reason);

    [Fact]
    public void Validate_LimitSplitOverSeveralTransfers_IsStillEnforced()
        => Assert.Equal(ClearingRejectionReason.TransferLimitExceeded, validator.Validate(orders, Result(70, 10, 30, new ZoneTransfer(0, 1, 40), new ZoneTransfer(0, 1, 30)), Network).Reason);

    [Fact]
    public void Validate_TransferToUnknownZone_IsRejected()
        => Assert.Equal(ClearingRejectionReason.UnknownZone, validator.Validate(orders, Result(50, 10, 30, new ZoneTransfer(0, 2, 50)), Network).Reason);

    [Fact]
    public void Validate_TransferWithinOneZoneOrEmpty_IsRejectedAsInvalidTransfer()
    {
        Assert.Equal(ClearingRejectionReason.InvalidTransfer, validator.Validate(orders, Result(50, 10, 30, new ZoneTransfer(0, 1, 50), new ZoneTransfer(1, 1, 5)), Network).Reason);
        Assert.Equal(ClearingRejectionReason.InvalidTransfer, validator.Validate(orders, Result(50, 10, 30, new ZoneTransfer(0, 1, 50), new ZoneTransfer(1, 0, 0)), Network).Reason);
    }

    [Fact]
    public void Validate_FeesNotCoveredByBuyers_IsRejectedAsBudgetDeficit()
        => Assert.Equal(ClearingRejectionReason.BudgetDeficit, validator.Validate(orders, Result(50, 12, 14, new ZoneTransfer(0, 1, 50)), Network).Reason);

    [Fact]
    public void Validate_OrderInZoneOutsideNetwork_IsRejectedAsUnknownZone()
    {
        AuctionOrder[] outside = [new(1, 1, Side.Sell, 10, 100, 1, zone: 0), new(2, 2, Side.Buy, 30, 100, 2, zone: 5)];
        Assert.Equal(ClearingRejectionReason.UnknownZone, validator.Validate(outside, Result(50, 10, 30, new ZoneTransfer(0, 1, 50)), Network).Reason);
    }

    [Fact]
    public void Validate_FillAwayFromItsZonePrice_IsRejectedAsPriceNotUniform()
    {
        ClearingResult result = Result(50, 10, 30, new ZoneTransfer(0, 1, 50));
        result.SetZonePrice(0, 10);
        result.SetZonePrice(1, 29);
        Assert.Equal(ClearingRejectionReason.PriceNotUniform, validator.Validate(orders, result, Network).Reason);
    }

    [Fact]
    public void Validate_MoneyBeyond128Bits_IsRejectedAsAmountOutOfRange()
    {
        // Four fills of 2^63 − 1 Wh on each side at about 2^63 ticks: each side's money is about 2^128 tick·Wh.
        var huge = new AuctionOrder[8];
        var result = new ClearingResult();
        for (int i = 0; i < 8; i++)
        {
            huge[i] = new AuctionOrder(i, i, i < 4 ? Side.Sell : Side.Buy, long.MaxValue - 1, long.MaxValue, i);
            result.AddFill(new AuctionFill(i, i, long.MaxValue, long.MaxValue - 1));
        }

        Assert.Equal(ClearingRejectionReason.AmountOutOfRange, validator.Validate(huge, result).Reason);
    }
}
