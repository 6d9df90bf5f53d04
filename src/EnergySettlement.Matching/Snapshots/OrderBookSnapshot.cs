using System.Buffers.Binary;
using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching;

/// <summary>
/// Writes a book's state in a compact binary form and restores it, so a host can persist a book and later resume it
/// exactly: a restored book produces the same events for the same later commands as the original.
/// </summary>
/// <remarks>
/// <para>Format (little-endian): magic <c>ESOB</c>, format version (uint16, currently 2), book id (int32), min tick,
/// max tick (int64), capacity (int32), self-trade prevention, mode (byte), gate closure (int64), closed flag (byte),
/// order count (int32), 3 zero bytes: a 48-byte header. Then the grid: zone count Z (int32) and, when Z &gt; 1, the
/// network fees (Z² int64, row-major [from × Z + to]), the transfer limits (Z² int64) and the energy traded from zone to
/// zone so far in the period (Z² int64; zeros when the network has no limits). Then per resting order — bids best price
/// first, then asks best price first, oldest first within a price; in a continuous book with zones, all orders in
/// arrival order — order id (int64), participant (int32), side (byte), price tick (int64), remaining (int64),
/// attributes (int32): 33 bytes per order. Version 1 (no grid section) is still read.</para>
/// <para>Thread-safety: reading a book while another thread processes commands on it is not safe; snapshot on the
/// book's own thread.</para>
/// </remarks>
public static class OrderBookSnapshot
{
    /// <summary>The current format version.</summary>
    public const ushort FormatVersion = 2;

    private const int HeaderLength = 48;
    private const int FlowLength = sizeof(long);
    private const int OrderLength = 33;
    private static ReadOnlySpan<byte> Magic => "ESOB"u8;

    /// <summary>Gets the exact length in bytes of the book's snapshot.</summary>
    /// <param name="book">The book.</param>
    /// <returns>The length in bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is <see langword="null"/>.</exception>
    public static int GetLength(OrderBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return HeaderLength + GridLength(book.ZoneNetwork.ZoneCount) + (book.Count * OrderLength);
    }

    /// <summary>Writes the book's snapshot into a caller-provided buffer.</summary>
    /// <param name="book">The book.</param>
    /// <param name="destination">The buffer; at least <see cref="GetLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public static int Write(OrderBook book, Span<byte> destination)
    {
        int length = GetLength(book);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination must hold at least {length} bytes; it holds {destination.Length}.", nameof(destination));
        }

        OrderBookOptions options = book.Options;
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(destination[6..], options.BookId);
        BinaryPrimitives.WriteInt64LittleEndian(destination[10..], options.MinTick);
        BinaryPrimitives.WriteInt64LittleEndian(destination[18..], options.MaxTick);
        BinaryPrimitives.WriteInt32LittleEndian(destination[26..], options.Capacity);
        destination[30] = (byte)options.SelfTradePrevention;
        destination[31] = (byte)options.Mode;
        BinaryPrimitives.WriteInt64LittleEndian(destination[32..], options.GateClosure);
        destination[40] = book.IsClosed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32LittleEndian(destination[41..], book.Count);
        destination[45] = 0;
        destination[46] = 0;
        destination[47] = 0;

        int offset = HeaderLength + WriteGrid(book, destination[HeaderLength..]);
        OrderNode[] nodes = book.Pool.Nodes;
        long minTick = options.MinTick;
        foreach (int slot in book.SlotsInSnapshotOrder())
        {
            ref OrderNode node = ref nodes[slot];
            Span<byte> record = destination.Slice(offset, OrderLength);
            BinaryPrimitives.WriteInt64LittleEndian(record, node.OrderId);
            BinaryPrimitives.WriteInt32LittleEndian(record[8..], node.Participant);
            record[12] = (byte)node.Side;
            BinaryPrimitives.WriteInt64LittleEndian(record[13..], node.Level + minTick);
            BinaryPrimitives.WriteInt64LittleEndian(record[21..], node.Remaining);
            BinaryPrimitives.WriteInt32LittleEndian(record[29..], node.Attributes);
            offset += OrderLength;
        }

        return offset;
    }

    /// <summary>Writes the book's snapshot into a new array.</summary>
    /// <param name="book">The book.</param>
    /// <returns>The snapshot bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is <see langword="null"/>.</exception>
    public static byte[] ToArray(OrderBook book)
    {
        var bytes = new byte[GetLength(book)];
        Write(book, bytes);
        return bytes;
    }

    /// <summary>Rebuilds a book from a snapshot, with the same options, orders, priorities and closed state.</summary>
    /// <param name="snapshot">The bytes written by <see cref="Write"/>.</param>
    /// <param name="clearingRule">The clearing rule of a call-auction book (rules are code, not data, so a snapshot does not
    /// hold one); <see langword="null"/> means <see cref="UniformPriceClearingRule.Instance"/>.</param>
    /// <returns>A new book.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid snapshot (wrong magic or version, truncated,
    /// invalid options, an order outside the band, a non-positive quantity, a duplicate id, too many orders, or a crossed
    /// continuous book).</exception>
    public static OrderBook Restore(ReadOnlySpan<byte> snapshot, ClearingRule? clearingRule = null)
    {
        if (snapshot.Length < HeaderLength || !snapshot[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException("The data is not an order book snapshot (missing ESOB header).");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(snapshot[4..]);
        if (version is not (1 or FormatVersion))
        {
            throw new InvalidDataException($"Expected snapshot format version 1 or {FormatVersion}; found {version}.");
        }

        ZoneNetwork? network = null;
        int gridLength = 0;
        long[]? flows = null;
        if (version >= 2)
        {
            (network, flows, gridLength) = ReadGrid(snapshot[HeaderLength..]);
        }

        var options = new OrderBookOptions
        {
            BookId = BinaryPrimitives.ReadInt32LittleEndian(snapshot[6..]),
            MinTick = BinaryPrimitives.ReadInt64LittleEndian(snapshot[10..]),
            MaxTick = BinaryPrimitives.ReadInt64LittleEndian(snapshot[18..]),
            Capacity = BinaryPrimitives.ReadInt32LittleEndian(snapshot[26..]),
            SelfTradePrevention = (SelfTradePrevention)snapshot[30],
            Mode = (BookMode)snapshot[31],
            GateClosure = BinaryPrimitives.ReadInt64LittleEndian(snapshot[32..]),
            ClearingRule = clearingRule,
            ZoneNetwork = network,
        };
        bool closed = snapshot[40] != 0;
        int count = BinaryPrimitives.ReadInt32LittleEndian(snapshot[41..]);

        OrderBook book;
        try
        {
            book = new OrderBook(options);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("The snapshot's book options are invalid: " + e.Message, e);
        }

        int ordersStart = HeaderLength + gridLength;
        if (count < 0 || count > options.Capacity || snapshot.Length != ordersStart + ((long)count * OrderLength))
        {
            throw new InvalidDataException($"The snapshot declares {count} orders but holds {snapshot.Length - ordersStart} bytes of orders (capacity {options.Capacity}).");
        }

        int zones = book.ZoneNetwork.ZoneCount;
        bool anyRequirements = false;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> record = snapshot.Slice(ordersStart + (i * OrderLength), OrderLength);
            long orderId = BinaryPrimitives.ReadInt64LittleEndian(record);
            int participant = BinaryPrimitives.ReadInt32LittleEndian(record[8..]);
            var side = (Side)record[12];
            long priceTick = BinaryPrimitives.ReadInt64LittleEndian(record[13..]);
            long remaining = BinaryPrimitives.ReadInt64LittleEndian(record[21..]);
            var attributes = OrderAttributes.FromValue(BinaryPrimitives.ReadInt32LittleEndian(record[29..]));
            bool requirements = attributes.Requirements != 0;
            if (side > Side.Sell || participant < 0 || remaining <= 0 || priceTick < options.MinTick || priceTick > options.MaxTick
                || attributes.Zone >= zones || (requirements && options.Mode == BookMode.CallAuction))
            {
                throw new InvalidDataException($"Snapshot order {i} (id {orderId}) is invalid: side {side}, participant {participant}, price {priceTick}, remaining {remaining}, {attributes}.");
            }

            if (book.FindSlot(orderId) >= 0)
            {
                throw new InvalidDataException($"Snapshot order id {orderId} appears twice.");
            }

            anyRequirements |= requirements;
            book.RestoreOrder(orderId, participant, side, priceTick, remaining, attributes.Value);
        }

        // Only a book whose orders could all trade with each other must not rest crossed: zones, fees and requirement
        // flags let a bid rest at or above an ask it may not trade with.
        if (options.Mode == BookMode.Continuous && zones == 1 && !anyRequirements && book.BestBid is long bid && book.BestAsk is long ask && bid >= ask)
        {
            throw new InvalidDataException($"The snapshot's continuous book is crossed (bid {bid}, ask {ask}).");
        }

        for (int from = 0; flows is not null && from < zones; from++)
        {
            for (int to = 0; to < zones; to++)
            {
                long flow = flows[(from * zones) + to];
                long limit = book.ZoneNetwork.GetTransferLimit(from, to);
                if (flow < 0 || flow > limit || (flow != 0 && (from == to || limit == ZoneNetwork.Unlimited)))
                {
                    throw new InvalidDataException($"The snapshot's energy traded from zone {from} to zone {to} ({flow} Wh) does not fit its limit ({limit} Wh).");
                }

                book.RestoreFlow(from, to, flow);
            }
        }

        if (closed)
        {
            if (count != 0)
            {
                throw new InvalidDataException("A closed book's snapshot cannot hold resting orders.");
            }

            book.RestoreClosed();
        }

        return book;
    }

    /// <summary>The length of the grid section for a book of <paramref name="zones"/> zones.</summary>
    private static int GridLength(int zones) => sizeof(int) + (zones > 1 ? zones * zones * (sizeof(long) + sizeof(long) + FlowLength) : 0);

    private static int WriteGrid(OrderBook book, Span<byte> destination)
    {
        ZoneNetwork network = book.ZoneNetwork;
        int zones = network.ZoneCount;
        BinaryPrimitives.WriteInt32LittleEndian(destination, zones);
        if (zones == 1)
        {
            return sizeof(int);
        }

        int cells = zones * zones;
        Span<byte> fees = destination.Slice(sizeof(int), cells * sizeof(long));
        Span<byte> limits = destination.Slice(sizeof(int) + (cells * sizeof(long)), cells * sizeof(long));
        Span<byte> flows = destination.Slice(sizeof(int) + (2 * cells * sizeof(long)), cells * FlowLength);
        for (int from = 0; from < zones; from++)
        {
            for (int to = 0; to < zones; to++)
            {
                int cell = (from * zones) + to;
                BinaryPrimitives.WriteInt64LittleEndian(fees[(cell * sizeof(long))..], network.GetNetworkFee(from, to));
                BinaryPrimitives.WriteInt64LittleEndian(limits[(cell * sizeof(long))..], network.GetTransferLimit(from, to));
                BinaryPrimitives.WriteInt64LittleEndian(flows[(cell * FlowLength)..], book.FlowBetween(from, to));
            }
        }

        return GridLength(zones);
    }

    private static (ZoneNetwork? Network, long[]? Flows, int Length) ReadGrid(ReadOnlySpan<byte> source)
    {
        if (source.Length < sizeof(int))
        {
            throw new InvalidDataException("The snapshot ends before its grid section.");
        }

        int zones = BinaryPrimitives.ReadInt32LittleEndian(source);
        if (zones < 1 || zones > ZoneNetwork.MaxZones)
        {
            throw new InvalidDataException($"The snapshot's zone count must be between 1 and {ZoneNetwork.MaxZones}; found {zones}.");
        }

        int length = GridLength(zones);
        if (zones == 1)
        {
            return (null, null, length);
        }

        if (source.Length < length)
        {
            throw new InvalidDataException($"The snapshot's grid section of {zones} zones needs {length} bytes; {source.Length} remain.");
        }

        int cells = zones * zones;
        var fees = new long[cells];
        var limits = new long[cells];
        var flows = new long[cells];
        for (int cell = 0; cell < cells; cell++)
        {
            fees[cell] = BinaryPrimitives.ReadInt64LittleEndian(source[(sizeof(int) + (cell * sizeof(long)))..]);
            limits[cell] = BinaryPrimitives.ReadInt64LittleEndian(source[(sizeof(int) + ((cells + cell) * sizeof(long)))..]);
            flows[cell] = BinaryPrimitives.ReadInt64LittleEndian(source[(sizeof(int) + (2 * cells * sizeof(long)) + (cell * FlowLength))..]);
        }

        try
        {
            return (ZoneNetwork.Create(zones, fees, limits), flows, length);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("The snapshot's zone network is invalid: " + e.Message, e);
        }
    }
}
