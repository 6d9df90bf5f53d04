namespace EnergySettlement.Trading;

/// <summary>A delivery period's book closed at gate closure; the <see cref="OrderExpired"/> events of its last open orders came just before.</summary>
public sealed record BookClosed : MarketEvent;
