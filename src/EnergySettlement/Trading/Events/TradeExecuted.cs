namespace EnergySettlement.Trading;

/// <summary>A buy and a sell order traded.</summary>
public sealed record TradeExecuted : MarketEvent
{
    /// <summary>Gets the trade.</summary>
    public required Trade Trade { get; init; }

    /// <summary>Gets what stays open of the buy order after this trade.</summary>
    public required Energy BuyRemaining { get; init; }

    /// <summary>Gets what stays open of the sell order after this trade.</summary>
    public required Energy SellRemaining { get; init; }
}
