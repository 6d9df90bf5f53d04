namespace EnergySettlement;

/// <summary>
/// Ends a <see cref="Trading.MarketOperator.ReadEventsAsync"/> enumeration whose reader fell more than
/// <see cref="Trading.MarketOperatorOptions.SubscriberBufferCapacity"/> events behind: the market does not wait for live
/// readers, so this one missed events. Read again, and fill the gap from the order journal
/// (<see cref="Trading.MarketReplay"/>) by <see cref="Trading.MarketEvent.Sequence"/>; or register an
/// <see cref="Trading.IMarketEventSink"/>, which the market waits for.
/// </summary>
public sealed class EventSubscriptionOverflowException : EnergySettlementException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="market">The market.</param>
    /// <param name="lastDelivered">The sequence of the last event the reader received, or 0.</param>
    public EventSubscriptionOverflowException(MarketId market, long lastDelivered)
        : base($"The event reader of market '{market}' fell too far behind and missed events after sequence {lastDelivered}; read again and fill the gap from the order journal.")
    {
        Market = market;
        LastDelivered = lastDelivered;
    }

    /// <summary>Gets the market.</summary>
    public MarketId Market { get; }

    /// <summary>Gets the journal sequence of the last event the reader was given (0 when none).</summary>
    public long LastDelivered { get; }

    /// <inheritdoc />
    /// <value><see langword="true"/>: reading again succeeds.</value>
    public override bool IsTransient => true;
}
