namespace EnergySettlement.Settlement;

/// <summary>
/// A participant's energy in one period that no trade delivered: <see cref="Shortfall"/> is metered import beyond the
/// energy delivered to it on its buy trades; <see cref="Surplus"/> is metered export beyond the energy it delivered on
/// its sell trades. Both settle with the balancing party (the market's grid operator) at the market's imbalance prices.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Participant">The participant.</param>
/// <param name="Period">The delivery period.</param>
/// <param name="Shortfall">Import not delivered by trades; not negative.</param>
/// <param name="Surplus">Export not delivered on trades; not negative.</param>
/// <param name="IsProvisional">Whether the position rests on an assumed reading of a counterparty.</param>
public sealed record ImbalancePosition(ParticipantId Participant, DeliveryPeriod Period, Energy Shortfall, Energy Surplus, bool IsProvisional);
