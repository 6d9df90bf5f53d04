namespace EnergySettlement.Trading;

/// <summary>A match between a buy and a sell order: energy for one delivery period at one price.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Trade
{
    /// <summary>Gets the market.</summary>
    public required MarketId Market { get; init; }

    /// <summary>Gets the delivery period.</summary>
    public required DeliveryPeriod Period { get; init; }

    /// <summary>Gets the buyer.</summary>
    public required ParticipantId Buyer { get; init; }

    /// <summary>Gets the seller.</summary>
    public required ParticipantId Seller { get; init; }

    /// <summary>Gets the buy order.</summary>
    public required OrderId BuyOrder { get; init; }

    /// <summary>Gets the sell order.</summary>
    public required OrderId SellOrder { get; init; }

    /// <summary>Gets the price (the resting order's price in a continuous market).</summary>
    public required Price Price { get; init; }

    /// <summary>Gets the energy traded.</summary>
    public required Energy Quantity { get; init; }

    /// <summary>Gets when the trade executed (the time of the command that caused it).</summary>
    public required DateTimeOffset ExecutedAt { get; init; }

    /// <summary>Gets the zone of the buyer's order, in a market with zones.</summary>
    public ZoneId? BuyerZone { get; init; }

    /// <summary>Gets the zone of the seller's order, in a market with zones.</summary>
    public ZoneId? SellerZone { get; init; }

    /// <summary>Gets the network fee per kWh for carrying the energy from the seller's zone to the buyer's, payable by the
    /// buyer to the market's grid operator on top of <see cref="Price"/>; <see langword="null"/> or zero inside a zone.</summary>
    public Price? NetworkFee { get; init; }

    /// <summary>Gets the trade's id, derived from market, period, orders and execution time.</summary>
    public TradeId Id => new(string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Market}/{Period.Start.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}/{BuyOrder}-{SellOrder}@{ExecutedAt.UtcTicks}"));

    /// <summary>The money the buyer owes the seller for the trade: price × energy, rounded once as named.</summary>
    /// <param name="rounding">How a fraction of the smallest unit is rounded.</param>
    /// <returns>The value.</returns>
    public Money ValueOf(RoundingMode rounding) => Price.CostOf(Quantity, rounding);
}
