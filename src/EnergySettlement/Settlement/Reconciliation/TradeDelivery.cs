using EnergySettlement.Trading;

namespace EnergySettlement.Settlement;

/// <summary>
/// How much of a trade was delivered: the seller's metered export allocated to it, the buyer's metered import allocated
/// to it, and the smaller of the two, which is what the buyer pays for.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Trade">The trade.</param>
/// <param name="SellerAllocation">The part of the seller's export allocated to this trade; at most the contracted energy.</param>
/// <param name="BuyerAllocation">The part of the buyer's import allocated to this trade; at most the contracted energy.</param>
/// <param name="IsProvisional">Whether an allocation rests on an assumed reading.</param>
public sealed record TradeDelivery(Trade Trade, Energy SellerAllocation, Energy BuyerAllocation, bool IsProvisional)
{
    /// <summary>Gets the contracted energy.</summary>
    public Energy Contracted => Trade.Quantity;

    /// <summary>Gets the delivered energy: the smaller allocation.</summary>
    public Energy Delivered => SellerAllocation < BuyerAllocation ? SellerAllocation : BuyerAllocation;
}
