using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching;

/// <summary>
/// The order book of one product (a market and delivery period): continuous double auction with price-time priority,
/// or order collection for a call auction, with gate closure. Processing a command never allocates and never throws
/// on bad input: every outcome is an event delivered to the caller's sink.
/// </summary>
/// <remarks>
/// <para>Prices are integer ticks within the band [<see cref="OrderBookOptions.MinTick"/>, <see cref="OrderBookOptions.MaxTick"/>],
/// quantities are Wh. Trades execute at the resting order's price. The same command sequence always yields the same event
/// sequence, so a book can be rebuilt by replaying its command log or restored from a snapshot.</para>
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
    private readonly PriceLadder _bids;
    private readonly PriceLadder _asks;
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
        _bids = new PriceLadder(levels, descending: true);
        _asks = new PriceLadder(levels, descending: false);
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

    /// <summary>Gets the highest bid price in ticks, or <see langword="null"/> when there is no bid.</summary>
    public long? BestBid => _bids.Best < 0 ? null : _bids.Best + _minTick;

    /// <summary>Gets the lowest ask price in ticks, or <see langword="null"/> when there is no ask.</summary>
    public long? BestAsk => _asks.Best < 0 ? null : _asks.Best + _minTick;

    /// <summary>
    /// Gets the bytes of arrays the book reserved — order slots, id index, price ladders (16 bytes per tick per side plus the
    /// occupancy bitmap) and, for a call-auction book, its clearing buffers — for capacity planning.
    /// </summary>
    public long ReservedBytes
        => ((long)_pool.Nodes.Length * Unsafe.SizeOf<OrderNode>())
        + ((long)_index.TableLength * sizeof(int))
        + (2L * ((_bids.Levels * 16L) + (((_bids.Levels + 63L) >> 6) * sizeof(ulong))))
        + ((long)(_auctionOrders?.Length ?? 0) * (Unsafe.SizeOf<AuctionOrder>() + sizeof(int)))
        + ((long)(_auctionLeft?.Length ?? 0) * sizeof(long))
        + ((long)(_bucketStarts?.Length ?? 0) * sizeof(int))
        + ((long)(_gatherOutOfOrder?.Length ?? 0) * sizeof(ulong))
        + ((long)(_gatherOccupancy?.Length ?? 0) * (sizeof(ulong) + sizeof(int)))
        + ((long)(_clearingResult?.Capacity ?? 0) * Unsafe.SizeOf<AuctionFill>());

    internal OrderPool Pool => _pool;

    internal PriceLadder Bids => _bids;

    internal PriceLadder Asks => _asks;

    /// <summary>Gets the total open quantity at a price on one side.</summary>
    /// <param name="side">The side.</param>
    /// <param name="priceTick">The price in ticks.</param>
    /// <returns>The quantity in Wh, zero outside the band.</returns>
    public long VolumeAt(Side side, long priceTick)
    {
        if (priceTick < _minTick || priceTick > _maxTick)
        {
            return 0;
        }

        return (side == Side.Buy ? _bids : _asks).Volume((int)(priceTick - _minTick));
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

        ref OrderNode node = ref _pool.Nodes[slot];
        order = new RestingOrder(node.OrderId, node.Participant, node.Side, node.Level + _minTick, node.Remaining);
        return true;
    }

    /// <summary>Copies the resting orders of one side into a list, best price first and oldest first within a price.</summary>
    /// <param name="side">The side.</param>
    /// <param name="destination">The list to append to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    public void CopyOrders(Side side, ICollection<RestingOrder> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        PriceLadder ladder = side == Side.Buy ? _bids : _asks;
        OrderNode[] nodes = _pool.Nodes;
        for (int level = ladder.Best; level >= 0; level = ladder.NextAfter(level))
        {
            for (int slot = ladder.Head(level); slot >= 0; slot = nodes[slot].Next)
            {
                ref OrderNode node = ref nodes[slot];
                destination.Add(new RestingOrder(node.OrderId, node.Participant, node.Side, node.Level + _minTick, node.Remaining));
            }
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
    /// attributes zero; quantity positive; price within the band (not checked for market orders); participant non-negative;
    /// order id not resting; order type allowed in the book's mode; capacity left for a limit order.
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
        _bids.Reset();
        _asks.Reset();
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
        (side == Side.Buy ? _bids : _asks).Append(_pool.Nodes, slot, (int)(priceTick - _minTick));
        _index.Insert(orderId, slot);
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

        if (type == OrderType.FillOrKill && !CanFill(side, command.Participant, limitLevel, quantity))
        {
            EmitCancelled(command.OrderId, command.Participant, side, limitTick, quantity, 0, CancelReason.FillOrKillUnfillable, command.Timestamp, ref sink);
            return;
        }

        long remaining = Match(in command, limitTick, limitLevel, quantity, ref sink);
        if (remaining > 0)
        {
            if (type == OrderType.Limit)
            {
                Rest(in command, limitLevel, remaining);
            }
            else
            {
                EmitCancelled(command.OrderId, command.Participant, side, limitTick, remaining, 0, CancelReason.ImmediateOrCancelRemainder, command.Timestamp, ref sink);
            }
        }
    }

    private RejectReason Validate(in Command command)
    {
        if ((byte)command.Side > (byte)Side.Sell || (byte)command.OrderType > (byte)OrderType.Market)
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

    private bool CanFill(Side side, int participant, int limitLevel, long quantity)
    {
        PriceLadder opposite = side == Side.Buy ? _asks : _bids;
        bool buy = side == Side.Buy;
        OrderNode[] nodes = _pool.Nodes;
        bool skipOwn = _selfTradePrevention == SelfTradePrevention.CancelOldest;
        long needed = quantity;
        for (int level = opposite.Best; level >= 0 && (buy ? level <= limitLevel : level >= limitLevel); level = opposite.NextAfter(level))
        {
            for (int slot = opposite.Head(level); slot >= 0; slot = nodes[slot].Next)
            {
                ref OrderNode node = ref nodes[slot];
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

    private long Match<TSink>(in Command command, long limitTick, int limitLevel, long quantity, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        bool buy = command.Side == Side.Buy;
        PriceLadder opposite = buy ? _asks : _bids;
        OrderNode[] nodes = _pool.Nodes;
        int participant = command.Participant;
        long remaining = quantity;
        while (remaining > 0)
        {
            int level = opposite.Best;
            if (level < 0 || (buy ? level > limitLevel : level < limitLevel))
            {
                break;
            }

            long priceTick = level + _minTick;
            int slot = opposite.Head(level);
            while (slot >= 0 && remaining > 0)
            {
                ref OrderNode maker = ref nodes[slot];
                int next = maker.Next;
                if (maker.Participant == participant)
                {
                    switch (_selfTradePrevention)
                    {
                        case SelfTradePrevention.CancelNewest:
                            EmitCancelled(command.OrderId, participant, command.Side, limitTick, remaining, 0, CancelReason.SelfTradePrevention, command.Timestamp, ref sink);
                            return 0;
                        case SelfTradePrevention.CancelOldest:
                        {
                            long makerId = maker.OrderId;
                            long makerRemaining = maker.Remaining;
                            Side makerSide = maker.Side;
                            RemoveSlot(opposite, slot);
                            EmitCancelled(makerId, participant, makerSide, priceTick, makerRemaining, 0, CancelReason.SelfTradePrevention, command.Timestamp, ref sink);
                            break;
                        }

                        default:
                        {
                            long cut = Math.Min(remaining, maker.Remaining);
                            long makerId = maker.OrderId;
                            Side makerSide = maker.Side;
                            remaining -= cut;
                            maker.Remaining -= cut;
                            opposite.SubtractVolume(level, cut);
                            long makerLeft = maker.Remaining;
                            if (makerLeft == 0)
                            {
                                RemoveSlot(opposite, slot);
                            }

                            EmitCancelled(makerId, participant, makerSide, priceTick, cut, makerLeft, CancelReason.SelfTradePrevention, command.Timestamp, ref sink);
                            EmitCancelled(command.OrderId, participant, command.Side, limitTick, cut, remaining, CancelReason.SelfTradePrevention, command.Timestamp, ref sink);
                            break;
                        }
                    }

                    slot = next;
                    continue;
                }

                long traded = Math.Min(remaining, maker.Remaining);
                remaining -= traded;
                maker.Remaining -= traded;
                opposite.SubtractVolume(level, traded);
                long counterId = maker.OrderId;
                int counterParticipant = maker.Participant;
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
                    CounterOrderId = counterId,
                    CounterParticipant = counterParticipant,
                    PriceTick = priceTick,
                    Quantity = traded,
                    Remaining = remaining,
                    CounterRemaining = counterRemaining,
                    Timestamp = command.Timestamp,
                });
                slot = next;
            }
        }

        return remaining;
    }

    private void Rest(in Command command, int level, long remaining)
    {
        int slot = _pool.Allocate();
        ref OrderNode node = ref _pool.Nodes[slot];
        node.OrderId = command.OrderId;
        node.Participant = command.Participant;
        node.Side = command.Side;
        node.Remaining = remaining;
        node.Attributes = command.Attributes;
        (command.Side == Side.Buy ? _bids : _asks).Append(_pool.Nodes, slot, level);
        _index.Insert(command.OrderId, slot);
    }

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
        // price keep their arrival order for the rule's tie-breaks.
        AuctionOrder[] orders = _auctionOrders!;
        int count = GatherAuctionOrders();
        ReadOnlySpan<AuctionOrder> span = orders.AsSpan(0, count);
        ClearingResult result = _clearingResult!;
        result.Reset();
        _clearingRule!.Clear(span, result);
        ClearingResultValidator validator = _validator!;
        if (!validator.Validate(span, result).IsAccepted)
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
                PriceLadder ladder = node.Side == Side.Buy ? _bids : _asks;
                ladder.SubtractVolume(node.Level, fill.Quantity);
                if (node.Remaining == 0)
                {
                    RemoveSlot(ladder, slot);
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
                PriceTick = fill.PriceTick,
                Quantity = fill.Quantity,
                Remaining = remaining,
                Timestamp = command.Timestamp,
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
        // memory reads behind the writes overlap. Attribute words (reserved, zero today) are copied only when present.
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
        orders[position] = new AuctionOrder(node.OrderId, node.Participant, node.Side, node.Level + minTick, node.Remaining, position);
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
        _bids.Reset();
        _asks.Reset();
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
        long priceTick = node.Level + _minTick;
        RemoveSlot(side == Side.Buy ? _bids : _asks, slot);
        sink.OnEvent(new MatchingEvent
        {
            Kind = MatchingEventKind.Cancelled,
            Command = CommandKind.Cancel,
            CancelReason = CancelReason.Requested,
            BookId = _bookId,
            OrderId = command.OrderId,
            Participant = participant,
            Side = side,
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
        long priceTick = node.Level + _minTick;
        PriceLadder ladder = side == Side.Buy ? _bids : _asks;
        long removed = Math.Min(command.Quantity, node.Remaining);
        long left = node.Remaining - removed;
        if (left == 0)
        {
            RemoveSlot(ladder, slot);
        }
        else
        {
            node.Remaining = left;
            ladder.SubtractVolume(node.Level, removed);
        }

        sink.OnEvent(new MatchingEvent
        {
            Kind = MatchingEventKind.Reduced,
            Command = CommandKind.Reduce,
            BookId = _bookId,
            OrderId = command.OrderId,
            Participant = participant,
            Side = side,
            PriceTick = priceTick,
            Quantity = removed,
            Remaining = left,
            Timestamp = command.Timestamp,
        });
    }

    private void Expire<TSink>(long timestamp, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        IsClosed = true;
        ExpireSide(_bids, timestamp, ref sink);
        ExpireSide(_asks, timestamp, ref sink);
    }

    private void ExpireSide<TSink>(PriceLadder ladder, long timestamp, ref TSink sink)
        where TSink : struct, IMatchingEventSink
    {
        OrderNode[] nodes = _pool.Nodes;
        while (ladder.Best >= 0)
        {
            int slot = ladder.Head(ladder.Best);
            ref OrderNode node = ref nodes[slot];
            long orderId = node.OrderId;
            int participant = node.Participant;
            Side side = node.Side;
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
                PriceTick = priceTick,
                Quantity = remaining,
                Remaining = 0,
                Timestamp = timestamp,
            });
        }
    }

    private void EmitCancelled<TSink>(long orderId, int participant, Side side, long priceTick, long quantity, long remaining, CancelReason reason, long timestamp, ref TSink sink)
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
}
