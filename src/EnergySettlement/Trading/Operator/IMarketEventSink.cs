namespace EnergySettlement.Trading;

/// <summary>
/// Receives every event of the markets it is registered with, reliably and in order: the market operator waits for it
/// before it answers the command that caused the events, so a sink that records trades durably has them before anyone
/// is told. Register with <c>es.AddMarketEventSink&lt;TSink&gt;()</c>.
/// </summary>
/// <remarks>
/// Called from one task per market, never concurrently for one market (several markets may call it at once). A sink that
/// throws stops the market operator (<see cref="MarketOperatorState.Faulted"/>): nothing is silently lost, and a restart
/// re-emits the events after the latest snapshot. A sink that is slow slows its market (back-pressure).
/// </remarks>
public interface IMarketEventSink
{
    /// <summary>Receives the events of one command, in order.</summary>
    /// <param name="events">The events; not empty.</param>
    /// <param name="cancellationToken">Signalled when the market operator stops abruptly.</param>
    /// <returns>A task that completes when the sink is done with the events.</returns>
    ValueTask OnEventsAsync(IReadOnlyList<MarketEvent> events, CancellationToken cancellationToken);
}
