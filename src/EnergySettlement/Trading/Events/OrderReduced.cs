using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>A resting order's quantity was reduced on request; it keeps its time priority.</summary>
public sealed record OrderReduced : MarketEvent
{
    /// <summary>Gets the order.</summary>
    public required OrderId Order { get; init; }

    /// <summary>Gets the order's owner.</summary>
    public required ParticipantId Participant { get; init; }

    /// <summary>Gets the order's side.</summary>
    public required Side Side { get; init; }

    /// <summary>Gets the energy removed (at most what was open).</summary>
    public required Energy Quantity { get; init; }

    /// <summary>Gets what stays open of the order (zero when it left the book).</summary>
    public required Energy Remaining { get; init; }

    /// <summary>Gets whether the market operator reduced the order on the owner's behalf (<see cref="MarketOperator.ReduceAsOperatorAsync"/>).</summary>
    public bool ByOperator { get; init; }
}
