namespace EnergySettlement.Matching.Reference;

/// <summary>
/// The plain, obviously-correct continuous double auction: sorted dictionaries of price levels holding lists of orders in
/// arrival order, and a dictionary of orders by id. For each incoming order it lists every resting order it may trade
/// with — compatible flags, price within the limit once the network fee is counted — sorts them by price including the
/// fee, then arrival, and walks that list, checking the room left between the two zones before each trade. Same
/// semantics and event sequence as <see cref="OrderBook"/> in continuous mode; written for clarity, not speed, and
/// without calling the engine. The tests' oracle and the benchmarks' baseline.
/// </summary>
public sealed class ReferenceOrderBook
{
    private readonly SortedDictionary<long, List<ReferenceOrder>> _bids = new(Comparer<long>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<long, List<ReferenceOrder>> _asks = new();
    private readonly Dictionary<long, ReferenceOrder> _orders = new();
    private readonly Dictionary<(int From, int To), long> _flows = new();
    private readonly OrderBookOptions _options;
    private readonly ZoneNetwork _network;
    private long _arrivals;

    public ReferenceOrderBook(OrderBookOptions options)
    {
        options.Validate();
        if (options.Mode != BookMode.Continuous)
        {
            throw new ArgumentException("The reference book models the continuous double auction only.", nameof(options));
        }

        _options = options.Clone();
        _network = options.ZoneNetwork ?? ZoneNetwork.SingleZone;
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
                result.Add(new RestingOrder(order.OrderId, order.Participant, order.Side, order.PriceTick, order.Remaining)
                {
                    Attributes = order.Attributes,
                });
            }
        }

        return result;
    }

    /// <summary>The open quantity at a price, added up exactly and saturated at <see cref="long.MaxValue"/>.</summary>
    public long VolumeAt(Side side, long priceTick)
    {
        var levels = side == Side.Buy ? _bids : _asks;
        if (!levels.TryGetValue(priceTick, out List<ReferenceOrder>? level))
        {
            return 0;
        }

        System.Numerics.BigInteger total = 0;
        foreach (ReferenceOrder order in level)
        {
            total += order.Remaining;
        }

        return total > long.MaxValue ? long.MaxValue : (long)total;
    }

    /// <summary>The energy traded so far from sellers in one zone to buyers in another (Wh), counted where the pair has a limit.</summary>
    public long Traded(int fromZone, int toZone) => _flows.GetValueOrDefault((fromZone, toZone));

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
        var order = new ReferenceOrder(command.OrderId, command.Participant, command.Side, limit, command.Quantity, command.Attributes, 0);
        events.Add(new MatchingEvent
        {
            Kind = MatchingEventKind.Accepted, Command = CommandKind.Place, BookId = _options.BookId, OrderId = order.OrderId,
            Participant = order.Participant, Side = order.Side, Attributes = order.Attributes, PriceTick = limit,
            Quantity = command.Quantity, Remaining = command.Quantity, Timestamp = command.Timestamp,
        });

        List<Candidate> candidates = Candidates(order);
        if (command.OrderType == OrderType.FillOrKill && FillableByTrades(order, candidates) < order.Remaining)
        {
            events.Add(Cancellation(order, order.Remaining, 0, CancelReason.FillOrKillUnfillable, command.Timestamp));
            return;
        }

        foreach (Candidate candidate in candidates)
        {
            if (order.Remaining == 0)
            {
                break;
            }

            ReferenceOrder maker = candidate.Order;
            (int from, int to) = buy ? (maker.Zone, order.Zone) : (order.Zone, maker.Zone);
            long room = Room(from, to);
            if (room == 0)
            {
                continue;
            }

            if (maker.Participant == order.Participant)
            {
                if (_options.SelfTradePrevention == SelfTradePrevention.CancelNewest)
                {
                    events.Add(Cancellation(order, order.Remaining, 0, CancelReason.SelfTradePrevention, command.Timestamp));
                    order.Remaining = 0;
                    break;
                }

                if (_options.SelfTradePrevention == SelfTradePrevention.CancelOldest)
                {
                    RemoveResting(maker);
                    events.Add(Cancellation(maker, maker.Remaining, 0, CancelReason.SelfTradePrevention, command.Timestamp));
                    continue;
                }

                long cut = Math.Min(order.Remaining, maker.Remaining);
                order.Remaining -= cut;
                maker.Remaining -= cut;
                if (maker.Remaining == 0)
                {
                    RemoveResting(maker);
                }

                events.Add(Cancellation(maker, cut, maker.Remaining, CancelReason.SelfTradePrevention, command.Timestamp));
                events.Add(Cancellation(order, cut, order.Remaining, CancelReason.SelfTradePrevention, command.Timestamp));
                continue;
            }

            long traded = Math.Min(order.Remaining, Math.Min(maker.Remaining, room));
            order.Remaining -= traded;
            maker.Remaining -= traded;
            if (from != to && _network.GetTransferLimit(from, to) != ZoneNetwork.Unlimited)
            {
                _flows[(from, to)] = _flows.GetValueOrDefault((from, to)) + traded;
            }

            if (maker.Remaining == 0)
            {
                RemoveResting(maker);
            }

            long fee = _network.GetNetworkFee(from, to);
            events.Add(new MatchingEvent
            {
                Kind = MatchingEventKind.Trade, Command = CommandKind.Place, BookId = _options.BookId,
                OrderId = order.OrderId, Participant = order.Participant, Side = order.Side, Attributes = order.Attributes,
                CounterOrderId = maker.OrderId, CounterParticipant = maker.Participant, CounterAttributes = maker.Attributes,
                PriceTick = buy ? maker.PriceTick : maker.PriceTick - fee, NetworkFeeTick = fee,
                Quantity = traded, Remaining = order.Remaining, CounterRemaining = maker.Remaining, Timestamp = command.Timestamp,
            });
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

                var resting = new ReferenceOrder(order.OrderId, order.Participant, order.Side, limit, order.Remaining, order.Attributes, _arrivals++);
                level.Add(resting);
                _orders.Add(resting.OrderId, resting);
            }
            else
            {
                events.Add(Cancellation(order, order.Remaining, 0, CancelReason.ImmediateOrCancelRemainder, command.Timestamp));
            }
        }
    }

    /// <summary>
    /// Every resting order the incoming order may trade with, best first: compatible flags both ways, price within the
    /// limit once the fee from the seller's zone to the buyer's is counted; by that price, then arrival.
    /// </summary>
    private List<Candidate> Candidates(ReferenceOrder order)
    {
        bool buy = order.Side == Side.Buy;
        var candidates = new List<Candidate>();

        // Fees are never negative, so only resting orders whose own price is within the limit can qualify.
        foreach (var level in buy ? _asks : _bids)
        {
            if (buy ? level.Key > order.PriceTick : level.Key < order.PriceTick)
            {
                break;
            }

            foreach (ReferenceOrder maker in level.Value)
            {
                bool compatible = (maker.Attributes.Flags & order.Attributes.Requirements) == order.Attributes.Requirements
                    && (order.Attributes.Flags & maker.Attributes.Requirements) == maker.Attributes.Requirements;
                long fee = buy ? _network.GetNetworkFee(maker.Zone, order.Zone) : _network.GetNetworkFee(order.Zone, maker.Zone);
                long effective = buy ? maker.PriceTick + fee : maker.PriceTick - fee;
                if (compatible && (buy ? effective <= order.PriceTick : effective >= order.PriceTick))
                {
                    candidates.Add(new Candidate(maker, effective));
                }
            }
        }

        candidates.Sort((x, y) =>
        {
            int byPrice = buy ? x.Effective.CompareTo(y.Effective) : y.Effective.CompareTo(x.Effective);
            return byPrice != 0 ? byPrice : x.Order.Arrival.CompareTo(y.Order.Arrival);
        });
        return candidates;
    }

    /// <summary>How much of an order trades would fill right now: the same walk without changing anything.</summary>
    private Int128 FillableByTrades(ReferenceOrder order, List<Candidate> candidates)
    {
        var used = new Dictionary<(int, int), long>();
        Int128 fillable = 0;
        foreach (Candidate candidate in candidates)
        {
            ReferenceOrder maker = candidate.Order;
            (int from, int to) = order.Side == Side.Buy ? (maker.Zone, order.Zone) : (order.Zone, maker.Zone);
            long room = Room(from, to) - used.GetValueOrDefault((from, to));
            if (room <= 0)
            {
                continue;
            }

            if (maker.Participant == order.Participant)
            {
                if (_options.SelfTradePrevention == SelfTradePrevention.CancelOldest)
                {
                    continue;
                }

                return fillable;
            }

            long take = Math.Min(maker.Remaining, room);
            fillable += take;
            used[(from, to)] = used.GetValueOrDefault((from, to)) + take;
        }

        return fillable;
    }

    /// <summary>The Wh that may still move from one zone to another: the limit minus what moved that way so far.</summary>
    private long Room(int from, int to)
    {
        long limit = _network.GetTransferLimit(from, to);
        return from == to || limit == ZoneNetwork.Unlimited ? long.MaxValue : limit - Traded(from, to);
    }

    private RejectReason Validate(Command command)
    {
        if (!Enum.IsDefined(command.Side) || !Enum.IsDefined(command.OrderType))
        {
            return RejectReason.InvalidCommand;
        }

        if (command.Attributes.Zone >= _network.ZoneCount)
        {
            return RejectReason.UnknownZone;
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
            Attributes = order.Attributes, PriceTick = order.PriceTick, Quantity = order.Remaining, Remaining = 0,
            Timestamp = command.Timestamp,
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
            Participant = order.Participant, Side = order.Side, Attributes = order.Attributes, PriceTick = order.PriceTick,
            Quantity = removed, Remaining = order.Remaining, Timestamp = command.Timestamp,
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
                        OrderId = order.OrderId, Participant = order.Participant, Side = order.Side, Attributes = order.Attributes,
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
        OrderId = order.OrderId, Participant = order.Participant, Side = order.Side, Attributes = order.Attributes,
        PriceTick = order.PriceTick, Quantity = quantity, Remaining = remaining, Timestamp = timestamp,
    };

    private static MatchingEvent Rejection(Command command, RejectReason reason) => new()
    {
        Kind = MatchingEventKind.Rejected, Command = command.Kind, RejectReason = reason, BookId = command.BookId,
        OrderId = command.OrderId, Participant = command.Participant, Side = command.Side, Attributes = command.Attributes,
        PriceTick = command.PriceTick, Quantity = command.Quantity, Timestamp = command.Timestamp,
    };

    private readonly record struct Candidate(ReferenceOrder Order, long Effective);

    private sealed class ReferenceOrder(long orderId, int participant, Side side, long priceTick, long remaining, OrderAttributes attributes, long arrival)
    {
        public long OrderId { get; } = orderId;

        public int Participant { get; } = participant;

        public Side Side { get; } = side;

        public long PriceTick { get; } = priceTick;

        public long Remaining { get; set; } = remaining;

        public OrderAttributes Attributes { get; } = attributes;

        public int Zone => Attributes.Zone;

        public long Arrival { get; } = arrival;
    }
}
