using System.Buffers.Binary;
using System.Text;
using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>
/// The market operator's payload encoding of journaled commands (format versions 1 and 2), deterministic: the same command
/// always gives the same bytes. Little-endian; text is ASCII (participant ids) or UTF-8 (asset ids) behind its length.
/// </summary>
/// <remarks>
/// <code>
/// every entry   version u8 (= 1) | kind u8 | timestamp i64 (UTC ticks) | book id i32
/// OpenBook (1)  period start i64 (UTC ticks) | period length i64 (ticks) | mode u8 | gate closure i64 | engine gate closure i64
///               | min tick i64 | max tick i64 | capacity i32 | self-trade prevention u8
///               | quote asset (u16 length + UTF-8) | quote decimals u8 | tick size i128 (low u64, high i64)
/// Place (2)     order id i64 | participant (u8 length + ASCII) | side u8 | order type u8 | price tick i64 | quantity i64 | attributes i32
/// Cancel (3)    order id i64 | by operator u8 (0/1) | participant asking (u8 length + ASCII; length 0 when the operator acts)
/// Reduce (4)    as Cancel, then quantity i64
/// Uncross (5)   (nothing more)
/// CloseGate (6) (nothing more)
/// </code>
/// Version 2 is version 1 with a grid section after an OpenBook's tick size, written only for a book with zones (every
/// other payload stays version 1, byte for byte):
/// <code>
/// zone count u8 (1–64) | zone ids (u8 length + ASCII) × count | network fees i64 × count² | transfer limits i64 × count²
///               (row-major [from × count + to]; fees in ticks per kWh, limits in Wh per period, long.MaxValue = none)
/// </code>
/// Decoding is strict: an unknown version or kind, an undefined enum value, an invalid id or a byte too many or too few
/// throws <see cref="InvalidDataException"/>.
/// </remarks>
internal static class MarketCommandCodec
{
    public const byte FormatVersion = 1;

    /// <summary>The version of an OpenBook payload with a grid section.</summary>
    public const byte GridFormatVersion = 2;

    private const int HeaderLength = 14;

    public static byte[] Encode(MarketCommand command)
    {
        var buffer = new byte[Length(command)];
        var writer = new ByteWriter(buffer);
        var withGrid = command.Kind == MarketCommandKind.OpenBook && command.Grid is not null;
        writer.U8(withGrid ? GridFormatVersion : FormatVersion);
        writer.U8((byte)command.Kind);
        writer.I64(command.Timestamp);
        writer.I32(command.BookId);
        switch (command.Kind)
        {
            case MarketCommandKind.OpenBook:
                writer.I64(command.Period.Start.UtcTicks);
                writer.I64(command.Period.Length.Ticks);
                writer.U8((byte)command.Mode);
                writer.I64(command.GateClosure);
                writer.I64(command.EngineGateClosure);
                writer.I64(command.MinTick);
                writer.I64(command.MaxTick);
                writer.I32(command.Capacity);
                writer.U8((byte)command.SelfTradePrevention);
                writer.Text16(command.QuoteAsset);
                writer.U8((byte)command.QuoteDecimals);
                writer.I128(command.TickSize);
                if (command.Grid is { } grid)
                {
                    WriteGrid(ref writer, grid);
                }

                break;
            case MarketCommandKind.Place:
                writer.I64(command.OrderId);
                writer.Text8(command.Participant.Value);
                writer.U8((byte)command.Side);
                writer.U8((byte)command.OrderType);
                writer.I64(command.PriceTick);
                writer.I64(command.Quantity);
                writer.I32(command.Attributes);
                break;
            case MarketCommandKind.Cancel:
            case MarketCommandKind.Reduce:
                writer.I64(command.OrderId);
                writer.U8(command.ByOperator ? (byte)1 : (byte)0);
                writer.Text8(command.ByOperator ? string.Empty : command.Participant.Value);
                if (command.Kind == MarketCommandKind.Reduce)
                {
                    writer.I64(command.Quantity);
                }

                break;
            case MarketCommandKind.Uncross:
            case MarketCommandKind.CloseGate:
                break;
            default:
                throw new ArgumentException($"Unknown market command kind {command.Kind}.", nameof(command));
        }

        return buffer;
    }

    public static MarketCommand Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new ByteReader(payload);
        var version = reader.U8();
        if (version is not FormatVersion and not GridFormatVersion)
        {
            throw new InvalidDataException($"Expected order journal payload format version {FormatVersion} or {GridFormatVersion}; found {version}.");
        }

        var kind = (MarketCommandKind)reader.U8();
        if (version == GridFormatVersion && kind != MarketCommandKind.OpenBook)
        {
            throw new InvalidDataException($"Payload format version {GridFormatVersion} is for OpenBook commands only; found {kind}.");
        }

        var timestamp = reader.I64();
        var bookId = reader.I32();
        MarketCommand command = kind switch
        {
            MarketCommandKind.OpenBook => DecodeOpenBook(ref reader, timestamp, bookId, version == GridFormatVersion),
            MarketCommandKind.Place => DecodePlace(ref reader, timestamp, bookId),
            MarketCommandKind.Cancel or MarketCommandKind.Reduce => DecodeCancelOrReduce(ref reader, kind, timestamp, bookId),
            MarketCommandKind.Uncross or MarketCommandKind.CloseGate => new MarketCommand { Kind = kind, Timestamp = timestamp, BookId = bookId },
            _ => throw new InvalidDataException($"Unknown order journal command kind {(byte)kind}."),
        };
        if (!reader.AtEnd)
        {
            throw new InvalidDataException($"The {kind} payload has {reader.Left} byte(s) more than its format.");
        }

        return command;
    }

    private static MarketCommand DecodeOpenBook(ref ByteReader reader, long timestamp, int bookId, bool withGrid)
    {
        var start = reader.I64();
        var length = reader.I64();
        var mode = (BookMode)reader.U8();
        var gateClosure = reader.I64();
        var engineGateClosure = reader.I64();
        var minTick = reader.I64();
        var maxTick = reader.I64();
        var capacity = reader.I32();
        var selfTrade = (SelfTradePrevention)reader.U8();
        var asset = reader.Text16();
        var decimals = reader.U8();
        var tickSize = reader.I128();
        var grid = withGrid ? ReadGrid(ref reader) : null;
        if (!Enum.IsDefined(mode) || !Enum.IsDefined(selfTrade))
        {
            throw new InvalidDataException($"An OpenBook payload has an undefined mode {(byte)mode} or self-trade rule {(byte)selfTrade}.");
        }

        DeliveryPeriod period;
        try
        {
            period = DeliveryPeriod.Create(new DateTimeOffset(start, TimeSpan.Zero), TimeSpan.FromTicks(length));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("An OpenBook payload names an invalid delivery period: " + e.Message, e);
        }

        return new MarketCommand
        {
            Kind = MarketCommandKind.OpenBook, Timestamp = timestamp, BookId = bookId, Period = period, Mode = mode, GateClosure = gateClosure,
            EngineGateClosure = engineGateClosure, MinTick = minTick, MaxTick = maxTick, Capacity = capacity, SelfTradePrevention = selfTrade,
            QuoteAsset = asset, QuoteDecimals = decimals, TickSize = tickSize, Grid = grid,
        };
    }

    private static void WriteGrid(ref ByteWriter writer, BookGrid grid)
    {
        var count = grid.Zones.Length;
        writer.U8((byte)count);
        foreach (var zone in grid.Zones)
        {
            writer.Text8(zone.Value);
        }

        for (var i = 0; i < count * count; i++)
        {
            writer.I64(grid.Network.GetNetworkFee(i / count, i % count));
        }

        for (var i = 0; i < count * count; i++)
        {
            writer.I64(grid.Network.GetTransferLimit(i / count, i % count));
        }
    }

    private static BookGrid ReadGrid(ref ByteReader reader)
    {
        int count = reader.U8();
        if (count is < 1 or > ZoneNetwork.MaxZones)
        {
            throw new InvalidDataException($"An OpenBook grid must hold 1 to {ZoneNetwork.MaxZones} zones; found {count}.");
        }

        var zones = new ZoneId[count];
        for (var i = 0; i < count; i++)
        {
            var text = reader.Text8();
            zones[i] = ZoneId.TryParse(text, out var zone) ? zone : throw new InvalidDataException($"'{text}' is not a valid zone id.");
        }

        var fees = new long[count * count];
        var limits = new long[count * count];
        for (var i = 0; i < fees.Length; i++)
        {
            fees[i] = reader.I64();
        }

        for (var i = 0; i < limits.Length; i++)
        {
            limits[i] = reader.I64();
        }

        try
        {
            return new BookGrid(zones, ZoneNetwork.Create(count, fees, limits));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("An OpenBook payload holds an invalid grid: " + e.Message, e);
        }
    }

    private static MarketCommand DecodePlace(ref ByteReader reader, long timestamp, int bookId)
    {
        var orderId = reader.I64();
        var participant = ParticipantOf(reader.Text8());
        var side = (Side)reader.U8();
        var type = (OrderType)reader.U8();
        var priceTick = reader.I64();
        var quantity = reader.I64();
        var attributes = reader.I32();
        if (!Enum.IsDefined(side) || !Enum.IsDefined(type))
        {
            throw new InvalidDataException($"A Place payload has an undefined side {(byte)side} or order type {(byte)type}.");
        }

        return new MarketCommand
        {
            Kind = MarketCommandKind.Place, Timestamp = timestamp, BookId = bookId, OrderId = orderId, Participant = participant, Side = side,
            OrderType = type, PriceTick = priceTick, Quantity = quantity, Attributes = attributes,
        };
    }

    private static MarketCommand DecodeCancelOrReduce(ref ByteReader reader, MarketCommandKind kind, long timestamp, int bookId)
    {
        var orderId = reader.I64();
        var byOperator = reader.U8() switch
        {
            0 => false,
            1 => true,
            var other => throw new InvalidDataException($"A {kind} payload has an invalid actor flag {other}."),
        };
        var asking = reader.Text8();
        if (byOperator != (asking.Length == 0))
        {
            throw new InvalidDataException($"A {kind} payload must name the participant asking exactly when the operator does not act.");
        }

        return new MarketCommand
        {
            Kind = kind, Timestamp = timestamp, BookId = bookId, OrderId = orderId, ByOperator = byOperator,
            Participant = byOperator ? default : ParticipantOf(asking),
            Quantity = kind == MarketCommandKind.Reduce ? reader.I64() : 0,
        };
    }

    private static ParticipantId ParticipantOf(string text) =>
        ParticipantId.TryParse(text, out var participant) ? participant : throw new InvalidDataException($"'{text}' is not a valid participant id.");

    private static int Length(MarketCommand command) => HeaderLength + command.Kind switch
    {
        MarketCommandKind.OpenBook => 8 + 8 + 1 + 8 + 8 + 8 + 8 + 4 + 1 + 2 + Encoding.UTF8.GetByteCount(command.QuoteAsset) + 1 + 16 + GridLength(command.Grid),
        MarketCommandKind.Place => 8 + 1 + command.Participant.Value.Length + 1 + 1 + 8 + 8 + 4,
        MarketCommandKind.Cancel => 8 + 1 + 1 + (command.ByOperator ? 0 : command.Participant.Value.Length),
        MarketCommandKind.Reduce => 8 + 1 + 1 + (command.ByOperator ? 0 : command.Participant.Value.Length) + 8,
        _ => 0,
    };

    private static int GridLength(BookGrid? grid) =>
        grid is null ? 0 : 1 + grid.Zones.Sum(z => 1 + z.Value.Length) + (2 * 8 * grid.Zones.Length * grid.Zones.Length);
}
