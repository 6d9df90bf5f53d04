namespace EnergySettlement.Matching;

/// <summary>
/// Receives the events a book produces. Implement it on a struct and pass it by reference to
/// <see cref="OrderBook.Process{TSink}(in Command, ref TSink)"/> so that delivery is a direct, inlinable, allocation-free call.
/// </summary>
/// <remarks>
/// The engine calls the sink synchronously, on the thread processing the command, in the order events happen.
/// The sink must not call back into the same book. It should not throw: an exception leaves the book consistent
/// (state changes happen before each event) but the command's remaining work is abandoned.
/// </remarks>
public interface IMatchingEventSink
{
    /// <summary>Called once per event.</summary>
    /// <param name="matchingEvent">The event; valid only during the call.</param>
    void OnEvent(in MatchingEvent matchingEvent);
}
