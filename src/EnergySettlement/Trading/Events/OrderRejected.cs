using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>
/// The matching engine refused an order the market operator had journaled (for example because the book was full).
/// Orders the operator refuses itself never reach the journal or the event stream: their caller gets the reason.
/// </summary>
public sealed record OrderRejected : MarketEvent
{
    /// <summary>Gets the order id the market operator had given the order.</summary>
    public required OrderId Order { get; init; }

    /// <summary>Gets the participant.</summary>
    public required ParticipantId Participant { get; init; }

    /// <summary>Gets the order's side.</summary>
    public required Side Side { get; init; }

    /// <summary>Gets why.</summary>
    public required OrderRejectionReason Reason { get; init; }
}
