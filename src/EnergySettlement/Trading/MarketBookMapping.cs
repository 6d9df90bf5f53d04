using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>
/// Maps one market's domain types onto the matching engine's compact form and back: prices ↔ ticks, <see cref="Energy"/>
/// ↔ Wh, <see cref="ParticipantId"/> ↔ index, instants ↔ UTC ticks (<see cref="DateTimeOffset.UtcTicks"/>, the unit of
/// commands' timestamps and books' gate closure).
/// </summary>
/// <remarks>Thread-safe (the participant directory is).</remarks>
public sealed class MarketBookMapping
{
    /// <summary>Creates the mapping.</summary>
    /// <param name="market">The market; must be valid.</param>
    /// <param name="participants">The directory of participant indices, shared by every market of an engine.</param>
    /// <exception cref="ArgumentException">The market definition is invalid (every problem listed).</exception>
    public MarketBookMapping(MarketDefinition market, ParticipantDirectory participants)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(participants);
        if (market.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"The market definition '{market.Id}' is invalid: {string.Join(" ", errors)}", nameof(market));
        }

        Market = market;
        Participants = participants;
    }

    /// <summary>Gets the market.</summary>
    public MarketDefinition Market { get; }

    /// <summary>Gets the participant directory.</summary>
    public ParticipantDirectory Participants { get; }

    /// <summary>Creates the options of the book for one delivery period: the market's price band in ticks and the gate closure in UTC ticks.</summary>
    /// <param name="period">The delivery period; must have the market's period length.</param>
    /// <param name="bookId">The book id in the engine.</param>
    /// <returns>Options to create the book with; capacity, mode and self-trade rule keep their defaults and may be changed.</returns>
    /// <exception cref="ArgumentException">The period has another length than the market's.</exception>
    public OrderBookOptions CreateBookOptions(DeliveryPeriod period, int bookId)
    {
        if (period.Length != Market.PeriodLength)
        {
            throw new ArgumentException($"The period {period} does not have the market's length {Market.PeriodLength}.", nameof(period));
        }

        return new OrderBookOptions
        {
            BookId = bookId,
            MinTick = Market.MinTick,
            MaxTick = Market.MaxTick,
            GateClosure = Market.GateClosureOf(period).UtcTicks,
        };
    }

    /// <summary>Maps an order to the command that places it in a book. Never throws for a bad order: says why instead.</summary>
    /// <param name="order">The order.</param>
    /// <param name="bookId">The book of the order's period.</param>
    /// <param name="command">The command, when the order maps.</param>
    /// <returns><see cref="OrderMappingError.None"/> when the order maps; otherwise why not.</returns>
    public OrderMappingError TryCreateCommand(Order order, int bookId, out Command command)
    {
        ArgumentNullException.ThrowIfNull(order);
        command = default;
        if (order.Market != Market.Id)
        {
            return OrderMappingError.WrongMarket;
        }

        if (order.Period.Length != Market.PeriodLength)
        {
            return OrderMappingError.WrongPeriodLength;
        }

        long tick = 0;
        if (order.Type == OrderType.Market)
        {
            if (order.LimitPrice is not null)
            {
                return OrderMappingError.UnexpectedLimitPrice;
            }
        }
        else if (order.LimitPrice is not { } limit)
        {
            return OrderMappingError.MissingLimitPrice;
        }
        else if (limit.Asset != Market.QuoteAsset)
        {
            return OrderMappingError.WrongAsset;
        }
        else
        {
            var (ticks, remainder) = Int128.DivRem(limit.PerKilowattHour.Amount, Market.TickSize.Amount);
            if (remainder != 0)
            {
                return OrderMappingError.PriceOffTickGrid;
            }

            if (ticks > long.MaxValue || ticks < long.MinValue)
            {
                return OrderMappingError.PriceOutOfRange;
            }

            tick = (long)ticks;
        }

        command = Command.Place(bookId, order.Id.Value, Participants.IndexOf(order.Participant), order.Side, order.Type, tick,
            order.Quantity.WattHours, order.SubmittedAt.UtcTicks);
        return OrderMappingError.None;
    }

    /// <summary>Maps a place command back to the order it stands for.</summary>
    /// <param name="command">A <see cref="CommandKind.Place"/> command created for this market.</param>
    /// <param name="period">The delivery period of the command's book.</param>
    /// <returns>The order.</returns>
    /// <exception cref="ArgumentException">The command does not place an order, or names an unknown participant.</exception>
    public Order ToOrder(in Command command, DeliveryPeriod period)
    {
        if (command.Kind != CommandKind.Place)
        {
            throw new ArgumentException($"Only place commands stand for orders; found {command.Kind}.", nameof(command));
        }

        return new Order
        {
            Id = new OrderId(command.OrderId),
            Market = Market.Id,
            Period = period,
            Participant = Participants.ParticipantAt(command.Participant),
            Side = command.Side,
            Type = command.OrderType,
            LimitPrice = command.OrderType == OrderType.Market ? null : Market.FromTicks(command.PriceTick),
            Quantity = new Energy(command.Quantity),
            SubmittedAt = new DateTimeOffset(command.Timestamp, TimeSpan.Zero),
        };
    }

    /// <summary>Maps a trade event of the engine to a <see cref="Trade"/>.</summary>
    /// <param name="tradeEvent">An event of kind <see cref="MatchingEventKind.Trade"/> from this market's book.</param>
    /// <param name="period">The delivery period of the book.</param>
    /// <returns>The trade, with buyer and seller sorted out from aggressor and resting order.</returns>
    /// <exception cref="ArgumentException">The event is not a trade, or names an unknown participant.</exception>
    public Trade ToTrade(in MatchingEvent tradeEvent, DeliveryPeriod period)
    {
        if (tradeEvent.Kind != MatchingEventKind.Trade)
        {
            throw new ArgumentException($"Expected a trade event; found {tradeEvent.Kind}.", nameof(tradeEvent));
        }

        var aggressorBuys = tradeEvent.Side == Side.Buy;
        var aggressor = Participants.ParticipantAt(tradeEvent.Participant);
        var resting = Participants.ParticipantAt(tradeEvent.CounterParticipant);
        return new Trade
        {
            Market = Market.Id,
            Period = period,
            Buyer = aggressorBuys ? aggressor : resting,
            Seller = aggressorBuys ? resting : aggressor,
            BuyOrder = new OrderId(aggressorBuys ? tradeEvent.OrderId : tradeEvent.CounterOrderId),
            SellOrder = new OrderId(aggressorBuys ? tradeEvent.CounterOrderId : tradeEvent.OrderId),
            Price = Market.FromTicks(tradeEvent.PriceTick),
            Quantity = new Energy(tradeEvent.Quantity),
            ExecutedAt = new DateTimeOffset(tradeEvent.Timestamp, TimeSpan.Zero),
        };
    }
}
