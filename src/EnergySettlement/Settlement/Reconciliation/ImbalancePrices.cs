namespace EnergySettlement.Settlement;

/// <summary>
/// The prices at which a market's balancing party (its grid operator) settles imbalances: a participant pays
/// <see cref="ShortfallPrice"/> per kWh of shortfall and is paid <see cref="SurplusPrice"/> per kWh of surplus.
/// </summary>
/// <remarks>Both are in the market's quote asset. A negative price reverses the direction of payment (a negative surplus
/// price means the participant pays to feed in). Immutable and thread-safe.</remarks>
/// <param name="ShortfallPrice">The price per kWh of shortfall, paid by the participant to the balancing party.</param>
/// <param name="SurplusPrice">The price per kWh of surplus, paid by the balancing party to the participant.</param>
public sealed record ImbalancePrices(Price ShortfallPrice, Price SurplusPrice);
