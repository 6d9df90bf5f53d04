namespace EnergySettlement.Trading;

/// <summary>A call auction cleared: its <see cref="TradeExecuted"/> events came just before.</summary>
public sealed record AuctionCleared : MarketEvent
{
    /// <summary>Gets the uniform clearing price, or <see langword="null"/> when nothing crossed or, in a market with a grid, the zones cleared at different prices (each trade then carries its seller's zone price and the difference to its buyer's as <see cref="Trade.NetworkFee"/>).</summary>
    public Price? ClearingPrice { get; init; }

    /// <summary>Gets the energy traded.</summary>
    public required Energy Volume { get; init; }
}
