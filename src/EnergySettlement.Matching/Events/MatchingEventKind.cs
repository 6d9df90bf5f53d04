namespace EnergySettlement.Matching;

/// <summary>What happened, as reported by a <see cref="MatchingEvent"/>.</summary>
public enum MatchingEventKind : byte
{
    /// <summary>A new order passed validation; <see cref="MatchingEvent.Quantity"/> is its submitted quantity.</summary>
    Accepted = 0,

    /// <summary>
    /// Two orders traded <see cref="MatchingEvent.Quantity"/> Wh at the resting (counter) order's price, or a call auction
    /// filled one order (see <see cref="MatchingEvent"/> for the price and network-fee convention).
    /// </summary>
    Trade = 1,

    /// <summary>Some or all of an order's quantity was removed without trading; <see cref="MatchingEvent.CancelReason"/> says why.</summary>
    Cancelled = 2,

    /// <summary>A resting order's quantity was reduced on request, keeping its time priority.</summary>
    Reduced = 3,

    /// <summary>A resting order expired at gate closure.</summary>
    Expired = 4,

    /// <summary>A command was refused without changing the book; <see cref="MatchingEvent.RejectReason"/> says why.</summary>
    Rejected = 5,

    /// <summary>
    /// A call auction moved <see cref="MatchingEvent.Quantity"/> Wh from zone <see cref="MatchingEvent.Zone"/> to zone
    /// <see cref="MatchingEvent.CounterZone"/>, after the uncross's trades: the grid operator is owed Quantity ×
    /// <see cref="MatchingEvent.NetworkFeeTick"/>, and Quantity × (<see cref="MatchingEvent.PriceTick"/> −
    /// <see cref="MatchingEvent.NetworkFeeTick"/>) is the transfer's congestion rent (tick·Wh).
    /// </summary>
    Transfer = 6,
}
