namespace EnergySettlement.Matching.Reference;

/// <summary>
/// The plain, obviously-correct continuous double auction: sorted dictionaries of price levels holding lists of orders,
/// and a dictionary of orders by id. Same semantics and event sequence as <see cref="OrderBook"/> in continuous mode;
/// written for clarity, not speed. The tests' oracle and the benchmarks' baseline.
/// </summary>
public sealed class ReferenceOrderBook
{
    private readonly SortedDictionary<long, List<ReferenceOrder>> _bids = new(Comparer<long>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<long, List<ReferenceOrder>> _asks = new();
    private readonly Dictionary<long, ReferenceOrder> _orders = new();
    private readonly OrderBookOptions _options;

    public ReferenceOrderBook(OrderBookOptions options)
    {
        options.Validate();
        if (options.Mode != BookMode.Continuous)
        {
            throw new ArgumentException("The reference book models the continuous double auction only.", nameof(options));
        }

        _options = options.Clone();
    }

    public bool IsClosed { get; private set; }

    public int Count => _orders.Count;

    public long? BestBid => _bids.Count == 0 ? null : _bids.First().Key;

    public long? BestAsk => _asks.Count == 0 ? null : _asks.First().Key;

    /// <summary>The resting orders of a side, best price first, oldest first within a price.</summary>
    public IReadOnlyList<RestingOrder> Orders(Side side)
    {
        var result = new List<RestingOrder>();
        foreach (var level in side == Side.Buy ? _bids : _asks)
        {
            foreach (ReferenceOrder order in level.Value)
            {
                result.Add(new RestingOrder(order.OrderId, order.Participant, order.Side, order.PriceTick, order.Remaining));
            }
        }

        return result;
    }

    /// <summary>Processes a command, returning its events.</summary>
    public List<MatchingEvent> Process(in Command command)
    {
        var events = new List<MatchingEvent>();
        var sink = new ListSink(events);
        Process(in command, ref sink);
        return events;
    }

    /// <summary>Processes a command, handing its events to a sink.</summary>
    public void Process<TSink>(in Command command, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        var events = new List<MatchingEvent>();
        Run(command, events);
        foreach (MatchingEvent e in events)
        {
            sink.OnEvent(e);
        }
    }

    private void Run(Command command, List<MatchingEvent> events)
    {
        if (command.BookId != _options.BookId)
        {
            events.Add(Rejection(command, RejectReason.UnknownBook));
            return;
        }

        if (!IsClosed && command.Timestamp >= _options.GateClosure)
        {
            Close(command.Timestamp, events);
            if (command.Kind == CommandKind.CloseGate)
            {
                return;
            }
        }

        if (IsClosed)
        {
            events.Add(Rejection(command, RejectReason.BookClosed));
            return;
        }

        switch (command.Kind)
        {
            case CommandKind.Place:
                Place(command, events);
                break;
            case CommandKind.Cancel:
                Cancel(command, events);
                break;
            case CommandKind.Reduce:
                Reduce(command, events);
                break;
            case CommandKind.CloseGate:
                Close(command.Timestamp, events);
                break;
            case CommandKind.Uncross:
                events.Add(Rejection(command, RejectReason.NotAllowedInMode));
                break;
            default:
                events.Add(Rejection(command, RejectReason.InvalidCommand));
                break;
        }
    }

    private void Place(Command command, List<MatchingEvent> events)
    {
        RejectReason reason = Validate(command);
        if (reason != RejectReason.None)
        {
            events.Add(Rejection(command, reason));
            return;
        }

        bool buy = command.Side == Side.Buy;
        long limit = command.OrderType == OrderType.Market ? (buy ? _options.MaxTick : _options.MinTick) : command.PriceTick;
        var order = new ReferenceOrder(command.OrderId, command.Participant, command.Side, limit, command.Quantity);
        events.Add(new MatchingEvent
        {
            Kind = MatchingEventKind.Accepted, Command = CommandKind.Place, BookId = _options.BookId, OrderId = order.OrderId,
            Participant = order.Participant, Side = order.Side, PriceTick = limit, Quantity = command.Quantity,
            Remaining = command.Quantity, Timestamp = command.Timestamp,
        });

        if (command.OrderType == OrderType.FillOrKill && FillableByTrades(order) < order.Remaining)
        {
            events.Add(Cancellation(order, order.Remaining, 0, CancelReason.FillOrKillUnfillable, command.Timestamp));
            return;
        }

        SortedDictionary<long, List<ReferenceOrder>> opposite = buy ? _asks : _bids;
        bool stop = false;
        while (!stop && order.Remaining > 0 && opposite.Count > 0)
        {
            var best = opposite.First();
            bool acceptable = buy ? best.Key <= limit : best.Key >= limit;
            if (!acceptable)
            {
                break;
            }

            List<ReferenceOrder> queue = best.Value;
            while (order.Remaining > 0 && queue.Count > 0)
            {
                ReferenceOrder maker = queue[0];
                if (maker.Participant == order.Participant)
                {
                    if (_options.SelfTradePrevention == SelfTradePrevention.CancelNewest)
                    {
                        events.Add(Cancellation(order, order.Remaining, 0, CancelReason.SelfTradePrevention, command.Timestamp));
                        order.Remaining = 0;
                        stop = true;
                        break;
                    }

                    if (_options.SelfTradePrevention == SelfTradePrevention.CancelOldest)
                    {
                        queue.RemoveAt(0);
                        _orders.Remove(maker.OrderId);
                        events.Add(Cancellation(maker, maker.Remaining, 0, CancelReason.SelfTradePrevention, command.Timestamp));
                        continue;
                    }

                    long cut = Math.Min(order.Remaining, maker.Remaining);
                    order.Remaining -= cut;
                    maker.Remaining -= cut;
                    if (maker.Remaining == 0)
                    {
                        queue.RemoveAt(0);
                        _orders.Remove(maker.OrderId);
                    }

                    events.Add(Cancellation(maker, cut, maker.Remaining, CancelReason.SelfTradePrevention, command.Timestamp));
                    events.Add(Cancellation(order, cut, order.Remaining, CancelReason.SelfTradePrevention, command.Timestamp));
                    continue;
                }

                long traded = Math.Min(order.Remaining, maker.Remaining);
                order.Remaining -= traded;
                maker.Remaining -= traded;
                if (maker.Remaining == 0)
                {
                    queue.RemoveAt(0);
                    _orders.Remove(maker.OrderId);
                }

                events.Add(new MatchingEvent
                {
                    Kind = MatchingEventKind.Trade, Command = CommandKind.Place, BookId = _options.BookId,
                    OrderId = order.OrderId, Participant = order.Participant, Side = order.Side,
                    CounterOrderId = maker.OrderId, CounterParticipant = maker.Participant, PriceTick = maker.PriceTick,
                    Quantity = traded, Remaining = order.Remaining, CounterRemaining = maker.Remaining, Timestamp = command.Timestamp,
                });
            }

            if (queue.Count == 0)
            {
                opposite.Remove(best.Key);
            }
        }

        if (order.Remaining > 0)
        {
            if (command.OrderType == OrderType.Limit)
            {
                SortedDictionary<long, List<ReferenceOrder>> own = buy ? _bids : _asks;
                if (!own.TryGetValue(limit, out List<ReferenceOrder>? level))
                {
                    level = new List<ReferenceOrder>();
                    own.Add(limit, level);
                }

                level.Add(order);
                _orders.Add(order.OrderId, order);
            }
            else
            {
                events.Add(Cancellation(order, order.Remaining, 0, CancelReason.ImmediateOrCancelRemainder, command.Timestamp));
            }
        }
    }

    /// <summary>How much of an order trades would fill right now, walking the book in priority order under self-trade prevention.</summary>
    private long FillableByTrades(ReferenceOrder order)
    {
        bool buy = order.Side == Side.Buy;
        long fillable = 0;
        foreach (var level in buy ? _asks : _bids)
        {
            if (buy ? level.Key > order.PriceTick : level.Key < order.PriceTick)
            {
                break;
            }

            foreach (ReferenceOrder maker in level.Value)
            {
                if (maker.Participant == order.Participant)
                {
                    if (_options.SelfTradePrevention == SelfTradePrevention.CancelOldest)
                    {
                        continue;
                    }

                    return fillable;
                }

                fillable += maker.Remaining;
            }
        }

        return fillable;
    }

    private RejectReason Validate(Command command)
    {
        if (!Enum.IsDefined(command.Side) || !Enum.IsDefined(command.OrderType))
        {
            return RejectReason.InvalidCommand;
        }

        if (command.Attributes != 0)
        {
            return RejectReason.UnsupportedAttributes;
        }

        if (command.Quantity <= 0)
        {
            return RejectReason.NonPositiveQuantity;
        }

        if (command.OrderType != OrderType.Market && (command.PriceTick < _options.MinTick || command.PriceTick > _options.MaxTick))
        {
            return RejectReason.PriceOutOfBand;
        }

        if (command.Participant < 0)
        {
            return RejectReason.InvalidParticipant;
        }

        if (_orders.ContainsKey(command.OrderId))
        {
            return RejectReason.DuplicateOrderId;
        }

        if (command.OrderType == OrderType.Limit && _orders.Count >= _options.Capacity)
        {
            return RejectReason.BookFull;
        }

        return RejectReason.None;
    }

    private void Cancel(Command command, List<MatchingEvent> events)
    {
        if (!_orders.TryGetValue(command.OrderId, out ReferenceOrder? order))
        {
            events.Add(Rejection(command, RejectReason.UnknownOrderId));
            return;
        }

        RemoveResting(order);
        events.Add(new MatchingEvent
        {
            Kind = MatchingEventKind.Cancelled, Command = CommandKind.Cancel, CancelReason = CancelReason.Requested,
            BookId = _options.BookId, OrderId = order.OrderId, Participant = order.Participant, Side = order.Side,
            PriceTick = order.PriceTick, Quantity = order.Remaining, Remaining = 0, Timestamp = command.Timestamp,
        });
    }

    private void Reduce(Command command, List<MatchingEvent> events)
    {
        if (command.Quantity <= 0)
        {
            events.Add(Rejection(command, RejectReason.NonPositiveQuantity));
            return;
        }

        if (!_orders.TryGetValue(command.OrderId, out ReferenceOrder? order))
        {
            events.Add(Rejection(command, RejectReason.UnknownOrderId));
            return;
        }

        long removed = Math.Min(command.Quantity, order.Remaining);
        order.Remaining -= removed;
        if (order.Remaining == 0)
        {
            RemoveResting(order);
        }

        events.Add(new MatchingEvent
        {
            Kind = MatchingEventKind.Reduced, Command = CommandKind.Reduce, BookId = _options.BookId, OrderId = order.OrderId,
            Participant = order.Participant, Side = order.Side, PriceTick = order.PriceTick, Quantity = removed,
            Remaining = order.Remaining, Timestamp = command.Timestamp,
        });
    }

    private void Close(long timestamp, List<MatchingEvent> events)
    {
        IsClosed = true;
        foreach (var side in new[] { _bids, _asks })
        {
            foreach (var level in side)
            {
                foreach (ReferenceOrder order in level.Value)
                {
                    events.Add(new MatchingEvent
                    {
                        Kind = MatchingEventKind.Expired, Command = CommandKind.CloseGate, BookId = _options.BookId,
                        OrderId = order.OrderId, Participant = order.Participant, Side = order.Side,
                        PriceTick = order.PriceTick, Quantity = order.Remaining, Remaining = 0, Timestamp = timestamp,
                    });
                }
            }

            side.Clear();
        }

        _orders.Clear();
    }

    private void RemoveResting(ReferenceOrder order)
    {
        SortedDictionary<long, List<ReferenceOrder>> side = order.Side == Side.Buy ? _bids : _asks;
        List<ReferenceOrder> level = side[order.PriceTick];
        level.Remove(order);
        if (level.Count == 0)
        {
            side.Remove(order.PriceTick);
        }

        _orders.Remove(order.OrderId);
    }

    private MatchingEvent Cancellation(ReferenceOrder order, long quantity, long remaining, CancelReason reason, long timestamp) => new()
    {
        Kind = MatchingEventKind.Cancelled, Command = CommandKind.Place, CancelReason = reason, BookId = _options.BookId,
        OrderId = order.OrderId, Participant = order.Participant, Side = order.Side, PriceTick = order.PriceTick,
        Quantity = quantity, Remaining = remaining, Timestamp = timestamp,
    };

    private static MatchingEvent Rejection(Command command, RejectReason reason) => new()
    {
        Kind = MatchingEventKind.Rejected, Command = command.Kind, RejectReason = reason, BookId = command.BookId,
        OrderId = command.OrderId, Participant = command.Participant, Side = command.Side, PriceTick = command.PriceTick,
        Quantity = command.Quantity, Timestamp = command.Timestamp,
    };

    private sealed class ReferenceOrder(long orderId, int participant, Side side, long priceTick, long remaining)
    {
        public long OrderId { get; } = orderId;

        public int Participant { get; } = participant;

        public Side Side { get; } = side;

        public long PriceTick { get; } = priceTick;

        public long Remaining { get; set; } = remaining;
    }
}
