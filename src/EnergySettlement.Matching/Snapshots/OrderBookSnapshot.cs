using System.Buffers.Binary;
using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching;

/// <summary>
/// Writes a book's state in a compact binary form and restores it, so a host can persist a book and later resume it
/// exactly: a restored book produces the same events for the same later commands as the original.
/// </summary>
/// <remarks>
/// <para>Format (little-endian): magic <c>ESOB</c>, format version (uint16, currently 1), book id (int32), min tick,
/// max tick (int64), capacity (int32), self-trade prevention, mode (byte), gate closure (int64), closed flag (byte),
/// order count (int32), then per resting order — bids best price first, then asks best price first, oldest first
/// within a price — order id (int64), participant (int32), side (byte), price tick (int64), remaining (int64),
/// attributes (int32): 33 bytes per order after a 48-byte header.</para>
/// <para>Thread-safety: reading a book while another thread processes commands on it is not safe; snapshot on the
/// book's own thread.</para>
/// </remarks>
public static class OrderBookSnapshot
{
    /// <summary>The current format version.</summary>
    public const ushort FormatVersion = 1;

    private const int HeaderLength = 48;
    private const int OrderLength = 33;
    private static ReadOnlySpan<byte> Magic => "ESOB"u8;

    /// <summary>Gets the exact length in bytes of the book's snapshot.</summary>
    /// <param name="book">The book.</param>
    /// <returns>The length in bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="book"/> is <see langword="null"/>.</exception>
    public static int GetLength(OrderBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return HeaderLength + (book.Count * OrderLength);
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

        int offset = HeaderLength;
        OrderNode[] nodes = book.Pool.Nodes;
        long minTick = options.MinTick;
        foreach (PriceLadder ladder in (ReadOnlySpan<PriceLadder>)[book.Bids, book.Asks])
        {
            for (int level = ladder.Best; level >= 0; level = ladder.NextAfter(level))
            {
                for (int slot = ladder.Head(level); slot >= 0; slot = nodes[slot].Next)
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
            }
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
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Expected snapshot format version {FormatVersion}; found {version}.");
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

        if (count < 0 || count > options.Capacity || snapshot.Length != HeaderLength + ((long)count * OrderLength))
        {
            throw new InvalidDataException($"The snapshot declares {count} orders but holds {snapshot.Length - HeaderLength} bytes of orders (capacity {options.Capacity}).");
        }

        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> record = snapshot.Slice(HeaderLength + (i * OrderLength), OrderLength);
            long orderId = BinaryPrimitives.ReadInt64LittleEndian(record);
            int participant = BinaryPrimitives.ReadInt32LittleEndian(record[8..]);
            var side = (Side)record[12];
            long priceTick = BinaryPrimitives.ReadInt64LittleEndian(record[13..]);
            long remaining = BinaryPrimitives.ReadInt64LittleEndian(record[21..]);
            int attributes = BinaryPrimitives.ReadInt32LittleEndian(record[29..]);
            if (side > Side.Sell || participant < 0 || remaining <= 0 || priceTick < options.MinTick || priceTick > options.MaxTick)
            {
                throw new InvalidDataException($"Snapshot order {i} (id {orderId}) is invalid: side {side}, participant {participant}, price {priceTick}, remaining {remaining}.");
            }

            if (book.FindSlot(orderId) >= 0)
            {
                throw new InvalidDataException($"Snapshot order id {orderId} appears twice.");
            }

            book.RestoreOrder(orderId, participant, side, priceTick, remaining, attributes);
        }

        if (options.Mode == BookMode.Continuous && book.BestBid is long bid && book.BestAsk is long ask && bid >= ask)
        {
            throw new InvalidDataException($"The snapshot's continuous book is crossed (bid {bid}, ask {ask}).");
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
}
