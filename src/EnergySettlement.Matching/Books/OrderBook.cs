using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching;

/// <summary>
/// The order book of one product (a market and delivery period): continuous double auction with price-time priority,
/// or order collection for a call auction, with gate closure, on a grid of zones with network fees and transfer limits.
/// Processing a command never allocates and never throws: every outcome is an event delivered to the caller's sink.
/// </summary>
/// <remarks>
/// <para>Prices are integer ticks within the band [<see cref="OrderBookOptions.MinTick"/>, <see cref="OrderBookOptions.MaxTick"/>],
/// quantities are Wh. Trades execute at the resting order's price. The same command sequence always yields the same event
/// sequence, so a book can be rebuilt by replaying its command log or restored from a snapshot.</para>
/// <para>Zones (<see cref="OrderBookOptions.ZoneNetwork"/>): an incoming bid from zone B matches an offer from zone A only
/// when the offer's price + fee(A→B) ≤ the bid's price (offers mirror this); priority is by price including the fee, then
/// arrival; a trade is capped at the room left under the transfer limit from A to B this period, and a zone without room
/// is skipped for the next-best compatible order. Orders whose requirement flags the other lacks never match
/// (<see cref="OrderAttributes.IsCompatibleWith"/>). See <see cref="MatchingEvent"/> for the trade price and fee.</para>
/// <para>Thread-safety: a book is not thread-safe. Touch it from one thread at a time (the threaded engine
/// guarantees this for the books it owns; <see cref="MatchingEngine"/> is equally single-threaded).</para>
/// </remarks>
public sealed class OrderBook
{
    /// <summary>How many pool slots ahead the gather asks for the cache line it will write.</summary>
    private const int PrefetchDistance = 16;

    /// <summary>
    /// Order slots per order of capacity in a call-auction book: it takes fresh slots first, so that cancel-and-replace
    /// churn keeps arrival order = slot order until every slot was used once (see <see cref="OrderPool"/> and
    /// <see cref="GatherAuctionOrders"/>).
    /// </summary>
    private const int CallAuctionSlotsPerOrder = 2;

    private readonly OrderPool _pool;
    private readonly OrderIdIndex _index;

    // A book with one ladder per side (one zone, or any call-auction book) keeps all its orders in these two; a continuous
    // book with zones keeps one ladder per zone and side in the arrays below, and these two are its zone 0's.
    private readonly PriceLadder _bids;
    private readonly PriceLadder _asks;
    private readonly PriceLadder[] _bidZones;
    private readonly PriceLadder[] _askZones;
    private readonly bool _zoned;
    private readonly int _zoneCount;
    private readonly ZoneNetwork? _network;
    private readonly long[] _fees;
    private readonly long[] _limits;
    private readonly bool _limited;

    /// <summary>Wh traded from zone A to zone B so far in the period, [A × zones + B], never above the limit (kept only for limited pairs).</summary>
    private readonly long[] _flows;

    /// <summary>A call-auction book's copy of its network whose limits are set to the room left before each uncross.</summary>
    private readonly ZoneNetwork? _room;

    /// <summary>Arrival sequence per slot of a zoned continuous book: time priority between zones.</summary>
    private readonly long[]? _sequence;
    private readonly ZoneCursor[]? _cursors;
    private long _nextSequence;
    private readonly OrderBookOptions _options;
    private readonly long _minTick;
    private readonly long _maxTick;
    private readonly long _gateClosure;
    private readonly SelfTradePrevention _selfTradePrevention;
    private readonly BookMode _mode;
    private readonly int _bookId;
    private readonly ClearingRule? _clearingRule;
    private readonly AuctionOrder[]? _auctionOrders;
    private readonly int[]? _auctionAttributes;
    private readonly long[]? _auctionLeft;
    private readonly int[]? _bucketStarts;
    private readonly ulong[]? _gatherOutOfOrder;
    private readonly ulong[]? _gatherOccupancy;
    private readonly int[]? _gatherWordRanks;
    private readonly ClearingResult? _clearingResult;
    private readonly ClearingResultValidator? _validator;
    private bool _gatheredAttributes;

    /// <summary>Creates an empty, open book, reserving all of its memory up front.</summary>
    /// <param name="options">The book's shape; copied, so later changes do not affect the book.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="OrderBookOptions.Validate"/>).</exception>
    public OrderBook(OrderBookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        _bookId = options.BookId;
        _minTick = options.MinTick;
        _maxTick = options.MaxTick;
        _gateClosure = options.GateClosure;
        _selfTradePrevention = options.SelfTradePrevention;
        _mode = options.Mode;
        int levels = (int)(options.MaxTick - options.MinTick + 1);
        _pool = _mode == BookMode.CallAuction
            ? new OrderPool(options.Capacity, CallAuctionSlotsPerOrder * options.Capacity, freshFirst: true)
            : new OrderPool(options.Capacity);
        _index = new OrderIdIndex(options.Capacity);
        ZoneNetwork network = options.ZoneNetwork ?? ZoneNetwork.SingleZone;
        _zoneCount = network.ZoneCount;
        _network = _zoneCount > 1 ? network : null;
        _fees = network.Fees.ToArray();
        _limits = network.Limits.ToArray();
        _limited = network.HasTransferLimits;
        _flows = new long[_limited ? _zoneCount * _zoneCount : 0];
        _zoned = _mode == BookMode.Continuous && _zoneCount > 1;
        int ladders = _zoned ? _zoneCount : 1;
        _bidZones = new PriceLadder[ladders];
        _askZones = new PriceLadder[ladders];
        for (int zone = 0; zone < ladders; zone++)
        {
            _bidZones[zone] = new PriceLadder(levels, descending: true);
            _askZones[zone] = new PriceLadder(levels, descending: false);
        }

        _bids = _bidZones[0];
        _asks = _askZones[0];
        if (_zoned)
        {
            _sequence = new long[options.Capacity];
            _cursors = new ZoneCursor[_zoneCount];
        }

        if (_mode == BookMode.CallAuction && _network is not null)
        {
            _room = _network.CloneForRoom();
        }

        if (_mode == BookMode.CallAuction)
        {
            _clearingRule = options.ClearingRule ?? UniformPriceClearingRule.Instance;
            _auctionOrders = new AuctionOrder[options.Capacity];
            _auctionAttributes = new int[options.Capacity];

            // Per order what it keeps after the fills; before them, the gather's bucket of every slot (an int each).
            _auctionLeft = new long[Math.Max(options.Capacity, ((CallAuctionSlotsPerOrder * options.Capacity) + 1) / 2)];
            int buckets = Math.Min(options.Capacity, 2 * levels);
            _bucketStarts = new int[buckets + 1];
            _gatherOutOfOrder = new ulong[(buckets + 63) >> 6];
            _gatherOccupancy = new ulong[2 * _bids.Occupancy.Length];
            _gatherWordRanks = new int[2 * _bids.Occupancy.Length];

            // One spare fill: the built-in rules write each live order's fill at the next free slot before deciding to keep it.
            _clearingResult = new ClearingResult(options.Capacity + 1);
            _validator = new ClearingResultValidator();
        }
    }

    /// <summary>Gets a copy of the options the book was built with.</summary>
    public OrderBookOptions Options => _options.Clone();

    /// <summary>Gets the book's id.</summary>
    public int BookId => _bookId;

    /// <summary>Gets the gate closure time in the caller's time unit (<see cref="long.MaxValue"/> when none was set).</summary>
    public long GateClosureTime => _gateClosure;

    /// <summary>Gets whether the book collects orders for a call auction or matches continuously.</summary>
    public BookMode Mode => _mode;

    /// <summary>Gets the clearing rule of a call-auction book, or <see langword="null"/> for a continuous book.</summary>
    public ClearingRule? ClearingRule => _clearingRule;

    /// <summary>Gets the book's self-trade prevention rule.</summary>
    public SelfTradePrevention SelfTradePrevention => _selfTradePrevention;

    /// <summary>Gets whether the gate has closed; a closed book rejects every command with <see cref="RejectReason.BookClosed"/>.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Gets the number of resting orders.</summary>
    public int Count => _pool.Count;

    /// <summary>Gets the grid the book matches on (<see cref="ZoneNetwork.SingleZone"/> when none was set).</summary>
    public ZoneNetwork ZoneNetwork => _network ?? _options.ZoneNetwork ?? ZoneNetwork.SingleZone;

    /// <summary>
    /// Gets the highest bid price in ticks over all zones, or <see langword="null"/> when there is no bid. With zones,
    /// fees or requirement flags a book may rest with its best bid at or above its best ask: those orders cannot trade.
    /// </summary>
    public long? BestBid => BestOf(_bidZones, buy: true);

    /// <summary>Gets the lowest ask price in ticks over all zones, or <see langword="null"/> when there is no ask.</summary>
    public long? BestAsk => BestOf(_askZones, buy: false);

    /// <summary>
    /// Gets the bytes of arrays the book reserved — order slots, id index, price ladders (8 bytes per tick per side, per
    /// zone in a continuous book with zones, plus the occupancy bitmaps), the zones' arrival sequences and flows and,
    /// for a call-auction book, its clearing buffers — for capacity planning.
    /// </summary>
    public long ReservedBytes
        => ((long)_pool.Nodes.Length * Unsafe.SizeOf<OrderNode>())
        + ((long)_index.TableLength * sizeof(int))
        + (2L * _bidZones.Length * ((_bids.Levels * 8L) + (((_bids.Levels + 63L) >> 6) * sizeof(ulong))))
        + ((long)(_sequence?.Length ?? 0) * sizeof(long))
        + ((long)_flows.Length * sizeof(long))
        + ((long)(_auctionOrders?.Length ?? 0) * (Unsafe.SizeOf<AuctionOrder>() + sizeof(int)))
        + ((long)(_auctionLeft?.Length ?? 0) * sizeof(long))
        + ((long)(_bucketStarts?.Length ?? 0) * sizeof(int))
        + ((long)(_gatherOutOfOrder?.Length ?? 0) * sizeof(ulong))
        + ((long)(_gatherOccupancy?.Length ?? 0) * (sizeof(ulong) + sizeof(int)))
        + ((long)(_clearingResult?.Capacity ?? 0) * Unsafe.SizeOf<AuctionFill>());

    internal OrderPool Pool => _pool;

    internal PriceLadder Bids => _bids;

    internal PriceLadder Asks => _asks;

    /// <summary>Gets the total open quantity at a price on one side, over all zones, by adding up the level's orders.</summary>
    /// <param name="side">The side.</param>
    /// <param name="priceTick">The price in ticks.</param>
    /// <returns>The quantity in Wh, zero outside the band; <see cref="long.MaxValue"/> when the total is larger (the sum is exact, then saturated).</returns>
    public long VolumeAt(Side side, long priceTick)
    {
        if (priceTick < _minTick || priceTick > _maxTick)
        {
            return 0;
        }

        Int128 total = 0;
        foreach (PriceLadder ladder in side == Side.Buy ? _bidZones : _askZones)
        {
            total += ladder.Volume(_pool.Nodes, (int)(priceTick - _minTick));
        }

        return total > long.MaxValue ? long.MaxValue : (long)total;
    }

    /// <summary>Gets the total open quantity at a price on one side in one zone.</summary>
    /// <param name="side">The side.</param>
    /// <param name="priceTick">The price in ticks.</param>
    /// <param name="zone">The zone.</param>
    /// <returns>The quantity in Wh, zero outside the band or for a zone not in the book's network; saturated at <see cref="long.MaxValue"/>.</returns>
    public long VolumeAt(Side side, long priceTick, int zone)
    {
        if (priceTick < _minTick || priceTick > _maxTick || (uint)zone >= (uint)_zoneCount)
        {
            return 0;
        }

        Int128 total = 0;
        int level = (int)(priceTick - _minTick);
        OrderNode[] nodes = _pool.Nodes;
        if (_zoned)
        {
            total = (side == Side.Buy ? _bidZones : _askZones)[zone].Volume(nodes, level);
        }
        else
        {
            for (int slot = (side == Side.Buy ? _bids : _asks).Head(level); slot >= 0; slot = nodes[slot].Next)
            {
                total += (nodes[slot].Attributes & OrderAttributes.MaxZone) == zone ? nodes[slot].Remaining : 0;
            }
        }

        return total > long.MaxValue ? long.MaxValue : (long)total;
    }

    /// <summary>Looks up a resting order.</summary>
    /// <param name="orderId">The order id.</param>
    /// <param name="order">The order, when found.</param>
    /// <returns><see langword="true"/> when the order rests in the book.</returns>
    public bool TryGetOrder(long orderId, out RestingOrder order)
    {
        int slot = _index.Find(orderId, _pool.Nodes);
        if (slot < 0)
        {
            order = default;
            return false;
        }

        order = View(slot);
        return true;
    }

    /// <summary>
    /// Copies the resting orders of one side into a list, best price first and oldest first within a price (over all
    /// zones: a price's orders in arrival order, whatever their zone).
    /// </summary>
    /// <param name="side">The side.</param>
    /// <param name="destination">The list to append to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    public void CopyOrders(Side side, ICollection<RestingOrder> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        foreach (int slot in SlotsInPriority(side))
        {
            destination.Add(View(slot));
        }
    }

    /// <summary>
    /// Processes one command and reports what happened to <paramref name="sink"/>. Never allocates; bad input yields a
    /// <see cref="MatchingEventKind.Rejected"/> event and leaves the book unchanged.
    /// </summary>
    /// <typeparam name="TSink">The sink type; a struct, so the calls are direct and inlinable.</typeparam>
    /// <param name="command">The command; its <see cref="Command.BookId"/> must be this book's id.</param>
    /// <param name="sink">Receives the events, in order.</param>
    /// <remarks>
    /// Validation order for a new order (the first failing check gives the reason): command kind, side and order type defined;
    /// zone in the book's network; no requirement flags in a call-auction book; quantity positive; price within the band
    /// (not checked for market orders); participant non-negative; order id not resting; order type allowed in the book's
    /// mode; capacity left for a limit order.
    /// A command whose timestamp is at or after gate closure first closes the book, then is rejected (except a
    /// <see cref="CommandKind.CloseGate"/>, which has then done its work).
    /// </remarks>
    public void Process<TSink>(in Command command, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        if (command.BookId != _bookId)
        {
            Reject(in command, RejectReason.UnknownBook, ref sink);
            return;
        }

        if (!IsClosed && command.Timestamp >= _gateClosure)
        {
            Expire(command.Timestamp, ref sink);
            if (command.Kind == CommandKind.CloseGate)
            {
                return;
            }
        }

        if (IsClosed)
        {
            Reject(in command, RejectReason.BookClosed, ref sink);
            return;
        }

        switch (command.Kind)
        {
            case CommandKind.Place:
                Place(in command, ref sink);
                break;
            case CommandKind.Cancel:
                Cancel(in command, ref sink);
                break;
            case CommandKind.Reduce:
                Reduce(in command, ref sink);
                break;
            case CommandKind.CloseGate:
                Expire(command.Timestamp, ref sink);
                break;
            case CommandKind.Uncross:
                Uncross(in command, ref sink);
                break;
            default:
                Reject(in command, RejectReason.InvalidCommand, ref sink);
                break;
        }
    }

    /// <summary>Empties the book and reopens it, keeping its reserved memory (used by hosts that recycle books).</summary>
    public void Reset()
    {
        _pool.Reset();
        _index.Clear();
        ResetLadders();
        Array.Clear(_flows);
        _nextSequence = 0;
        IsClosed = false;
    }

    /// <summary>Adds an order to the back of its price level without matching (snapshot restore).</summary>
    internal void RestoreOrder(long orderId, int participant, Side side, long priceTick, long remaining, int attributes)
    {
        int slot = _pool.Allocate();
        ref OrderNode node = ref _pool.Nodes[slot];
        node.OrderId = orderId;
        node.Participant = participant;
        node.Side = side;
        node.Remaining = remaining;
        node.Attributes = attributes;
        LadderOf(side, attributes).Append(_pool.Nodes, slot, (int)(priceTick - _minTick));
        _index.Insert(orderId, slot);
        if (_sequence is not null)
        {
            _sequence[slot] = _nextSequence++;
        }
    }

    /// <summary>Marks the book closed (snapshot restore).</summary>
    internal void RestoreClosed() => IsClosed = true;

    /// <summary>Finds a resting order's slot, or -1.</summary>
    internal int FindSlot(long orderId) => _index.Find(orderId, _pool.Nodes);

    private void Place<TSink>(in Command command, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        RejectReason reason = Validate(in command);
        if (reason != RejectReason.None)
        {
            Reject(in command, reason, ref sink);
            return;
        }

        Side side = command.Side;
        OrderType type = command.OrderType;
        long limitTick = type == OrderType.Market ? (side == Side.Buy ? _maxTick : _minTick) : command.PriceTick;
        int limitLevel = (int)(limitTick - _minTick);
        long quantity = command.Quantity;

        sink.OnEvent(new MatchingEvent
        {
            Kind = MatchingEventKind.Accepted,
            Command = CommandKind.Place,
            BookId = _bookId,
            OrderId = command.OrderId,
            Participant = command.Participant,
            Side = side,
            Attributes = command.Attributes,
            PriceTick = limitTick,
            Quantity = quantity,
            Remaining = quantity,
            Timestamp = command.Timestamp,
        });

        if (_mode == BookMode.CallAuction)
        {
            Rest(in command, limitLevel, quantity);
            return;
        }

        if (type == OrderType.FillOrKill && !(_zoned ? CanFillZoned(in command, limitLevel, quantity) : CanFill(in command, limitLevel, quantity)))
        {
            EmitCancelled(command.OrderId, command.Participant, side, command.Attributes.Value, limitTick, quantity, 0, CancelReason.FillOrKillUnfillable, command.Timestamp, ref sink);
            return;
        }

        long remaining = _zoned
            ? MatchZoned(in command, limitTick, limitLevel, quantity, ref sink)
            : Match(in command, limitTick, limitLevel, quantity, ref sink);
        if (remaining > 0)
        {
            if (type == OrderType.Limit)
            {
                Rest(in command, limitLevel, remaining);
            }
            else
            {
                EmitCancelled(command.OrderId, command.Participant, side, command.Attributes.Value, limitTick, remaining, 0, CancelReason.ImmediateOrCancelRemainder, command.Timestamp, ref sink);
            }
        }
    }

    private RejectReason Validate(in Command command)
    {
        if ((byte)command.Side > (byte)Side.Sell || (byte)command.OrderType > (byte)OrderType.Market)
        {
            return RejectReason.InvalidCommand;
        }

        if (command.Attributes.Zone >= _zoneCount)
        {
            return RejectReason.UnknownZone;
        }

        if (_mode == BookMode.CallAuction && OrderAttributes.HasRequirements(command.Attributes.Value))
        {
            return RejectReason.UnsupportedAttributes;
        }

        if (command.Quantity <= 0)
        {
            return RejectReason.NonPositiveQuantity;
        }

        if (command.OrderType != OrderType.Market && (command.PriceTick < _minTick || command.PriceTick > _maxTick))
        {
            return RejectReason.PriceOutOfBand;
        }

        if (command.Participant < 0)
        {
            return RejectReason.InvalidParticipant;
        }

        if (_index.Find(command.OrderId, _pool.Nodes) >= 0)
        {
            return RejectReason.DuplicateOrderId;
        }

        if (_mode == BookMode.CallAuction && command.OrderType != OrderType.Limit)
        {
            return RejectReason.NotAllowedInMode;
        }

        if (command.OrderType == OrderType.Limit && _pool.Count >= _pool.Capacity)
        {
            return RejectReason.BookFull;
        }

        return RejectReason.None;
    }

    /// <summary>Whether trades could fill <paramref name="quantity"/> at once, walking the opposite side as matching would (one ladder per side).</summary>
    private bool CanFill(in Command command, int limitLevel, long quantity)
    {
        bool buy = command.Side == Side.Buy;
        PriceLadder opposite = buy ? _asks : _bids;
        OrderNode[] nodes = _pool.Nodes;
        int participant = command.Participant;
        int attributes = command.Attributes.Value;
        bool skipOwn = _selfTradePrevention == SelfTradePrevention.CancelOldest;
        long needed = quantity;
        for (int level = opposite.Best; level >= 0 && (buy ? level <= limitLevel : level >= limitLevel); level = opposite.NextAfter(level))
        {
            for (int slot = opposite.Head(level); slot >= 0; slot = nodes[slot].Next)
            {
                ref OrderNode node = ref nodes[slot];
                if (!OrderAttributes.AreCompatible(node.Attributes, attributes))
                {
                    continue;
                }

                if (node.Participant == participant)
                {
                    if (skipOwn)
                    {
                        continue;
                    }

                    return false;
                }

                needed -= node.Remaining;
                if (needed <= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Matches an incoming order against one ladder per side (a book without zones): best price first, oldest first within
    /// a price, skipping resting orders whose requirement flags do not fit (they keep their place).
    /// </summary>
    private long Match<TSink>(in Command command, long limitTick, int limitLevel, long quantity, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        bool buy = command.Side == Side.Buy;
        PriceLadder opposite = buy ? _asks : _bids;
        OrderNode[] nodes = _pool.Nodes;
        int participant = command.Participant;
        int attributes = command.Attributes.Value;
        long remaining = quantity;
        int level = opposite.Best;
        while (remaining > 0 && level >= 0 && (buy ? level <= limitLevel : level >= limitLevel))
        {
            long priceTick = level + _minTick;
            bool skipped = false;
            int slot = opposite.Head(level);
            while (slot >= 0 && remaining > 0)
            {
                ref OrderNode maker = ref nodes[slot];
                int next = maker.Next;
                if (!OrderAttributes.AreCompatible(maker.Attributes, attributes))
                {
                    skipped = true;
                    slot = next;
                    continue;
                }

                if (maker.Participant == participant)
                {
                    switch (_selfTradePrevention)
                    {
                        case SelfTradePrevention.CancelNewest:
                            EmitCancelled(command.OrderId, participant, command.Side, attributes, limitTick, remaining, 0, CancelReason.SelfTradePrevention, command.Timestamp, ref sink);
                            return 0;
                        case SelfTradePrevention.CancelOldest:
                        {
                            long makerId = maker.OrderId;
                            long makerRemaining = maker.Remaining;
                            Side makerSide = maker.Side;
                            int makerAttributes = maker.Attributes;
                            RemoveSlot(opposite, slot);
                            EmitCancelled(makerId, participant, makerSide, makerAttributes, priceTick, makerRemaining, 0, CancelReason.SelfTradePrevention, command.Timestamp, ref sink);
                            break;
                        }

                        default:
                        {
                            long cut = Math.Min(remaining, maker.Remaining);
                            long makerId = maker.OrderId;
                            Side makerSide = maker.Side;
                            int makerAttributes = maker.Attributes;
                            remaining -= cut;
                            maker.Remaining -= cut;
                            long makerLeft = maker.Remaining;
                            if (makerLeft == 0)
                            {
                                RemoveSlot(opposite, slot);
                            }

                            EmitCancelled(makerId, participant, makerSide, makerAttributes, priceTick, cut, makerLeft, CancelReason.SelfTradePrevention, command.Timestamp, ref sink);
                            EmitCancelled(command.OrderId, participant, command.Side, attributes, limitTick, cut, remaining, CancelReason.SelfTradePrevention, command.Timestamp, ref sink);
                            break;
                        }
                    }

                    slot = next;
                    continue;
                }

                long traded = Math.Min(remaining, maker.Remaining);
                remaining -= traded;
                maker.Remaining -= traded;
                long counterId = maker.OrderId;
                int counterParticipant = maker.Participant;
                int counterAttributes = maker.Attributes;
                long counterRemaining = maker.Remaining;
                if (counterRemaining == 0)
                {
                    RemoveSlot(opposite, slot);
                }

                sink.OnEvent(new MatchingEvent
                {
                    Kind = MatchingEventKind.Trade,
                    Command = CommandKind.Place,
                    BookId = _bookId,
                    OrderId = command.OrderId,
                    Participant = participant,
                    Side = command.Side,
                    Attributes = command.Attributes,
                    CounterOrderId = counterId,
                    CounterParticipant = counterParticipant,
                    CounterAttributes = OrderAttributes.FromValue(counterAttributes),
                    PriceTick = priceTick,
                    Quantity = traded,
                    Remaining = remaining,
                    CounterRemaining = counterRemaining,
                    Timestamp = command.Timestamp,
                });
                slot = next;
            }

            // Every order of the level traded or left unless some were skipped: then the best level is the next one.
            level = skipped ? opposite.NextAfter(level) : opposite.Best;
        }

        return remaining;
    }

    /// <summary>
    /// Matches an incoming order in a book with zones: a k-way merge over the zones' ladders of the other side, each zone
    /// represented by its next compatible resting order (<see cref="ZoneCursor"/>), by price including the network fee,
    /// then arrival. A trade is capped at the room left from the seller's zone to the buyer's; a zone without room drops out.
    /// </summary>
    private long MatchZoned<TSink>(in Command command, long limitTick, int limitLevel, long quantity, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        bool buy = command.Side == Side.Buy;
        int attributes = command.Attributes.Value;
        if (!OpenCursors(buy, command.Attributes.Zone, attributes, limitLevel))
        {
            return quantity;
        }

        PriceLadder[] ladders = buy ? _askZones : _bidZones;
        ZoneCursor[] cursors = _cursors!;
        OrderNode[] nodes = _pool.Nodes;
        int participant = command.Participant;
        int zone = command.Attributes.Zone;
        long remaining = quantity;
        while (remaining > 0)
        {
            int z = PickZone(buy);
            if (z < 0)
            {
                break;
            }

            ref ZoneCursor cursor = ref cursors[z];
            PriceLadder ladder = ladders[z];
            int slot = cursor.Slot;
            int level = cursor.Level;
            ref OrderNode maker = ref nodes[slot];
            int next = maker.Next;
            long makerTick = level + _minTick;
            if (maker.Participant == participant)
            {
                switch (_selfTradePrevention)
                {
                    case SelfTradePrevention.CancelNewest:
                        EmitCancelled(command.OrderId, participant, command.Side, attributes, limitTick, remaining, 0, CancelReason.SelfTradePrevention, command.Timestamp, ref sink);
                        return 0;
                    case SelfTradePrevention.CancelOldest:
                    {
                        long makerId = maker.OrderId;
                        long makerRemaining = maker.Remaining;
                        Side makerSide = maker.Side;
                        int makerAttributes = maker.Attributes;
                        RemoveSlot(ladder, slot);
                        EmitCancelled(makerId, participant, makerSide, makerAttributes, makerTick, makerRemaining, 0, CancelReason.SelfTradePrevention, command.Timestamp, ref sink);
                        Seek(ladder, ref cursor, level, next, buy, attributes, limitLevel);
                        break;
                    }

                    default:
                    {
                        long cut = Math.Min(remaining, maker.Remaining);
                        long makerId = maker.OrderId;
                        Side makerSide = maker.Side;
                        int makerAttributes = maker.Attributes;
                        remaining -= cut;
                        maker.Remaining -= cut;
                        long makerLeft = maker.Remaining;
                        if (makerLeft == 0)
                        {
                            RemoveSlot(ladder, slot);
                            Seek(ladder, ref cursor, level, next, buy, attributes, limitLevel);
                        }

                        EmitCancelled(makerId, participant, makerSide, makerAttributes, makerTick, cut, makerLeft, CancelReason.SelfTradePrevention, command.Timestamp, ref sink);
                        EmitCancelled(command.OrderId, participant, command.Side, attributes, limitTick, cut, remaining, CancelReason.SelfTradePrevention, command.Timestamp, ref sink);
                        break;
                    }
                }

                continue;
            }

            long traded = Math.Min(remaining, Math.Min(maker.Remaining, cursor.Room));
            remaining -= traded;
            maker.Remaining -= traded;
            cursor.Room -= traded;
            long counterId = maker.OrderId;
            int counterParticipant = maker.Participant;
            int counterAttributes = maker.Attributes;
            long counterRemaining = maker.Remaining;
            long fee = cursor.Fee;
            int pair = buy ? (z * _zoneCount) + zone : (zone * _zoneCount) + z;
            if (_limited && _limits[pair] != ZoneNetwork.Unlimited && z != zone)
            {
                _flows[pair] += traded; // at most the room: never above the limit
            }

            if (counterRemaining == 0)
            {
                RemoveSlot(ladder, slot);
            }

            if (cursor.Room == 0)
            {
                cursor.Slot = -1; // the pair of zones is full: the zone drops out, its orders keep their places
            }
            else if (counterRemaining == 0)
            {
                Seek(ladder, ref cursor, level, next, buy, attributes, limitLevel);
            }

            sink.OnEvent(new MatchingEvent
            {
                Kind = MatchingEventKind.Trade,
                Command = CommandKind.Place,
                BookId = _bookId,
                OrderId = command.OrderId,
                Participant = participant,
                Side = command.Side,
                Attributes = command.Attributes,
                CounterOrderId = counterId,
                CounterParticipant = counterParticipant,
                CounterAttributes = OrderAttributes.FromValue(counterAttributes),

                // The seller receives the resting offer's price, or the resting bid's price less the fee.
                PriceTick = buy ? makerTick : makerTick - fee,
                NetworkFeeTick = fee,
                Quantity = traded,
                Remaining = remaining,
                CounterRemaining = counterRemaining,
                Timestamp = command.Timestamp,
            });
        }

        return remaining;
    }

    /// <summary>The dry run of <see cref="MatchZoned"/> for fill-or-kill: the same merge, without touching the book.</summary>
    private bool CanFillZoned(in Command command, int limitLevel, long quantity)
    {
        bool buy = command.Side == Side.Buy;
        int attributes = command.Attributes.Value;
        if (!OpenCursors(buy, command.Attributes.Zone, attributes, limitLevel))
        {
            return false;
        }

        PriceLadder[] ladders = buy ? _askZones : _bidZones;
        ZoneCursor[] cursors = _cursors!;
        OrderNode[] nodes = _pool.Nodes;
        bool skipOwn = _selfTradePrevention == SelfTradePrevention.CancelOldest;
        long needed = quantity;
        while (true)
        {
            int z = PickZone(buy);
            if (z < 0)
            {
                return false;
            }

            ref ZoneCursor cursor = ref cursors[z];
            ref OrderNode node = ref nodes[cursor.Slot];
            if (node.Participant == command.Participant)
            {
                if (!skipOwn)
                {
                    return false;
                }

                Seek(ladders[z], ref cursor, cursor.Level, node.Next, buy, attributes, limitLevel);
                continue;
            }

            long take = Math.Min(node.Remaining, cursor.Room);
            needed -= take;
            if (needed <= 0)
            {
                return true;
            }

            cursor.Room -= take;
            if (cursor.Room == 0)
            {
                cursor.Slot = -1;
            }
            else
            {
                Seek(ladders[z], ref cursor, cursor.Level, node.Next, buy, attributes, limitLevel);
            }
        }
    }

    /// <summary>
    /// Places each zone's cursor on its first resting order the incoming order may trade with: within the limit once the
    /// fee is counted, compatible, with room left from the seller's zone to the buyer's. Returns whether any zone has one.
    /// </summary>
    private bool OpenCursors(bool buy, int zone, int attributes, int limitLevel)
    {
        PriceLadder[] ladders = buy ? _askZones : _bidZones;
        ZoneCursor[] cursors = _cursors!;
        int zones = _zoneCount;
        bool any = false;
        for (int z = 0; z < zones; z++)
        {
            ref ZoneCursor cursor = ref cursors[z];
            cursor.Slot = -1;
            PriceLadder ladder = ladders[z];
            int best = ladder.Best;
            if (best < 0)
            {
                continue;
            }

            int from = buy ? z : zone;
            int to = buy ? zone : z;
            long fee = _fees[(from * zones) + to];
            if (!Within(buy, best, fee, limitLevel))
            {
                continue;
            }

            long room = Room(from, to);
            if (room == 0)
            {
                continue;
            }

            cursor.Fee = fee;
            cursor.Room = room;
            any |= Seek(ladder, ref cursor, best, ladder.Head(best), buy, attributes, limitLevel);
        }

        return any;
    }

    /// <summary>Moves a cursor to the first compatible order at or after (<paramref name="level"/>, <paramref name="slot"/>) within the limit.</summary>
    private bool Seek(PriceLadder ladder, ref ZoneCursor cursor, int level, int slot, bool buy, int attributes, int limitLevel)
    {
        OrderNode[] nodes = _pool.Nodes;
        while (true)
        {
            while (slot >= 0 && !OrderAttributes.AreCompatible(nodes[slot].Attributes, attributes))
            {
                slot = nodes[slot].Next;
            }

            if (slot >= 0)
            {
                cursor.Level = level;
                cursor.Slot = slot;
                cursor.Effective = buy ? level + cursor.Fee : level - cursor.Fee;
                return true;
            }

            level = ladder.NextAfter(level);
            if (level < 0 || !Within(buy, level, cursor.Fee, limitLevel))
            {
                cursor.Slot = -1;
                return false;
            }

            slot = ladder.Head(level);
        }
    }

    /// <summary>The zone whose cursor comes first: best price including the fee, then earliest arrival; -1 when none is left.</summary>
    private int PickZone(bool buy)
    {
        ZoneCursor[] cursors = _cursors!;
        long[] sequence = _sequence!;
        int best = -1;
        long bestEffective = 0;
        long bestSequence = 0;
        for (int z = 0; z < cursors.Length; z++)
        {
            ref ZoneCursor cursor = ref cursors[z];
            if (cursor.Slot < 0)
            {
                continue;
            }

            long effective = cursor.Effective;
            long arrival = sequence[cursor.Slot];
            if (best < 0
                || (buy ? effective < bestEffective : effective > bestEffective)
                || (effective == bestEffective && arrival < bestSequence))
            {
                best = z;
                bestEffective = effective;
                bestSequence = arrival;
            }
        }

        return best;
    }

    /// <summary>Whether a resting order at <paramref name="level"/> is within an incoming order's limit once the fee is counted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Within(bool buy, int level, long fee, int limitLevel)
        => buy ? level + fee <= limitLevel : level - fee >= limitLevel;

    /// <summary>The Wh that may still move from one zone to another this period: the limit less what already moved that way.</summary>
    private long Room(int from, int to)
    {
        if (!_limited || from == to)
        {
            return long.MaxValue;
        }

        long limit = _limits[(from * _zoneCount) + to];
        if (limit == ZoneNetwork.Unlimited)
        {
            return long.MaxValue;
        }

        return limit - _flows[(from * _zoneCount) + to];
    }

    private void Rest(in Command command, int level, long remaining)
    {
        int slot = _pool.Allocate();
        ref OrderNode node = ref _pool.Nodes[slot];
        node.OrderId = command.OrderId;
        node.Participant = command.Participant;
        node.Side = command.Side;
        node.Remaining = remaining;
        node.Attributes = command.Attributes.Value;
        LadderOf(command.Side, node.Attributes).Append(_pool.Nodes, slot, level);
        _index.Insert(command.OrderId, slot);
        if (_sequence is not null)
        {
            _sequence[slot] = _nextSequence++;
        }
    }

    /// <summary>The ladder a resting order lives in: its side's, and in a continuous book with zones its zone's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PriceLadder LadderOf(Side side, int attributes)
        => _zoned
            ? (side == Side.Buy ? _bidZones : _askZones)[attributes & OrderAttributes.MaxZone]
            : (side == Side.Buy ? _bids : _asks);

    private void RemoveSlot(PriceLadder ladder, int slot)
    {
        ladder.Unlink(_pool.Nodes, slot);
        _index.Remove(_pool.Nodes[slot].OrderId, _pool.Nodes);
        _pool.Free(slot);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Uncross<TSink>(in Command command, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        if (_mode != BookMode.CallAuction)
        {
            Reject(in command, RejectReason.NotAllowedInMode, ref sink);
            return;
        }

        // Hand the rule the resting orders in price-time order; the sequence is that position, so orders at one
        // price keep their arrival order for the rule's tie-breaks. With zones the rule also gets the network, its
        // limits lowered to the room this period's earlier uncrosses left.
        AuctionOrder[] orders = _auctionOrders!;
        int count = GatherAuctionOrders();
        ReadOnlySpan<AuctionOrder> span = orders.AsSpan(0, count);
        ClearingResult result = _clearingResult!;
        result.Reset();
        ClearingResultValidator validator = _validator!;
        bool accepted;
        if (_room is null)
        {
            _clearingRule!.Clear(span, result);
            accepted = validator.Validate(span, result).IsAccepted;
        }
        else
        {
            SetRoom(_room);
            _clearingRule!.Clear(span, _room, result);
            accepted = validator.Validate(span, result, _room).IsAccepted;
        }

        if (!accepted)
        {
            Reject(in command, RejectReason.ClearingResultInvalid, ref sink);
            return;
        }

        // The built-in rules fill each order at most once, listed by ascending index; then what an order keeps is its
        // quantity minus its one fill, and no per-order running total is needed. A host rule may do otherwise.
        ReadOnlySpan<AuctionFill> fills = result.Fills;
        bool oneFillEach = validator.FillsAscending;
        if (validator.CompletedOrders * 64L >= _pool.Capacity || fills.Length * 16L >= _pool.Capacity)
        {
            // Many orders leave or change: rebuilding the book from the gathered price-time order (same priorities) is
            // linear and sequential, where updating each one would look it up in the id index and chase its neighbours.
            Rebuild(span, fills, oneFillEach);
        }
        else
        {
            // Few fills: find each order through the id index and update it where it rests.
            OrderNode[] nodes = _pool.Nodes;
            foreach (AuctionFill fill in fills)
            {
                int slot = _index.Find(fill.OrderId, nodes);
                ref OrderNode node = ref nodes[slot];
                node.Remaining -= fill.Quantity;
                if (node.Remaining == 0)
                {
                    RemoveSlot(node.Side == Side.Buy ? _bids : _asks, slot);
                }
            }
        }

        // The book is final; report every fill in the rule's order with what its order kept after it.
        long[] left = _auctionLeft!;
        if (!oneFillEach)
        {
            foreach (AuctionFill fill in fills)
            {
                left[fill.OrderIndex] = orders[fill.OrderIndex].Quantity;
            }
        }

        int[] attributes = _auctionAttributes!;
        foreach (AuctionFill fill in fills)
        {
            ref readonly AuctionOrder order = ref orders[fill.OrderIndex];
            long remaining = oneFillEach ? order.Quantity - fill.Quantity : (left[fill.OrderIndex] -= fill.Quantity);
            sink.OnEvent(new MatchingEvent
            {
                Kind = MatchingEventKind.Trade,
                Command = CommandKind.Uncross,
                BookId = _bookId,
                OrderId = order.OrderId,
                Participant = order.Participant,
                Side = order.Side,
                Attributes = OrderAttributes.FromValue(_gatheredAttributes ? attributes[fill.OrderIndex] : 0),
                PriceTick = fill.PriceTick,
                Quantity = fill.Quantity,
                Remaining = remaining,
                Timestamp = command.Timestamp,
            });
        }

        if (_room is not null)
        {
            ReportTransfers(result, command.Timestamp, ref sink);
        }
    }

    /// <summary>Sets a copy of the network's limits to the room left this period after the flows so far.</summary>
    private void SetRoom(ZoneNetwork room)
    {
        for (int from = 0; from < _zoneCount; from++)
        {
            for (int to = 0; to < _zoneCount; to++)
            {
                if (from != to)
                {
                    room.SetRoom(from, to, Room(from, to));
                }
            }
        }
    }

    /// <summary>Books an uncross's transfers into the period's flows and reports each as a <see cref="MatchingEventKind.Transfer"/> event.</summary>
    private void ReportTransfers<TSink>(ClearingResult result, long timestamp, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        foreach (Auctions.ZoneTransfer transfer in result.Transfers)
        {
            int from = transfer.FromZone;
            int to = transfer.ToZone;
            if (_limited && _limits[(from * _zoneCount) + to] != ZoneNetwork.Unlimited)
            {
                _flows[(from * _zoneCount) + to] += transfer.Quantity; // validated against the room: never above the limit
            }

            long spread = result.GetZonePriceTick(to) is long toPrice && result.GetZonePriceTick(from) is long fromPrice ? toPrice - fromPrice : 0;
            sink.OnEvent(new MatchingEvent
            {
                Kind = MatchingEventKind.Transfer,
                Command = CommandKind.Uncross,
                BookId = _bookId,
                Attributes = OrderAttributes.FromValue(from),
                CounterAttributes = OrderAttributes.FromValue(to),
                PriceTick = spread,
                NetworkFeeTick = _fees[(from * _zoneCount) + to],
                Quantity = transfer.Quantity,
                Timestamp = timestamp,
            });
        }
    }

    /// <summary>
    /// Copies the resting orders into the auction buffer in price-time order (bids best first, then asks best first,
    /// oldest first within a level) without walking the levels' linked lists: one pass over the pool counts the orders
    /// of each non-empty level, a second copies each order to the next place in its level's range (a counting sort, so
    /// each level keeps ascending slot order). A level's orders in ascending slot order are its FIFO exactly when no
    /// order's successor sits at a lower slot, which holds unless freed slots were reused; the levels where it does not
    /// hold are copied again by walking their lists.
    /// </summary>
    /// <returns>The number of orders gathered.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int GatherAuctionOrders()
    {
        OrderNode[] nodes = _pool.Nodes;
        AuctionOrder[] orders = _auctionOrders!;
        int[] starts = _bucketStarts!;
        ulong[] occupancy = _gatherOccupancy!;
        int[] wordRanks = _gatherWordRanks!;
        int highWater = _pool.HighWater;
        long minTick = _minTick;

        // Number the non-empty levels: a level's rank on its side is the count of non-empty levels below it, read from
        // the occupancy bitmaps (bids' words first, then asks'). Bid levels take buckets best (highest) first, 0 … bids − 1;
        // ask levels follow, lowest first.
        int words = _bids.Occupancy.Length;
        _bids.Occupancy.CopyTo(occupancy);
        _asks.Occupancy.CopyTo(occupancy.AsSpan(words));
        int bidLevels = 0;
        int askLevels = 0;
        for (int w = 0; w < words; w++)
        {
            wordRanks[w] = bidLevels;
            bidLevels += BitOperations.PopCount(occupancy[w]);
            wordRanks[words + w] = askLevels;
            askLevels += BitOperations.PopCount(occupancy[words + w]);
        }

        int buckets = bidLevels + askLevels;
        Span<int> counts = starts.AsSpan(0, buckets + 1);
        counts.Clear();

        // Pass 1: orders per level; the sign bit marks a level with an order whose successor sits at a lower slot.
        // Each slot's bucket is kept (-1 for a free slot) in the per-order array that is free until the fills.
        Span<int> slotBuckets = MemoryMarshal.Cast<long, int>(_auctionLeft!.AsSpan())[..highWater];
        int anyAttributes = 0;
        for (int slot = 0; slot < highWater; slot++)
        {
            ref OrderNode node = ref nodes[slot];
            if (node.Remaining <= 0)
            {
                slotBuckets[slot] = -1;
                continue;
            }

            int bucket = Bucket(ref node, occupancy, wordRanks, words, bidLevels);
            slotBuckets[slot] = bucket;
            int successorBelow = (uint)node.Next < (uint)slot ? int.MinValue : 0;
            counts[bucket] = (counts[bucket] + 1) | successorBelow;
            anyAttributes |= node.Attributes;
        }

        ulong[] outOfOrder = _gatherOutOfOrder!;
        outOfOrder.AsSpan(0, (buckets + 63) >> 6).Clear();
        int total = 0;
        bool anyOutOfOrder = false;
        for (int bucket = 0; bucket < buckets; bucket++)
        {
            int entry = counts[bucket];
            if (entry < 0)
            {
                outOfOrder[bucket >> 6] |= 1UL << bucket;
                anyOutOfOrder = true;
            }

            counts[bucket] = total;
            total += entry & int.MaxValue;
        }

        // Pass 2: each order to the next place of its level's range; afterwards counts[b] is the end of bucket b's range.
        // The places are scattered over the buffer: ask for the place of the order a few slots ahead early, so that the
        // memory reads behind the writes overlap. Attribute words are copied only when some order has one (the zone
        // also goes into the gathered order itself).
        int[] attributes = _auctionAttributes!;
        int prefetchEnd = CacheHint.IsSupported ? highWater - PrefetchDistance : 0;
        for (int slot = 0; slot < highWater; slot++)
        {
            if (slot < prefetchEnd)
            {
                int ahead = slotBuckets[slot + PrefetchDistance];
                if (ahead >= 0)
                {
                    CacheHint.Prefetch(ref orders[counts[ahead]]);
                }
            }

            int bucket = slotBuckets[slot];
            if (bucket < 0)
            {
                continue;
            }

            GatherOrder(ref nodes[slot], counts[bucket]++, minTick, anyAttributes != 0, orders, attributes);
        }

        if (anyOutOfOrder)
        {
            GatherOutOfOrderLevels(anyAttributes != 0);
        }

        _gatheredAttributes = anyAttributes != 0;
        return total;
    }

    /// <summary>The bucket of a resting order's level (see <see cref="GatherAuctionOrders"/>); no branch on the side.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bucket(ref OrderNode node, ulong[] occupancy, int[] wordRanks, int words, int bidLevels)
    {
        int side = (int)node.Side; // 0 buy, 1 sell
        int level = node.Level;
        int word = (side * words) + (level >> 6);
        int rank = wordRanks[word] + BitOperations.PopCount(occupancy[word] & ((1UL << level) - 1));

        // Bids: bidLevels − 1 − rank (= bidLevels + ~rank); asks: bidLevels + rank.
        return bidLevels + (rank ^ (side - 1));
    }

    /// <summary>Writes one resting order to its place in the gathered price-time order (its sequence is that place).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GatherOrder(ref OrderNode node, int position, long minTick, bool copyAttributes, AuctionOrder[] orders, int[] attributes)
    {
        orders[position] = new AuctionOrder(node.OrderId, node.Participant, node.Side, node.Level + minTick, node.Remaining, position, (byte)node.Attributes);
        if (copyAttributes)
        {
            attributes[position] = node.Attributes;
        }
    }

    /// <summary>
    /// Re-copies the levels whose slot order is not their FIFO order by walking their lists, several lists at once so
    /// that the cache misses of one overlap with the others'.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GatherOutOfOrderLevels(bool copyAttributes)
    {
        // Collect the out-of-order levels as (bucket, head) pairs in the per-order array that is free until the fills.
        const int Lanes = 8;
        OrderNode[] nodes = _pool.Nodes;
        int[] ends = _bucketStarts!;
        ulong[] outOfOrder = _gatherOutOfOrder!;
        long[] pending = _auctionLeft!;
        int pendingCount = 0;
        int bucket = 0;
        foreach (PriceLadder ladder in (ReadOnlySpan<PriceLadder>)[_bids, _asks])
        {
            for (int level = ladder.Best; level >= 0; level = ladder.NextAfter(level), bucket++)
            {
                if ((outOfOrder[bucket >> 6] & (1UL << bucket)) != 0)
                {
                    pending[pendingCount++] = ((long)bucket << 32) | (uint)ladder.Head(level);
                }
            }
        }

        Span<int> laneSlot = stackalloc int[Lanes];
        Span<int> lanePosition = stackalloc int[Lanes];
        int next = 0;
        int busy = 0;
        for (int lane = 0; lane < Lanes; lane++)
        {
            laneSlot[lane] = -1;
            if (next < pendingCount)
            {
                long entry = pending[next++];
                int b = (int)(entry >> 32);
                laneSlot[lane] = (int)entry;
                lanePosition[lane] = b == 0 ? 0 : ends[b - 1];
                busy++;
            }
        }

        AuctionOrder[] orders = _auctionOrders!;
        int[] attributes = _auctionAttributes!;
        long minTick = _minTick;
        while (busy > 0)
        {
            for (int lane = 0; lane < Lanes; lane++)
            {
                int slot = laneSlot[lane];
                if (slot < 0)
                {
                    continue;
                }

                ref OrderNode node = ref nodes[slot];
                GatherOrder(ref node, lanePosition[lane]++, minTick, copyAttributes, orders, attributes);
                slot = node.Next;
                if (slot < 0 && next < pendingCount)
                {
                    long entry = pending[next++];
                    int b = (int)(entry >> 32);
                    slot = (int)entry;
                    lanePosition[lane] = b == 0 ? 0 : ends[b - 1];
                }
                else if (slot < 0)
                {
                    busy--;
                }

                laneSlot[lane] = slot;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rebuild(ReadOnlySpan<AuctionOrder> orders, ReadOnlySpan<AuctionFill> fills, bool oneFillEach)
    {
        long[] left = _auctionLeft!;
        if (!oneFillEach)
        {
            // Orders without a fill keep their whole quantity; mark them so the loop below can read one array.
            for (int i = 0; i < orders.Length; i++)
            {
                left[i] = -1;
            }

            foreach (AuctionFill fill in fills)
            {
                left[fill.OrderIndex] = orders[fill.OrderIndex].Quantity;
            }

            foreach (AuctionFill fill in fills)
            {
                left[fill.OrderIndex] -= fill.Quantity;
            }
        }

        // The pool hands out slots 0, 1, 2, … again, so each level's orders land in ascending slots: its FIFO in slot
        // order, which the next gather finds without walking the lists.
        _pool.Reset();
        _index.Clear();
        ResetLadders();
        int[] attributes = _auctionAttributes!;
        int nextFill = 0;
        int prefetchEnd = CacheHint.IsSupported ? orders.Length - PrefetchDistance : 0;
        for (int i = 0; i < orders.Length; i++)
        {
            if (i < prefetchEnd)
            {
                _index.Prefetch(orders[i + PrefetchDistance].OrderId);
            }

            ref readonly AuctionOrder order = ref orders[i];
            long remaining = order.Quantity;
            if (!oneFillEach)
            {
                remaining = left[i] < 0 ? order.Quantity : left[i];
            }
            else if (nextFill < fills.Length && fills[nextFill].OrderIndex == i)
            {
                remaining -= fills[nextFill++].Quantity;
            }

            if (remaining > 0)
            {
                RestoreOrder(order.OrderId, order.Participant, order.Side, order.PriceTick, remaining, _gatheredAttributes ? attributes[i] : 0);
            }
        }
    }

    private void Cancel<TSink>(in Command command, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        int slot = _index.Find(command.OrderId, _pool.Nodes);
        if (slot < 0)
        {
            Reject(in command, RejectReason.UnknownOrderId, ref sink);
            return;
        }

        ref OrderNode node = ref _pool.Nodes[slot];
        long remaining = node.Remaining;
        int participant = node.Participant;
        Side side = node.Side;
        int attributes = node.Attributes;
        long priceTick = node.Level + _minTick;
        RemoveSlot(LadderOf(side, attributes), slot);
        sink.OnEvent(new MatchingEvent
        {
            Kind = MatchingEventKind.Cancelled,
            Command = CommandKind.Cancel,
            CancelReason = CancelReason.Requested,
            BookId = _bookId,
            OrderId = command.OrderId,
            Participant = participant,
            Side = side,
            Attributes = OrderAttributes.FromValue(attributes),
            PriceTick = priceTick,
            Quantity = remaining,
            Remaining = 0,
            Timestamp = command.Timestamp,
        });
    }

    private void Reduce<TSink>(in Command command, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        if (command.Quantity <= 0)
        {
            Reject(in command, RejectReason.NonPositiveQuantity, ref sink);
            return;
        }

        int slot = _index.Find(command.OrderId, _pool.Nodes);
        if (slot < 0)
        {
            Reject(in command, RejectReason.UnknownOrderId, ref sink);
            return;
        }

        ref OrderNode node = ref _pool.Nodes[slot];
        int participant = node.Participant;
        Side side = node.Side;
        int attributes = node.Attributes;
        long priceTick = node.Level + _minTick;
        long removed = Math.Min(command.Quantity, node.Remaining);
        long left = node.Remaining - removed;
        if (left == 0)
        {
            RemoveSlot(LadderOf(side, attributes), slot);
        }
        else
        {
            node.Remaining = left;
        }

        sink.OnEvent(new MatchingEvent
        {
            Kind = MatchingEventKind.Reduced,
            Command = CommandKind.Reduce,
            BookId = _bookId,
            OrderId = command.OrderId,
            Participant = participant,
            Side = side,
            Attributes = OrderAttributes.FromValue(attributes),
            PriceTick = priceTick,
            Quantity = removed,
            Remaining = left,
            Timestamp = command.Timestamp,
        });
    }

    /// <summary>
    /// Closes the book: every resting order expires, bids best price first, then asks best price first, in arrival order
    /// within a price. The events carry <see cref="CommandKind.CloseGate"/> whatever command's timestamp closed the gate.
    /// </summary>
    private void Expire<TSink>(long timestamp, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        IsClosed = true;
        ExpireSide(_bidZones, buy: true, timestamp, ref sink);
        ExpireSide(_askZones, buy: false, timestamp, ref sink);
    }

    private void ExpireSide<TSink>(PriceLadder[] ladders, bool buy, long timestamp, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        OrderNode[] nodes = _pool.Nodes;
        while (true)
        {
            int zone = FirstInPriority(ladders, buy);
            if (zone < 0)
            {
                return;
            }

            PriceLadder ladder = ladders[zone];
            int slot = ladder.Head(ladder.Best);
            ref OrderNode node = ref nodes[slot];
            long orderId = node.OrderId;
            int participant = node.Participant;
            Side side = node.Side;
            int attributes = node.Attributes;
            long priceTick = node.Level + _minTick;
            long remaining = node.Remaining;
            RemoveSlot(ladder, slot);
            sink.OnEvent(new MatchingEvent
            {
                Kind = MatchingEventKind.Expired,
                Command = CommandKind.CloseGate,
                BookId = _bookId,
                OrderId = orderId,
                Participant = participant,
                Side = side,
                Attributes = OrderAttributes.FromValue(attributes),
                PriceTick = priceTick,
                Quantity = remaining,
                Remaining = 0,
                Timestamp = timestamp,
            });
        }
    }

    /// <summary>The ladder (zone) whose best level's oldest order comes first: best price, then earliest arrival; -1 when all are empty.</summary>
    private int FirstInPriority(PriceLadder[] ladders, bool buy)
    {
        int first = -1;
        int firstLevel = 0;
        long firstSequence = 0;
        for (int zone = 0; zone < ladders.Length; zone++)
        {
            int level = ladders[zone].Best;
            if (level < 0)
            {
                continue;
            }

            long arrival = _sequence is null ? 0 : _sequence[ladders[zone].Head(level)];
            if (first < 0 || (buy ? level > firstLevel : level < firstLevel) || (level == firstLevel && arrival < firstSequence))
            {
                first = zone;
                firstLevel = level;
                firstSequence = arrival;
            }
        }

        return first;
    }

    /// <summary>The slots of one side in priority order: best price first, arrival order within a price (over all zones).</summary>
    private List<int> SlotsInPriority(Side side)
    {
        bool buy = side == Side.Buy;
        PriceLadder[] ladders = buy ? _bidZones : _askZones;
        OrderNode[] nodes = _pool.Nodes;
        var slots = new List<int>();
        if (!_zoned)
        {
            PriceLadder ladder = ladders[0];
            for (int level = ladder.Best; level >= 0; level = ladder.NextAfter(level))
            {
                for (int slot = ladder.Head(level); slot >= 0; slot = nodes[slot].Next)
                {
                    slots.Add(slot);
                }
            }

            return slots;
        }

        // A merge over the zones' ladders, one position (level, slot) per zone.
        var positions = new (int Level, int Slot)[ladders.Length];
        for (int zone = 0; zone < ladders.Length; zone++)
        {
            int best = ladders[zone].Best;
            positions[zone] = (best, best < 0 ? -1 : ladders[zone].Head(best));
        }

        while (true)
        {
            int first = -1;
            for (int zone = 0; zone < ladders.Length; zone++)
            {
                (int level, int slot) = positions[zone];
                if (slot < 0)
                {
                    continue;
                }

                (int firstLevel, int firstSlot) = first < 0 ? default : positions[first];
                if (first < 0 || (buy ? level > firstLevel : level < firstLevel) || (level == firstLevel && _sequence![slot] < _sequence[firstSlot]))
                {
                    first = zone;
                }
            }

            if (first < 0)
            {
                return slots;
            }

            (int at, int taken) = positions[first];
            slots.Add(taken);
            int next = nodes[taken].Next;
            if (next < 0)
            {
                at = ladders[first].NextAfter(at);
                next = at < 0 ? -1 : ladders[first].Head(at);
            }

            positions[first] = (at, next);
        }
    }

    /// <summary>The slots of every resting order in the order a snapshot lists them (see <see cref="OrderBookSnapshot"/>).</summary>
    internal List<int> SlotsInSnapshotOrder()
    {
        if (!_zoned)
        {
            List<int> slots = SlotsInPriority(Side.Buy);
            slots.AddRange(SlotsInPriority(Side.Sell));
            return slots;
        }

        // Arrival order: restoring appends in this order, so every zone's queues and the priorities between zones survive.
        var all = new List<int>(_pool.Count);
        for (int slot = 0; slot < _pool.HighWater; slot++)
        {
            if (_pool.Nodes[slot].Remaining > 0)
            {
                all.Add(slot);
            }
        }

        long[] sequence = _sequence!;
        all.Sort((a, b) => sequence[a].CompareTo(sequence[b]));
        return all;
    }

    /// <summary>Gets the Wh traded from one zone to another so far in the period (0 without limits: then nothing is tracked).</summary>
    internal long FlowBetween(int fromZone, int toZone) => _limited ? _flows[(fromZone * _zoneCount) + toZone] : 0;

    /// <summary>Sets the Wh traded from one zone to another so far in the period (snapshot restore).</summary>
    internal void RestoreFlow(int fromZone, int toZone, long wattHours)
    {
        if (_limited)
        {
            _flows[(fromZone * _zoneCount) + toZone] = wattHours;
        }
    }

    /// <summary>Whether the book's limits make it track flows.</summary>
    internal bool TracksFlows => _limited;

    /// <summary>A read-only view of the order in a slot.</summary>
    private RestingOrder View(int slot)
    {
        ref OrderNode node = ref _pool.Nodes[slot];
        return new RestingOrder(node.OrderId, node.Participant, node.Side, node.Level + _minTick, node.Remaining)
        {
            Attributes = OrderAttributes.FromValue(node.Attributes),
        };
    }

    private long? BestOf(PriceLadder[] ladders, bool buy)
    {
        int best = -1;
        foreach (PriceLadder ladder in ladders)
        {
            int level = ladder.Best;
            if (level >= 0 && (best < 0 || (buy ? level > best : level < best)))
            {
                best = level;
            }
        }

        return best < 0 ? null : best + _minTick;
    }

    private void ResetLadders()
    {
        for (int zone = 0; zone < _bidZones.Length; zone++)
        {
            _bidZones[zone].Reset();
            _askZones[zone].Reset();
        }
    }

    private void EmitCancelled<TSink>(long orderId, int participant, Side side, int attributes, long priceTick, long quantity, long remaining, CancelReason reason, long timestamp, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        sink.OnEvent(new MatchingEvent
        {
            Kind = MatchingEventKind.Cancelled,
            Command = CommandKind.Place,
            CancelReason = reason,
            BookId = _bookId,
            OrderId = orderId,
            Participant = participant,
            Side = side,
            Attributes = OrderAttributes.FromValue(attributes),
            PriceTick = priceTick,
            Quantity = quantity,
            Remaining = remaining,
            Timestamp = timestamp,
        });
    }

    private static void Reject<TSink>(in Command command, RejectReason reason, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        sink.OnEvent(MatchingEvent.Rejection(in command, reason));
    }

    /// <summary>
    /// One zone's place in the merge that matches an incoming order in a book with zones: its next resting order the
    /// incoming order may trade with, that order's price including the fee (in levels), the fee and the room left.
    /// </summary>
    private struct ZoneCursor
    {
        public int Level;
        public int Slot;
        public long Effective;
        public long Fee;
        public long Room;
    }
}
