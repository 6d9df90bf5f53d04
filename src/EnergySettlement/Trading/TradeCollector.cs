using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>
/// A matching-engine event sink that turns the trades of one book into domain <see cref="Trade"/>s and adds them to a
/// collection; other events are ignored. For hosts that want trades, not the engine's compact events.
/// </summary>
/// <remarks>Allocates one <see cref="Trade"/> per trade: use your own <see cref="IMatchingEventSink"/> on allocation-free paths.
/// Not thread-safe beyond what the collection is.</remarks>
public readonly struct TradeCollector : IMatchingEventSink
{
    private readonly MarketBookMapping _mapping;
    private readonly DeliveryPeriod _period;
    private readonly ICollection<Trade> _trades;

    /// <summary>Creates the sink.</summary>
    /// <param name="mapping">The mapping of the book's market.</param>
    /// <param name="period">The book's delivery period.</param>
    /// <param name="trades">Receives the trades, in the order the engine made them.</param>
    public TradeCollector(MarketBookMapping mapping, DeliveryPeriod period, ICollection<Trade> trades)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(trades);
        _mapping = mapping;
        _period = period;
        _trades = trades;
    }

    /// <inheritdoc />
    public void OnEvent(in MatchingEvent matchingEvent)
    {
        if (matchingEvent.Kind == MatchingEventKind.Trade)
        {
            _trades.Add(_mapping.ToTrade(matchingEvent, _period));
        }
    }
}
