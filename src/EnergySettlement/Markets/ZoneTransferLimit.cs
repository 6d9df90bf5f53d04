namespace EnergySettlement;

/// <summary>
/// The most energy the market may trade from sellers in one zone to buyers in another in one delivery period (one
/// direction; energy traded the other way does not free room), part of a <see cref="MarketGrid"/>.
/// </summary>
/// <param name="From">The zone the energy leaves.</param>
/// <param name="To">The zone the energy enters (another zone).</param>
/// <param name="PerPeriod">The limit per delivery period; zero or more (zero: no energy moves that way).</param>
/// <remarks>Immutable and thread-safe.</remarks>
public readonly record struct ZoneTransferLimit(ZoneId From, ZoneId To, Energy PerPeriod);
