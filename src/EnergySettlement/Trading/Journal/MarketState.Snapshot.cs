using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>Snapshots: the whole state in a deterministic byte form, and back.</summary>
/// <remarks>
/// <code>
/// magic "ESMS" | format version u16 (= 1) | last sequence i64 | last timestamp i64 | next order id i64 | next book id i32
/// | book count i32, then per open book, by delivery period:
///     the OpenBook payload that opened it (u32 length + bytes, see MarketCommandCodec) | last auction i64 | closing u8
///     | placed counts: count i32, then per participant in ordinal order: participant (u8 length + ASCII) | count i32
///     | open orders: count i32, then per order by arrival (time priority):
///         order id i64 | participant (u8 length + ASCII) | side u8 | order type u8 | price tick i64 | quantity i64
///         | remaining i64 | submitted at i64 (UTC ticks) | attributes i32 | arrival i64 (journal sequence of its placement)
///     | (version 2 only) energy moved between zones: count i32, then per ordered pair with energy moved, in row-major
///         order: from zone u8 | to zone u8 | Wh i64 (counted against the transfer limits; a rebuilt book gets the room left)
/// </code>
/// Version 2 is written when any open book has a grid; version 1 snapshots stay readable.
/// </remarks>
internal sealed partial class MarketState
{
    public const ushort SnapshotFormatVersion = 1;

    /// <summary>The snapshot version with each book's energy moved between zones.</summary>
    public const ushort GridSnapshotFormatVersion = 2;

    private static ReadOnlySpan<byte> SnapshotMagic => "ESMS"u8;

    /// <summary>
    /// The snapshot of the state after the last admitted command. Its time is that command's, so the same state always
    /// makes an equal snapshot (saving it twice is idempotent). Call only when every admitted command has completed.
    /// </summary>
    public OrderJournalSnapshot CreateSnapshot() => new()
    {
        Sequence = LastSequence,
        TakenAt = new DateTimeOffset(Math.Max(LastTimestamp, 0), TimeSpan.Zero),
        State = WriteSnapshot(),
    };

    /// <summary>Writes the state. Call only when every admitted command has completed (nothing in flight).</summary>
    public byte[] WriteSnapshot()
    {
        var books = _booksByPeriod.Values.ToList();
        var ordersByBook = _orders.Values.GroupBy(o => o.Book).ToDictionary(g => g.Key, g => g.OrderBy(o => o.Arrival).ToList());
        var openings = books.Select(b => MarketCommandCodec.Encode(b.Opening)).ToList();
        var withGrid = books.Exists(b => b.Opening.Grid is not null);
        var length = 4 + 2 + 8 + 8 + 8 + 4 + 4;
        for (var i = 0; i < books.Count; i++)
        {
            length += 4 + openings[i].Length + 8 + 1 + 4 + 4;
            length += books[i].Placed.Keys.Sum(p => 1 + p.Value.Length + 4);
            length += ordersByBook.GetValueOrDefault(books[i], []).Sum(o => 8 + 1 + o.Order.Participant.Value.Length + 1 + 1 + 8 + 8 + 8 + 8 + 4 + 8);
            length += withGrid ? 4 + (10 * (books[i].TransferUsed?.Count(u => u != 0) ?? 0)) : 0;
        }

        var buffer = new byte[length];
        var writer = new ByteWriter(buffer);
        writer.Bytes(SnapshotMagic);
        writer.U16(withGrid ? GridSnapshotFormatVersion : SnapshotFormatVersion);
        writer.I64(LastSequence);
        writer.I64(LastTimestamp);
        writer.I64(NextOrderId);
        writer.I32(NextBookId);
        writer.I32(books.Count);
        for (var i = 0; i < books.Count; i++)
        {
            var book = books[i];
            writer.I32(openings[i].Length);
            writer.Bytes(openings[i]);
            writer.I64(book.LastAuction);
            writer.U8(book.Closing ? (byte)1 : (byte)0);
            var placed = book.Placed.OrderBy(p => p.Key.Value, StringComparer.Ordinal).ToList();
            writer.I32(placed.Count);
            foreach (var (participant, count) in placed)
            {
                writer.Text8(participant.Value);
                writer.I32(count);
            }

            var orders = ordersByBook.GetValueOrDefault(book, []);
            writer.I32(orders.Count);
            foreach (var order in orders)
            {
                writer.I64(order.Order.Id.Value);
                writer.Text8(order.Order.Participant.Value);
                writer.U8((byte)order.Order.Side);
                writer.U8((byte)order.Order.Type);
                writer.I64(order.PriceTick);
                writer.I64(order.Order.Quantity.WattHours);
                writer.I64(order.Remaining);
                writer.I64(order.Order.SubmittedAt.UtcTicks);
                writer.I32(order.Attributes);
                writer.I64(order.Arrival);
            }

            if (withGrid)
            {
                var used = book.TransferUsed ?? [];
                writer.I32(used.Count(u => u != 0));
                var n = book.Opening.Grid?.Zones.Length ?? 1;
                for (var cell = 0; cell < used.Length; cell++)
                {
                    if (used[cell] != 0)
                    {
                        writer.U8((byte)(cell / n));
                        writer.U8((byte)(cell % n));
                        writer.I64(used[cell]);
                    }
                }
            }
        }

        return buffer;
    }

    /// <summary>Restores a state written by <see cref="WriteSnapshot"/> into this empty state.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid snapshot of this market.</exception>
    public void RestoreSnapshot(long sequence, ReadOnlySpan<byte> snapshot)
    {
        if (LastSequence != 0 || _booksById.Count != 0)
        {
            throw new InvalidOperationException("A snapshot restores only into an empty state.");
        }

        var reader = new ByteReader(snapshot);
        if (!reader.Bytes(4).SequenceEqual(SnapshotMagic))
        {
            throw new InvalidDataException("The data is not a market operator snapshot (missing ESMS header).");
        }

        var version = reader.U16();
        if (version is not SnapshotFormatVersion and not GridSnapshotFormatVersion)
        {
            throw new InvalidDataException($"Expected market snapshot format version {SnapshotFormatVersion} or {GridSnapshotFormatVersion}; found {version}.");
        }

        var lastSequence = reader.I64();
        if (lastSequence != sequence)
        {
            throw new InvalidDataException($"The snapshot says it follows entry {lastSequence}, but it is stored at {sequence}.");
        }

        var lastTimestamp = reader.I64();
        var nextOrderId = reader.I64();
        var nextBookId = reader.I32();
        var bookCount = reader.I32();
        for (var i = 0; i < bookCount; i++)
        {
            var opening = MarketCommandCodec.Decode(reader.Bytes(reader.I32()));
            if (opening.Kind != MarketCommandKind.OpenBook)
            {
                throw new InvalidDataException($"Snapshot book {i} was not opened by an OpenBook command.");
            }

            CheckOpening(lastSequence, opening);
            var book = new BookState(Intern(opening)) { LastAuction = reader.I64(), Closing = reader.U8() != 0 };
            _booksByPeriod.Add(book.Period, book);
            _booksById.Add(book.BookId, book);
            for (var placed = reader.I32(); placed > 0; placed--)
            {
                book.Placed.Add(ParticipantOf(reader.Text8()), reader.I32());
            }

            for (var count = reader.I32(); count > 0; count--)
            {
                var place = new MarketCommand
                {
                    Kind = MarketCommandKind.Place,
                    BookId = book.BookId,
                    OrderId = reader.I64(),
                    Participant = ParticipantOf(reader.Text8()),
                    Side = (Side)reader.U8(),
                    OrderType = (OrderType)reader.U8(),
                    PriceTick = reader.I64(),
                    Quantity = reader.I64(),
                    Timestamp = 0,
                };
                var remaining = reader.I64();
                place = place with { Timestamp = reader.I64(), Attributes = reader.I32() };
                var arrival = reader.I64();
                if (!Enum.IsDefined(place.Side) || place.OrderType != OrderType.Limit || remaining <= 0 || remaining > place.Quantity || _orders.ContainsKey(place.OrderId))
                {
                    throw new InvalidDataException($"Snapshot order {place.OrderId} is invalid.");
                }

                var order = new OpenOrderState(ToOrder(place, book), book, place.PriceTick, place.Attributes, arrival) { Remaining = remaining };
                _orders.Add(place.OrderId, order);
                _openCounts[place.Participant] = _openCounts.GetValueOrDefault(place.Participant) + 1;
            }

            if (version == GridSnapshotFormatVersion)
            {
                ReadTransfers(ref reader, book);
            }
        }

        if (!reader.AtEnd)
        {
            throw new InvalidDataException($"The snapshot has {reader.Left} byte(s) more than its format.");
        }

        (LastSequence, LastTimestamp, NextOrderId, NextBookId) = (lastSequence, lastTimestamp, nextOrderId, nextBookId);
    }

    /// <summary>
    /// The engine commands that rebuild the open books with the same priorities: each book's options, then its open
    /// orders placed again in arrival order with what is left of them (they neither cross nor match: a continuous book
    /// was uncrossed, a call-auction book only collects).
    /// </summary>
    public IEnumerable<(OrderBookOptions Book, IReadOnlyList<Command> Orders)> EngineRebuild()
    {
        foreach (var book in _booksByPeriod.Values)
        {
            var orders = _orders.Values.Where(o => o.Book == book).OrderBy(o => o.Arrival)
                .Select(o => new Command(CommandKind.Place, book.BookId, o.Order.Id.Value, Mapping.Participants.IndexOf(o.Order.Participant), o.Order.Side,
                    OrderType.Limit, o.PriceTick, o.Remaining, o.Order.SubmittedAt.UtcTicks, OrderAttributes.FromValue(o.Attributes)))
                .ToList();
            yield return (book.ToEngineOptions(), orders);
        }
    }

    private static void ReadTransfers(ref ByteReader reader, BookState book)
    {
        var zones = book.Opening.Grid?.Zones.Length ?? 0;
        for (var count = reader.I32(); count > 0; count--)
        {
            int from = reader.U8(), to = reader.U8();
            var wattHours = reader.I64();
            if (book.TransferUsed is null || from >= zones || to >= zones || from == to || wattHours <= 0)
            {
                throw new InvalidDataException($"Snapshot book {book.BookId} names energy moved from zone {from} to zone {to} ({wattHours} Wh), which its grid does not allow.");
            }

            book.AddTransfer(from, to, wattHours);
        }
    }

    private static ParticipantId ParticipantOf(string text) =>
        ParticipantId.TryParse(text, out var participant) ? participant : throw new InvalidDataException($"'{text}' is not a valid participant id.");
}
