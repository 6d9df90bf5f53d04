using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>An order was still open at gate closure and left the book unfilled.</summary>
public sealed record OrderExpired : MarketEvent
{
    /// <summary>Gets the order.</summary>
    public required OrderId Order { get; init; }

    /// <summary>Gets the order's owner.</summary>
    public required ParticipantId Participant { get; init; }

    /// <summary>Gets the order's side.</summary>
    public required Side Side { get; init; }

    /// <summary>Gets the energy that expired.</summary>
    public required Energy Quantity { get; init; }
}
