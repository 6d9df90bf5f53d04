using System.Globalization;
using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>
/// The market operator's deterministic state machine: which books are open, which orders are open and whose, the
/// participants' counts, and the schedule's clock. The live operator and a replay drive it through the same two steps
/// per journaled command — <em>admit</em> (in journal order, before the engine sees the command) and <em>complete</em>
/// (with the engine's events for it, in journal order) — so both reach the same state and emit the same events.
/// </summary>
/// <remarks>Not thread-safe: the operator holds its lock around every call.</remarks>
internal sealed partial class MarketState
{
    private static readonly long EpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    private readonly MarketDefinition _market;
    private readonly SortedDictionary<DeliveryPeriod, BookState> _booksByPeriod = [];
    private readonly Dictionary<int, BookState> _booksById = [];
    private readonly Dictionary<long, OpenOrderState> _orders = [];
    private readonly Dictionary<ParticipantId, int> _openCounts = [];
    private readonly List<Action> _undo = [];
    private readonly BookGrid? _grid;
    private (long Sequence, long Timestamp, long NextOrderId, int NextBookId) _checkpoint;

    public MarketState(MarketDefinition market, ParticipantDirectory participants)
    {
        _market = market;
        Mapping = new MarketBookMapping(market, participants);
        _grid = market.Grid is { } grid ? new BookGrid(grid.Zones, grid.ToZoneNetwork(market)) : null;
    }

    public MarketBookMapping Mapping { get; }

    /// <summary>The sequence of the last admitted command.</summary>
    public long LastSequence { get; private set; }

    /// <summary>The timestamp (UTC ticks) of the last admitted command; commands never go back in time.</summary>
    public long LastTimestamp { get; private set; } = long.MinValue;

    public long NextOrderId { get; private set; } = 1;

    public int NextBookId { get; private set; } = 1;

    /// <summary>The earliest instant (UTC ticks) at which a schedule step may be due; <see cref="long.MinValue"/> until computed.</summary>
    public long NextScheduleDue { get; private set; } = long.MinValue;

    public int OpenOrderCount => _orders.Count;

    public IReadOnlyList<DeliveryPeriod> OpenPeriods()
    {
        var periods = new List<DeliveryPeriod>(_booksByPeriod.Count);
        foreach (var book in _booksByPeriod.Values)
        {
            if (!book.Closing)
            {
                periods.Add(book.Period);
            }
        }

        return periods;
    }

    public IReadOnlyList<OpenOrder> OpenOrdersOf(ParticipantId participant)
    {
        var open = new List<OpenOrder>();
        foreach (var order in _orders.Values)
        {
            if (order.Order.Participant == participant)
            {
                open.Add(new OpenOrder { Order = order.Order, Remaining = new Energy(order.Remaining) });
            }
        }

        open.Sort((a, b) => a.Order.Id.Value.CompareTo(b.Order.Id.Value));
        return open;
    }

    public bool TryGetBook(int bookId, out BookState book) => _booksById.TryGetValue(bookId, out book!);

    /// <summary>The command's time: the clock, but never before the last admitted command.</summary>
    public long TimestampAt(DateTimeOffset now) => Math.Max(now.UtcTicks, LastTimestamp);

    // ---- batches -------------------------------------------------------------------------------------------------

    /// <summary>Starts a batch of admissions that <see cref="RollbackBatch"/> can undo (when the journal refuses it).</summary>
    public void BeginBatch()
    {
        _undo.Clear();
        _checkpoint = (LastSequence, LastTimestamp, NextOrderId, NextBookId);
    }

    public void RollbackBatch()
    {
        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            _undo[i]();
        }

        _undo.Clear();
        (LastSequence, LastTimestamp, NextOrderId, NextBookId) = _checkpoint;
        NextScheduleDue = long.MinValue;
    }

    // ---- admission: the live operator ----------------------------------------------------------------------------

    /// <summary>
    /// Admits every schedule step due at <paramref name="now"/>: auctions and gate closures at their scheduled instants
    /// (in time order, an auction before the close of its book), then the openings, at <paramref name="now"/>.
    /// </summary>
    public void AdmitDueSteps(long now, List<(long Sequence, MarketCommand Command)> admitted)
    {
        if (now < NextScheduleDue)
        {
            return;
        }

        var steps = new List<(long At, int Rank, DeliveryPeriod Period, BookState? Book)>();
        var periodic = _market.Schedule.Kind == MarketScheduleKind.PeriodicAuction;
        foreach (var book in _booksByPeriod.Values)
        {
            if (book.Closing)
            {
                continue;
            }

            if (book.Mode == BookMode.CallAuction && periodic)
            {
                var latest = LatestAuctionAtOrBefore(Math.Min(now, book.GateClosure - 1));
                if (latest > book.LastAuction)
                {
                    steps.Add((latest, 0, book.Period, book));
                }
            }

            if (book.GateClosure <= now)
            {
                if (book.Mode == BookMode.CallAuction)
                {
                    steps.Add((book.GateClosure, 1, book.Period, book));
                }

                steps.Add((book.GateClosure, 2, book.Period, book));
            }
        }

        for (var period = FirstCandidate(now); _market.TradingStartOf(period).UtcTicks <= now; period = period.Next)
        {
            if (_market.GateClosureOf(period).UtcTicks > now && !_booksByPeriod.ContainsKey(period))
            {
                // A book opens when the operator opens it: a late start must not date it back, or its periodic auctions
                // would be owed from before the market could take orders for it.
                steps.Add((now, 3, period, null));
            }
        }

        steps.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Period.CompareTo(b.Period));
        foreach (var (at, rank, period, book) in steps)
        {
            var timestamp = Math.Max(at, LastTimestamp);
            var command = rank switch
            {
                0 or 1 => new MarketCommand { Kind = MarketCommandKind.Uncross, Timestamp = timestamp, BookId = book!.BookId },
                2 => new MarketCommand { Kind = MarketCommandKind.CloseGate, Timestamp = timestamp, BookId = book!.BookId },
                _ => OpenBookCommand(period, timestamp),
            };
            admitted.Add((AdmitCore(command), command));
        }

        NextScheduleDue = ComputeNextScheduleDue(now);
    }

    /// <summary>Admits a new order, or says why not. The stateless checks (registration, price, size) ran before.</summary>
    public OrderEntryResult? TryAdmitPlace(OrderRequest request, ParticipantLimits limits, long priceTick, ZoneId? zone, long now, out (long Sequence, MarketCommand Command) admitted)
    {
        admitted = default;
        if (RefuseForBook(request.Period, now, out var book) is { } refused)
        {
            return refused;
        }

        var participant = request.Participant;
        var open = _openCounts.GetValueOrDefault(participant);
        if (open >= limits.MaxRestingOrders)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.TooManyRestingOrders,
                $"Participant '{participant}' already has {open} open orders in market '{_market.Id}'; the limit is {limits.MaxRestingOrders}.");
        }

        var placed = book.Placed.GetValueOrDefault(participant);
        if (placed >= limits.MaxOrdersPerPeriod)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.TooManyOrdersInPeriod,
                $"Participant '{participant}' already placed {placed} orders for {request.Period}; the limit is {limits.MaxOrdersPerPeriod}.");
        }

        var zoneNumber = 0;
        if (book.Opening.Grid is { } grid && (zone is not { } z || (zoneNumber = grid.IndexOf(z)) < 0))
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.ZoneNotInGrid, zone is null
                ? $"Participant '{participant}' has no zone, but market '{_market.Id}' matches on a grid; register the participant with its zone."
                : $"Participant '{participant}' is in zone '{zone}', which the grid of {request.Period} does not hold (zones: {string.Join(", ", grid.Zones)}).");
        }

        var command = new MarketCommand
        {
            Kind = MarketCommandKind.Place,
            Timestamp = now,
            BookId = book.BookId,
            OrderId = NextOrderId,
            Participant = participant,
            Side = request.Side,
            OrderType = request.Type,
            PriceTick = priceTick,
            Quantity = request.Quantity.WattHours,
            Attributes = new OrderAttributes(zoneNumber, request.AttributeFlags, request.RequiredFlags).Value,
        };
        admitted = (AdmitCore(command), command);
        return null;
    }

    /// <summary>Admits a cancel or reduce of an open order, or says why not. <paramref name="requester"/> is <see langword="null"/> when the operator acts.</summary>
    public OrderEntryResult? TryAdmitAmend(MarketCommandKind kind, ParticipantId? requester, OrderId order, long quantity, long now, out (long Sequence, MarketCommand Command) admitted)
    {
        admitted = default;
        if (!_orders.TryGetValue(order.Value, out var open))
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.UnknownOrder, $"No order {order} is open in market '{_market.Id}'.", order);
        }

        if (requester is { } asking && open.Order.Participant != asking)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.NotOwner,
                $"Order {order} belongs to another participant; '{asking}' may cancel or reduce only its own orders.", order);
        }

        if (open.Book.Closing || now >= open.Book.GateClosure)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.BookClosed, $"The gate of {open.Book.Period} has closed.", order);
        }

        var command = new MarketCommand
        {
            Kind = kind,
            Timestamp = now,
            BookId = open.Book.BookId,
            OrderId = order.Value,
            Participant = requester ?? default,
            ByOperator = requester is null,
            Quantity = kind == MarketCommandKind.Reduce ? quantity : 0,
        };
        admitted = (AdmitCore(command), command);
        return null;
    }

    // ---- admission: replay ---------------------------------------------------------------------------------------

    /// <summary>Admits a command read from the journal, checking that it continues this state.</summary>
    /// <exception cref="InvalidDataException">The entry does not continue the journal or does not fit the state.</exception>
    public void AdmitRecorded(long sequence, MarketCommand command)
    {
        if (sequence != LastSequence + 1)
        {
            throw new InvalidDataException($"Journal entry {sequence} of market '{_market.Id}' does not follow entry {LastSequence}.");
        }

        if (command.Timestamp < LastTimestamp)
        {
            throw new InvalidDataException($"Journal entry {sequence} of market '{_market.Id}' goes back in time.");
        }

        switch (command.Kind)
        {
            case MarketCommandKind.OpenBook:
                CheckOpening(sequence, command);
                break;
            case MarketCommandKind.Place:
                if (!_booksById.TryGetValue(command.BookId, out var book) || book.Closing || _orders.ContainsKey(command.OrderId) || command.OrderId < 1)
                {
                    throw new InvalidDataException($"Journal entry {sequence} of market '{_market.Id}' places order {command.OrderId} in book {command.BookId}, which the journal does not allow.");
                }

                break;
            default:
                if (!_booksById.TryGetValue(command.BookId, out var target) || target.Closing)
                {
                    throw new InvalidDataException($"Journal entry {sequence} of market '{_market.Id}' names book {command.BookId}, which is not open.");
                }

                break;
        }

        AdmitCore(command);
    }

    private void CheckOpening(long sequence, MarketCommand command)
    {
        if (command.QuoteAsset != _market.QuoteAsset.Id.ToString() || command.QuoteDecimals != _market.QuoteAsset.Decimals || command.TickSize != _market.TickSize.Amount)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"Journal entry {sequence} of market '{_market.Id}' opened a book quoted in {command.QuoteAsset} ({command.QuoteDecimals} decimals) with tick {command.TickSize}; the market now declares {_market.QuoteAsset.Id} ({_market.QuoteAsset.Decimals} decimals) with tick {_market.TickSize.Amount}. Prices would change meaning."));
        }

        if (command.Period.Length != _market.PeriodLength || _booksByPeriod.ContainsKey(command.Period) || _booksById.ContainsKey(command.BookId) || command.BookId < 1)
        {
            throw new InvalidDataException($"Journal entry {sequence} of market '{_market.Id}' opens book {command.BookId} for {command.Period}, which the journal does not allow.");
        }

        try
        {
            new BookState(command).ToEngineOptions().Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Journal entry {sequence} of market '{_market.Id}' opens a book with invalid options: {e.Message}", e);
        }
    }

    // ---- admission: shared effects --------------------------------------------------------------------------------

    private long AdmitCore(MarketCommand command)
    {
        var sequence = ++LastSequence;
        LastTimestamp = Math.Max(LastTimestamp, command.Timestamp);
        switch (command.Kind)
        {
            case MarketCommandKind.OpenBook:
            {
                var book = new BookState(Intern(command));
                _booksByPeriod.Add(book.Period, book);
                _booksById.Add(book.BookId, book);
                NextBookId = Math.Max(NextBookId, command.BookId + 1);
                _undo.Add(() =>
                {
                    _booksByPeriod.Remove(book.Period);
                    _booksById.Remove(book.BookId);
                });
                break;
            }

            case MarketCommandKind.Place:
            {
                var book = _booksById[command.BookId];
                var order = new OpenOrderState(ToOrder(command, book), book, command.PriceTick, command.Attributes, sequence);
                _orders.Add(command.OrderId, order);
                NextOrderId = Math.Max(NextOrderId, command.OrderId + 1);
                var participant = command.Participant;
                _openCounts[participant] = _openCounts.GetValueOrDefault(participant) + 1;
                book.Placed[participant] = book.Placed.GetValueOrDefault(participant) + 1;
                _undo.Add(() =>
                {
                    _orders.Remove(command.OrderId);
                    Decrement(_openCounts, participant);
                    Decrement(book.Placed, participant);
                });
                break;
            }

            case MarketCommandKind.Uncross:
            {
                var book = _booksById[command.BookId];
                var before = book.LastAuction;
                book.LastAuction = command.Timestamp;
                _undo.Add(() => book.LastAuction = before);
                break;
            }

            case MarketCommandKind.CloseGate:
            {
                var book = _booksById[command.BookId];
                book.Closing = true;
                _undo.Add(() => book.Closing = false);
                break;
            }
        }

        return sequence;
    }

    private OrderEntryResult? RefuseForBook(DeliveryPeriod period, long now, out BookState book)
    {
        if (!_booksByPeriod.TryGetValue(period, out book!))
        {
            var gate = _market.GateClosureOf(period);
            return gate.UtcTicks <= now
                ? OrderEntryResult.Rejected(OrderRejectionReason.BookClosed, $"The gate of {period} closed at {gate:O}.")
                : OrderEntryResult.Rejected(OrderRejectionReason.BookNotOpen, $"The book of {period} opens at {_market.TradingStartOf(period):O}.");
        }

        if (book.Closing || now >= book.GateClosure)
        {
            return OrderEntryResult.Rejected(OrderRejectionReason.BookClosed, $"The gate of {period} closed at {new DateTimeOffset(book.GateClosure, TimeSpan.Zero):O}.");
        }

        return null;
    }

    private MarketCommand OpenBookCommand(DeliveryPeriod period, long timestamp)
    {
        var auction = _market.Schedule.IsAuction;
        var gateClosure = _market.GateClosureOf(period).UtcTicks;
        return new MarketCommand
        {
            Kind = MarketCommandKind.OpenBook,
            Timestamp = timestamp,
            BookId = NextBookId,
            Period = period,
            Mode = auction ? BookMode.CallAuction : BookMode.Continuous,
            GateClosure = gateClosure,

            // A call auction clears once more at gate closure: its engine book closes one tick later so that uncross still runs.
            EngineGateClosure = auction ? gateClosure + 1 : gateClosure,
            MinTick = _market.MinTick,
            MaxTick = _market.MaxTick,
            Capacity = Capacity,
            SelfTradePrevention = SelfTradePrevention,
            QuoteAsset = _market.QuoteAsset.Id.ToString(),
            QuoteDecimals = _market.QuoteAsset.Decimals,
            TickSize = _market.TickSize.Amount,
            Grid = _grid,
        };
    }

    /// <summary>An opening whose grid equals the market's shares the market's network (one per market, not one per book).</summary>
    private MarketCommand Intern(MarketCommand opening) =>
        opening.Grid is { } grid && _grid is { } shared && !ReferenceEquals(grid, shared) && grid.ContentEquals(shared) ? opening with { Grid = shared } : opening;

    /// <summary>The book capacity new books get (the operator's option; replay takes each book's own from the journal).</summary>
    public int Capacity { get; init; } = 8_192;

    /// <summary>The self-trade rule new books get.</summary>
    public SelfTradePrevention SelfTradePrevention { get; init; }

    // ---- schedule ---------------------------------------------------------------------------------------------------

    private DeliveryPeriod FirstCandidate(long now)
    {
        // Gate closure never comes after delivery start, so no period that started by now can still be open.
        var at = new DateTimeOffset(now, TimeSpan.Zero);
        var first = _market.Schedule.Kind == MarketScheduleKind.DayAheadAuction
            ? DeliveryPeriod.Containing(at, _market.PeriodLength)
            : DeliveryPeriod.Containing(at + _market.GateClosureLead, _market.PeriodLength);
        while (_market.GateClosureOf(first).UtcTicks <= now && _market.TradingStartOf(first).UtcTicks <= now)
        {
            first = first.Next;
        }

        return first;
    }

    private long ComputeNextScheduleDue(long now)
    {
        var due = long.MaxValue;
        var periodic = _market.Schedule.Kind == MarketScheduleKind.PeriodicAuction;
        foreach (var book in _booksByPeriod.Values)
        {
            if (book.Closing)
            {
                continue;
            }

            due = Math.Min(due, book.GateClosure);
            if (book.Mode == BookMode.CallAuction && periodic)
            {
                var next = NextAuctionAfter(Math.Max(now, book.LastAuction));
                if (next < book.GateClosure)
                {
                    due = Math.Min(due, next);
                }
            }
        }

        for (var period = FirstCandidate(now); ; period = period.Next)
        {
            var start = _market.TradingStartOf(period).UtcTicks;
            if (start > now)
            {
                return Math.Min(due, start);
            }
        }
    }

    private long LatestAuctionAtOrBefore(long instant)
    {
        var interval = _market.Schedule.AuctionInterval.Ticks;
        return EpochTicks + (FloorDiv(instant - EpochTicks, interval) * interval);
    }

    private long NextAuctionAfter(long instant) => LatestAuctionAtOrBefore(instant) + _market.Schedule.AuctionInterval.Ticks;

    private static long FloorDiv(long value, long divisor) => (value / divisor) - (value % divisor < 0 ? 1 : 0);

    private Order ToOrder(MarketCommand place, BookState book) => new()
    {
        Id = new OrderId(place.OrderId),
        Market = _market.Id,
        Period = book.Period,
        Zone = book.ZoneAt(OrderAttributes.FromValue(place.Attributes).Zone),
        AttributeFlags = OrderAttributes.FromValue(place.Attributes).Flags,
        RequiredFlags = OrderAttributes.FromValue(place.Attributes).Requirements,
        Participant = place.Participant,
        Side = place.Side,
        Type = place.OrderType,
        LimitPrice = place.OrderType == OrderType.Market ? null : _market.FromTicks(place.PriceTick),
        Quantity = new Energy(place.Quantity),
        SubmittedAt = new DateTimeOffset(place.Timestamp, TimeSpan.Zero),
    };

    private static void Decrement(Dictionary<ParticipantId, int> counts, ParticipantId participant)
    {
        var count = counts.GetValueOrDefault(participant) - 1;
        if (count <= 0)
        {
            counts.Remove(participant);
        }
        else
        {
            counts[participant] = count;
        }
    }
}
