namespace EnergySettlement.Trading;

/// <summary>An order entered its book (and may trade at once: <see cref="TradeExecuted"/> events follow).</summary>
public sealed record OrderAccepted : MarketEvent
{
    /// <summary>Gets the order, with the id and submission time the market operator gave it.</summary>
    public required Order Order { get; init; }
}
