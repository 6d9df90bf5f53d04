using EnergySettlement.Trading;

namespace EnergySettlement.Cli.Demo;

/// <summary>Receives the market operator's events (the operator waits for it) and keeps the trades and expiries by period.</summary>
internal sealed class TradeSink : IMarketEventSink
{
    private readonly object _gate = new();
    private readonly Dictionary<DeliveryPeriod, List<Trade>> _trades = [];
    private long _expiredWattHours;

    /// <summary>Gets the energy left unmatched at gate closures, in Wh.</summary>
    public long ExpiredWattHours
    {
        get
        {
            lock (_gate)
            {
                return _expiredWattHours;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask OnEventsAsync(IReadOnlyList<MarketEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_gate)
        {
            foreach (var marketEvent in events)
            {
                switch (marketEvent)
                {
                    case TradeExecuted executed:
                        if (!_trades.TryGetValue(executed.Period, out var list))
                        {
                            _trades[executed.Period] = list = [];
                        }

                        list.Add(executed.Trade);
                        break;
                    case OrderExpired expired:
                        _expiredWattHours += expired.Quantity.WattHours;
                        break;
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Gets the trades of a period, in execution order.</summary>
    /// <param name="period">The period.</param>
    /// <returns>The trades (a copy).</returns>
    public IReadOnlyList<Trade> TradesOf(DeliveryPeriod period)
    {
        lock (_gate)
        {
            return _trades.TryGetValue(period, out var list) ? [.. list] : [];
        }
    }
}
