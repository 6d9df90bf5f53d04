using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>Completion: turning the engine's events of one admitted command into domain events and the caller's result.</summary>
internal sealed partial class MarketState
{
    /// <summary>
    /// Applies the engine's events for the command admitted as <paramref name="sequence"/>: updates the open orders and
    /// books, appends the domain events to <paramref name="output"/>, and returns what the command's caller is told.
    /// </summary>
    public CommandOutcome Complete(long sequence, MarketCommand command, ReadOnlySpan<MatchingEvent> events, List<MarketEvent> output)
    {
        var period = _booksById.TryGetValue(command.BookId, out var commandBook) ? commandBook.Period : command.Period;
        var emitter = new EventEmitter(_market.Id, sequence, output);
        var trades = new List<Trade>();
        var fills = command.Kind == MarketCommandKind.Uncross ? new List<MatchingEvent>() : null;
        var transfers = new List<MatchingEvent>();
        var outcome = new CommandOutcome { Period = period };
        var verdictSeen = false;
        foreach (ref readonly var e in events)
        {
            var at = new DateTimeOffset(e.Timestamp, TimeSpan.Zero);
            switch (e.Kind)
            {
                case MatchingEventKind.Accepted:
                    verdictSeen = true;
                    emitter.Add(new OrderAccepted { Order = _orders[e.OrderId].Order, Market = _market.Id, Period = period, Sequence = sequence, Index = 0, Timestamp = at });
                    break;

                case MatchingEventKind.Trade when e.Command == CommandKind.Uncross:
                    fills!.Add(e);
                    Fill(e.OrderId, e.Remaining);
                    break;

                case MatchingEventKind.Transfer:
                    transfers.Add(e);
                    commandBook?.AddTransfer(e.Zone, e.CounterZone, e.Quantity);
                    break;

                case MatchingEventKind.Trade:
                {
                    var trade = ZonedTrade(Mapping.ToTrade(e, period), e, commandBook);
                    commandBook?.AddTransfer(e.Side == Side.Sell ? e.Zone : e.CounterZone, e.Side == Side.Sell ? e.CounterZone : e.Zone, e.Quantity);
                    var buyerAggressor = e.Side == Side.Buy;
                    Fill(e.CounterOrderId, e.CounterRemaining);
                    Fill(e.OrderId, e.Remaining);
                    trades.Add(trade);
                    emitter.Add(new TradeExecuted
                    {
                        Trade = trade,
                        BuyRemaining = new Energy(buyerAggressor ? e.Remaining : e.CounterRemaining),
                        SellRemaining = new Energy(buyerAggressor ? e.CounterRemaining : e.Remaining),
                        Market = _market.Id, Period = period, Sequence = sequence, Index = 0, Timestamp = at,
                    });
                    break;
                }

                case MatchingEventKind.Cancelled:
                {
                    verdictSeen |= e.Command == CommandKind.Cancel;
                    var owner = _orders[e.OrderId].Order.Participant;
                    Fill(e.OrderId, e.Remaining);
                    emitter.Add(new OrderCancelled
                    {
                        Order = new OrderId(e.OrderId), Participant = owner, Side = e.Side, Quantity = new Energy(e.Quantity), Remaining = new Energy(e.Remaining),
                        Reason = e.CancelReason, ByOperator = e.CancelReason == CancelReason.Requested && command.ByOperator,
                        Market = _market.Id, Period = period, Sequence = sequence, Index = 0, Timestamp = at,
                    });
                    break;
                }

                case MatchingEventKind.Reduced:
                {
                    verdictSeen = true;
                    var owner = _orders[e.OrderId].Order.Participant;
                    Fill(e.OrderId, e.Remaining);
                    outcome.Remaining = e.Remaining;
                    emitter.Add(new OrderReduced
                    {
                        Order = new OrderId(e.OrderId), Participant = owner, Side = e.Side, Quantity = new Energy(e.Quantity), Remaining = new Energy(e.Remaining),
                        ByOperator = command.ByOperator, Market = _market.Id, Period = period, Sequence = sequence, Index = 0, Timestamp = at,
                    });
                    break;
                }

                case MatchingEventKind.Expired:
                {
                    var owner = _orders[e.OrderId].Order.Participant;
                    Fill(e.OrderId, 0);
                    emitter.Add(new OrderExpired
                    {
                        Order = new OrderId(e.OrderId), Participant = owner, Side = e.Side, Quantity = new Energy(e.Quantity),
                        Market = _market.Id, Period = period, Sequence = sequence, Index = 0, Timestamp = at,
                    });
                    break;
                }

                case MatchingEventKind.Rejected:
                    verdictSeen = true;
                    outcome.EngineRejection = e.RejectReason;
                    if (e.Command == CommandKind.Place && _orders.TryGetValue(e.OrderId, out var refused))
                    {
                        Fill(e.OrderId, 0);
                        emitter.Add(new OrderRejected
                        {
                            Order = new OrderId(e.OrderId), Participant = refused.Order.Participant, Side = e.Side, Reason = ReasonFor(e.RejectReason),
                            Market = _market.Id, Period = period, Sequence = sequence, Index = 0, Timestamp = at,
                        });
                    }

                    break;
            }
        }

        var timestamp = new DateTimeOffset(command.Timestamp, TimeSpan.Zero);
        switch (command.Kind)
        {
            case MarketCommandKind.OpenBook:
                emitter.Add(new BookOpened
                {
                    Mode = command.Mode, GateClosure = new DateTimeOffset(command.GateClosure, TimeSpan.Zero),
                    Market = _market.Id, Period = period, Sequence = sequence, Index = 0, Timestamp = timestamp,
                });
                break;

            case MarketCommandKind.Place:
                // An order that filled completely, or never rested, has left the mirror already.
                outcome.Remaining = _orders.TryGetValue(command.OrderId, out var placed) ? placed.Remaining : 0;

                break;

            case MarketCommandKind.Uncross:
                if (outcome.EngineRejection == RejectReason.None)
                {
                    PairFills(fills!, transfers, commandBook, period, timestamp, emitter, trades);
                }

                break;

            case MarketCommandKind.CloseGate:
                CloseBook(command.BookId);
                emitter.Add(new BookClosed { Market = _market.Id, Period = period, Sequence = sequence, Index = 0, Timestamp = timestamp });
                break;
        }

        outcome.Trades = trades;
        outcome.Accepted = verdictSeen && outcome.EngineRejection == RejectReason.None;
        return outcome;
    }

    /// <summary>A continuous trade with its zones and network fee, in a book with a grid: the engine's price is what the seller receives, the buyer pays the fee on top.</summary>
    private Trade ZonedTrade(Trade trade, in MatchingEvent e, BookState? book)
    {
        if (book?.Opening.Grid is null)
        {
            return trade;
        }

        var buyerZone = e.Side == Side.Buy ? e.Zone : e.CounterZone;
        var sellerZone = e.Side == Side.Buy ? e.CounterZone : e.Zone;
        return trade with
        {
            BuyerZone = book.ZoneAt(buyerZone),
            SellerZone = book.ZoneAt(sellerZone),
            NetworkFee = e.NetworkFeeTick != 0 ? _market.FromTicks(e.NetworkFeeTick) : null,
        };
    }

    /// <summary>The rejection reason an engine refusal of an order entry is reported as.</summary>
    public static OrderRejectionReason ReasonFor(RejectReason reason) => reason switch
    {
        RejectReason.BookFull => OrderRejectionReason.BookFull,
        RejectReason.BookClosed or RejectReason.UnknownBook => OrderRejectionReason.BookClosed,
        RejectReason.UnknownOrderId => OrderRejectionReason.UnknownOrder,
        RejectReason.PriceOutOfBand => OrderRejectionReason.PriceOutOfBand,
        RejectReason.NonPositiveQuantity => OrderRejectionReason.NonPositiveQuantity,
        RejectReason.NotAllowedInMode => OrderRejectionReason.OrderTypeNotAllowed,
        _ => OrderRejectionReason.RejectedByEngine,
    };

    /// <summary>Sets what is open of an order; one with nothing open leaves the mirror.</summary>
    private void Fill(long orderId, long remaining)
    {
        if (!_orders.TryGetValue(orderId, out var order))
        {
            return;
        }

        order.Remaining = remaining;
        if (remaining == 0)
        {
            _orders.Remove(orderId);
            Decrement(_openCounts, order.Order.Participant);
        }
    }

    /// <summary>
    /// Pairs an auction's fills (the engine reports one per order: buys first, then sells, in price-time order; under
    /// the zonal rule each at its zone's price, followed by the energy moved between zones) into bilateral trades. First
    /// within each zone, in zone order, walking the zone's buy and sell fills in order: each trade takes what is left of
    /// the current buy fill and sell fill, whichever is smaller, at the zone's price. Then what one zone sold beyond its
    /// buys is paired with what another bought beyond its sells along the auction's transfers (a path of zones with
    /// energy moved on every hop): the trade's price is the seller's zone price and its network fee the difference to
    /// the buyer's zone price (the hops' fees and the congestion rent, both the grid operator's). Deterministic, so
    /// replay pairs them the same way; without a grid every fill is in one zone and only the first step runs.
    /// </summary>
    private void PairFills(List<MatchingEvent> fills, List<MatchingEvent> transfers, BookState? book, DeliveryPeriod period, DateTimeOffset timestamp, EventEmitter emitter, List<Trade> trades)
    {
        var zoneCount = book?.Opening.Grid?.Zones.Length ?? 1;
        var buys = new Queue<FillLeft>[zoneCount];
        var sells = new Queue<FillLeft>[zoneCount];
        for (var z = 0; z < zoneCount; z++)
        {
            buys[z] = new Queue<FillLeft>();
            sells[z] = new Queue<FillLeft>();
        }

        foreach (var fill in fills)
        {
            var zone = zoneCount == 1 ? 0 : fill.Zone;
            (fill.Side == Side.Buy ? buys : sells)[zone].Enqueue(new FillLeft(fill));
        }

        long volume = 0;
        for (var z = 0; z < zoneCount; z++)
        {
            while (buys[z].Count > 0 && sells[z].Count > 0)
            {
                volume += EmitPaired(buys[z], sells[z], long.MaxValue, book, period, timestamp, emitter, trades);
            }
        }

        if (transfers.Count > 0)
        {
            var flow = new long[zoneCount, zoneCount];
            foreach (var transfer in transfers)
            {
                flow[transfer.Zone, transfer.CounterZone] += transfer.Quantity;
            }

            for (var source = 0; source < zoneCount; source++)
            {
                while (sells[source].Count > 0)
                {
                    var path = FindPath(flow, source, buys);
                    if (path is null)
                    {
                        throw new InvalidDataException($"The auction of {period} in market '{_market.Id}' sold energy in zone {source} that its transfers do not carry to any buyer.");
                    }

                    var room = long.MaxValue;
                    for (var i = 1; i < path.Count; i++)
                    {
                        room = Math.Min(room, flow[path[i - 1], path[i]]);
                    }

                    var moved = EmitPaired(buys[path[^1]], sells[source], room, book, period, timestamp, emitter, trades);
                    for (var i = 1; i < path.Count; i++)
                    {
                        flow[path[i - 1], path[i]] -= moved;
                    }

                    volume += moved;
                }
            }
        }

        long? price = null;
        foreach (var fill in fills)
        {
            if (price is null)
            {
                price = fill.PriceTick;
            }
            else if (price != fill.PriceTick)
            {
                price = null;
                break;
            }
        }

        emitter.Add(new AuctionCleared
        {
            ClearingPrice = price is { } tick ? _market.FromTicks(tick) : null,
            Volume = new Energy(volume),
            Market = _market.Id, Period = period, Sequence = emitter.Sequence, Index = 0, Timestamp = timestamp,
        });
    }

    /// <summary>Trades what is left of the first buy and sell fill of two queues (at most <paramref name="cap"/> Wh) and drops a fill that is used up.</summary>
    private long EmitPaired(Queue<FillLeft> buys, Queue<FillLeft> sells, long cap, BookState? book, DeliveryPeriod period, DateTimeOffset timestamp, EventEmitter emitter, List<Trade> trades)
    {
        var buy = buys.Peek();
        var sell = sells.Peek();
        var quantity = Math.Min(Math.Min(buy.Left, sell.Left), cap);
        buy.Left -= quantity;
        sell.Left -= quantity;
        var fee = buy.Fill.PriceTick - sell.Fill.PriceTick;
        var zoned = book?.Opening.Grid is not null;
        var trade = new Trade
        {
            Market = _market.Id,
            Period = period,
            Buyer = Mapping.Participants.ParticipantAt(buy.Fill.Participant),
            Seller = Mapping.Participants.ParticipantAt(sell.Fill.Participant),
            BuyOrder = new OrderId(buy.Fill.OrderId),
            SellOrder = new OrderId(sell.Fill.OrderId),
            Price = _market.FromTicks(sell.Fill.PriceTick),
            Quantity = new Energy(quantity),
            ExecutedAt = timestamp,
            BuyerZone = zoned ? book!.ZoneAt(buy.Fill.Zone) : null,
            SellerZone = zoned ? book!.ZoneAt(sell.Fill.Zone) : null,
            NetworkFee = fee != 0 ? _market.FromTicks(fee) : null,
        };
        trades.Add(trade);
        emitter.Add(new TradeExecuted
        {
            Trade = trade,
            BuyRemaining = new Energy(buy.Fill.Remaining + buy.Left),
            SellRemaining = new Energy(sell.Fill.Remaining + sell.Left),
            Market = _market.Id, Period = period, Sequence = emitter.Sequence, Index = 0, Timestamp = timestamp,
        });
        if (buy.Left == 0)
        {
            buys.Dequeue();
        }

        if (sell.Left == 0)
        {
            sells.Dequeue();
        }

        return quantity;
    }

    /// <summary>The shortest path (fewest hops, then lowest zone numbers) along zone pairs with energy still moved, from <paramref name="source"/> to a zone with unpaired buys.</summary>
    private static List<int>? FindPath(long[,] flow, int source, Queue<FillLeft>[] buys)
    {
        var zoneCount = buys.Length;
        var previous = new int[zoneCount];
        Array.Fill(previous, -1);
        previous[source] = source;
        var queue = new Queue<int>();
        queue.Enqueue(source);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            if (at != source && buys[at].Count > 0)
            {
                var path = new List<int>();
                for (var z = at; z != source; z = previous[z])
                {
                    path.Add(z);
                }

                path.Add(source);
                path.Reverse();
                return path;
            }

            for (var next = 0; next < zoneCount; next++)
            {
                if (previous[next] < 0 && flow[at, next] > 0)
                {
                    previous[next] = at;
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    /// <summary>An auction fill and how much of it is not yet paired.</summary>
    private sealed class FillLeft(MatchingEvent fill)
    {
        public MatchingEvent Fill { get; } = fill;

        public long Left { get; set; } = fill.Quantity;
    }

    private void CloseBook(int bookId)
    {
        if (!_booksById.Remove(bookId, out var book))
        {
            return;
        }

        _booksByPeriod.Remove(book.Period);

        // Every open order expired with the gate; none can remain, but a mirror that kept one would count it forever.
        foreach (var stale in _orders.Values.Where(o => o.Book == book).Select(o => o.Order.Id.Value).ToList())
        {
            Fill(stale, 0);
        }
    }

    /// <summary>Numbers a command's events as they are added.</summary>
    private sealed class EventEmitter(MarketId market, long sequence, List<MarketEvent> output)
    {
        private int _index;

        public MarketId Market { get; } = market;

        public long Sequence { get; } = sequence;

        public void Add(MarketEvent marketEvent) => output.Add(marketEvent with { Index = _index++ });
    }
}

/// <summary>What one command did, for its caller: the engine's verdict, its trades, and what stays open.</summary>
internal sealed class CommandOutcome
{
    public bool Accepted { get; set; }

    public RejectReason EngineRejection { get; set; }

    public IReadOnlyList<Trade> Trades { get; set; } = [];

    public long Remaining { get; set; }

    public DeliveryPeriod Period { get; init; }
}
