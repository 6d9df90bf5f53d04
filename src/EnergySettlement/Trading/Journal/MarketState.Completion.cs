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

                case MatchingEventKind.Trade:
                {
                    var trade = Mapping.ToTrade(e, period);
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
                    PairFills(fills!, period, timestamp, emitter, trades);
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
    /// Pairs a uniform-price auction's fills (the engine reports one per order: buys first, then sells, in price-time
    /// order) into bilateral trades, walking both lists in order: each trade takes what is left of the current buy fill
    /// and sell fill, whichever is smaller. Deterministic, so replay pairs them the same way.
    /// </summary>
    private void PairFills(List<MatchingEvent> fills, DeliveryPeriod period, DateTimeOffset timestamp, EventEmitter emitter, List<Trade> trades)
    {
        var buys = fills.FindAll(f => f.Side == Side.Buy);
        var sells = fills.FindAll(f => f.Side == Side.Sell);
        long volume = 0;
        int b = 0, s = 0;
        long buyLeft = buys.Count > 0 ? buys[0].Quantity : 0, sellLeft = sells.Count > 0 ? sells[0].Quantity : 0;
        while (b < buys.Count && s < sells.Count)
        {
            var buy = buys[b];
            var sell = sells[s];
            var quantity = Math.Min(buyLeft, sellLeft);
            buyLeft -= quantity;
            sellLeft -= quantity;
            volume += quantity;
            var trade = new Trade
            {
                Market = _market.Id,
                Period = period,
                Buyer = Mapping.Participants.ParticipantAt(buy.Participant),
                Seller = Mapping.Participants.ParticipantAt(sell.Participant),
                BuyOrder = new OrderId(buy.OrderId),
                SellOrder = new OrderId(sell.OrderId),
                Price = _market.FromTicks(buy.PriceTick),
                Quantity = new Energy(quantity),
                ExecutedAt = timestamp,
            };
            trades.Add(trade);
            emitter.Add(new TradeExecuted
            {
                Trade = trade,
                BuyRemaining = new Energy(buy.Remaining + buyLeft),
                SellRemaining = new Energy(sell.Remaining + sellLeft),
                Market = _market.Id, Period = period, Sequence = emitter.Sequence, Index = 0, Timestamp = timestamp,
            });
            if (buyLeft == 0 && ++b < buys.Count)
            {
                buyLeft = buys[b].Quantity;
            }

            if (sellLeft == 0 && ++s < sells.Count)
            {
                sellLeft = sells[s].Quantity;
            }
        }

        emitter.Add(new AuctionCleared
        {
            ClearingPrice = fills.Count > 0 ? _market.FromTicks(fills[0].PriceTick) : null,
            Volume = new Energy(volume),
            Market = _market.Id, Period = period, Sequence = emitter.Sequence, Index = 0, Timestamp = timestamp,
        });
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
