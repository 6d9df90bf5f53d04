using CsCheck;
using EnergySettlement.Matching.Reference;
using EnergySettlement.Matching.Tests.Books;

namespace EnergySettlement.Matching.Tests.Snapshots;

public class OrderBookSnapshotTests
{
    private static List<MatchingEvent> Apply(OrderBook book, ReadOnlySpan<Command> commands)
    {
        var events = new List<MatchingEvent>();
        var sink = new ListSink(events);
        foreach (Command command in commands)
        {
            book.Process(in command, ref sink);
        }

        return events;
    }

    [Fact]
    public void Restore_RandomStreamSplit_ReplayEqualsSnapshotThenContinue()
    {
        Gen.Select(CommandStreams.Options, CommandStreams.Stream, Gen.Double[0, 1]).Sample((options, commands, at) =>
        {
            int split = (int)(at * commands.Length);
            var replayed = new OrderBook(options);
            List<MatchingEvent> replayedEvents = Apply(replayed, commands);

            var original = new OrderBook(options);
            Apply(original, commands.AsSpan(0, split));
            byte[] snapshot = OrderBookSnapshot.ToArray(original);
            OrderBook restored = OrderBookSnapshot.Restore(snapshot);
            Assert.Equal(snapshot, OrderBookSnapshot.ToArray(restored));

            var prefix = new OrderBook(options);
            int prefixEvents = Apply(prefix, commands.AsSpan(0, split)).Count;
            List<MatchingEvent> continued = Apply(restored, commands.AsSpan(split));
            Assert.Equal(replayedEvents.Skip(prefixEvents), continued);
            Assert.Equal(OrderBookSnapshot.ToArray(replayed), OrderBookSnapshot.ToArray(restored));
        }, iter: 2000);
    }

    [Fact]
    public void Restore_RandomZonedStreamSplit_ReplayEqualsSnapshotThenContinue()
    {
        // With zones the snapshot lists orders in arrival order and carries the network and the energy moved so far.
        Gen.Select(Grid.ZonedCommandStreams.Options, Grid.ZonedCommandStreams.Stream, Gen.Double[0, 1]).Sample((options, commands, at) =>
        {
            int split = (int)(at * commands.Length);
            var replayed = new OrderBook(options);
            List<MatchingEvent> replayedEvents = Apply(replayed, commands);

            var original = new OrderBook(options);
            int prefixEvents = Apply(original, commands.AsSpan(0, split)).Count;
            byte[] snapshot = OrderBookSnapshot.ToArray(original);
            OrderBook restored = OrderBookSnapshot.Restore(snapshot);
            Assert.Equal(snapshot, OrderBookSnapshot.ToArray(restored));

            List<MatchingEvent> continued = Apply(restored, commands.AsSpan(split));
            Assert.Equal(replayedEvents.Skip(prefixEvents), continued);
            Assert.Equal(OrderBookSnapshot.ToArray(replayed), OrderBookSnapshot.ToArray(restored));
        }, iter: 2000);
    }

    [Fact]
    public void Restore_FormatVersion1_IsStillRead()
    {
        // A version-1 snapshot (no grid section) of a bid 12 Wh at 40, written by the previous release.
        byte[] bytes = new byte[48 + 33];
        "ESOB"u8.CopyTo(bytes);
        BitConverter.GetBytes((ushort)1).CopyTo(bytes, 4);
        BitConverter.GetBytes(7).CopyTo(bytes, 6);
        BitConverter.GetBytes(1L).CopyTo(bytes, 10);
        BitConverter.GetBytes(100L).CopyTo(bytes, 18);
        BitConverter.GetBytes(8).CopyTo(bytes, 26);
        BitConverter.GetBytes(long.MaxValue).CopyTo(bytes, 32);
        BitConverter.GetBytes(1).CopyTo(bytes, 41);
        BitConverter.GetBytes(5L).CopyTo(bytes, 48);
        BitConverter.GetBytes(2).CopyTo(bytes, 48 + 8);
        BitConverter.GetBytes(40L).CopyTo(bytes, 48 + 13);
        BitConverter.GetBytes(12L).CopyTo(bytes, 48 + 21);

        OrderBook book = OrderBookSnapshot.Restore(bytes);

        Assert.True(book.TryGetOrder(5, out RestingOrder order));
        Assert.Equal(new RestingOrder(5, 2, Side.Buy, 40, 12), order);
        Assert.Equal(1, book.ZoneNetwork.ZoneCount);
    }

    [Fact]
    public void Process_SameCommandsTwice_SameEvents()
    {
        Gen.Select(CommandStreams.Options, CommandStreams.Stream).Sample((options, commands) =>
            Assert.Equal(Apply(new OrderBook(options), commands), Apply(new OrderBook(options), commands)), iter: 500);
    }

    [Fact]
    public void Write_KnownBook_HasDocumentedLayout()
    {
        var book = new OrderBook(new OrderBookOptions { BookId = 7, MinTick = 1, MaxTick = 100, Capacity = 8, GateClosure = 99 });
        var sink = new CountingSink();
        Command bid = Command.Limit(7, 5, 2, Side.Buy, 40, 12, 0);
        book.Process(in bid, ref sink);
        byte[] bytes = OrderBookSnapshot.ToArray(book);
        Assert.Equal(48 + 4 + 33, bytes.Length);
        Assert.Equal("ESOB"u8.ToArray(), bytes[..4]);
        Assert.Equal(2, BitConverter.ToUInt16(bytes, 4));
        Assert.Equal(7, BitConverter.ToInt32(bytes, 6));
        Assert.Equal(99, BitConverter.ToInt64(bytes, 32));
        Assert.Equal(1, BitConverter.ToInt32(bytes, 41));
        Assert.Equal(1, BitConverter.ToInt32(bytes, 48)); // one zone: no fees, limits or flows follow
        Assert.Equal(5, BitConverter.ToInt64(bytes, 52));
        Assert.Equal(40, BitConverter.ToInt64(bytes, 52 + 13));
        Assert.Equal(12, BitConverter.ToInt64(bytes, 52 + 21));
    }

    [Fact]
    public void Restore_CorruptData_ThrowsInvalidDataException()
    {
        var book = new OrderBook(new OrderBookOptions { MaxTick = 100, Capacity = 8 });
        var sink = new CountingSink();
        Command bid = Command.Limit(0, 5, 2, Side.Buy, 40, 12, 0);
        Command ask = Command.Limit(0, 6, 3, Side.Sell, 50, 12, 0);
        book.Process(in bid, ref sink);
        book.Process(in ask, ref sink);
        byte[] good = OrderBookSnapshot.ToArray(book);

        byte[] badMagic = (byte[])good.Clone();
        badMagic[0] = (byte)'X';
        byte[] truncated = good[..^1];
        byte[] duplicate = (byte[])good.Clone();
        BitConverter.GetBytes(5L).CopyTo(duplicate, 52 + 33);
        byte[] crossed = (byte[])good.Clone();
        BitConverter.GetBytes(60L).CopyTo(crossed, 52 + 13);
        byte[] offBand = (byte[])good.Clone();
        BitConverter.GetBytes(101L).CopyTo(offBand, 52 + 13);
        byte[] unknownZone = (byte[])good.Clone();
        BitConverter.GetBytes(OrderAttributes.InZone(1).Value).CopyTo(unknownZone, 52 + 29);
        byte[] noZones = (byte[])good.Clone();
        BitConverter.GetBytes(0).CopyTo(noZones, 48);

        foreach (byte[] bad in new[] { badMagic, truncated, duplicate, crossed, offBand, unknownZone, noZones, [] })
        {
            Assert.Throws<InvalidDataException>(() => OrderBookSnapshot.Restore(bad));
        }
    }

    [Fact]
    public void Write_ShortBuffer_ThrowsArgumentException()
    {
        var book = new OrderBook(new OrderBookOptions());
        Assert.Throws<ArgumentException>(() => OrderBookSnapshot.Write(book, new byte[10]));
    }
}
