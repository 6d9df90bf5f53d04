namespace EnergySettlement;

/// <summary>
/// The network fee on energy a seller in one zone delivers to a buyer in another (one direction), part of a
/// <see cref="MarketGrid"/>. The buyer pays it per kWh on top of the trade's price; it becomes the market's
/// <see cref="MarketDefinition.GridOperator"/>'s due in settlement.
/// </summary>
/// <param name="From">The seller's zone.</param>
/// <param name="To">The buyer's zone (another zone).</param>
/// <param name="PerKilowattHour">The fee per kWh, in the market's quote asset, on its tick grid, not negative.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public readonly record struct ZoneNetworkFee(ZoneId From, ZoneId To, Price PerKilowattHour);
