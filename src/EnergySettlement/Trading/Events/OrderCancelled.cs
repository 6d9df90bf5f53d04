using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>Energy was removed from an order without trading: on request, as the unfilled rest of an immediate order, or by self-trade prevention.</summary>
public sealed record OrderCancelled : MarketEvent
{
    /// <summary>Gets the order.</summary>
    public required OrderId Order { get; init; }

    /// <summary>Gets the order's owner.</summary>
    public required ParticipantId Participant { get; init; }

    /// <summary>Gets the order's side.</summary>
    public required Side Side { get; init; }

    /// <summary>Gets the energy removed.</summary>
    public required Energy Quantity { get; init; }

    /// <summary>Gets what stays open of the order (zero when it left the book).</summary>
    public required Energy Remaining { get; init; }

    /// <summary>Gets why.</summary>
    public required CancelReason Reason { get; init; }

    /// <summary>Gets whether the market operator cancelled the order on the owner's behalf (<see cref="MarketOperator.CancelAsOperatorAsync"/>).</summary>
    public bool ByOperator { get; init; }
}
