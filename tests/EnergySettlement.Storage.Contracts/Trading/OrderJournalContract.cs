using EnergySettlement.Trading;

namespace EnergySettlement.Storage.Contracts.Trading;

/// <summary>The behaviour every <see cref="IOrderJournal"/> shares (the rules in its documentation).</summary>
public abstract class OrderJournalContract : StoreContract<IOrderJournal>
{
    /// <summary>Gets the market most tests use.</summary>
    protected static MarketId Market { get; } = new("sunny-street");

    /// <summary>Gets a second market.</summary>
    protected static MarketId OtherMarket { get; } = new("shady-lane");

    /// <summary>An entry whose payload is derived from its sequence and <paramref name="variant"/>.</summary>
    /// <param name="sequence">The sequence.</param>
    /// <param name="variant">Changes the payload (same sequence, other variant: a conflict).</param>
    /// <returns>The entry.</returns>
    protected static OrderJournalEntry Entry(long sequence, int variant = 0) => new()
    {
        Sequence = sequence,
        RecordedAt = StoreTestData.At.AddTicks(sequence * 1_234_567),
        Payload = StoreTestData.Bytes((int)sequence * 31 + variant, 8 + (int)(sequence % 40)),
    };

    /// <summary>Entries <paramref name="first"/> to <paramref name="last"/>.</summary>
    /// <param name="first">The first sequence.</param>
    /// <param name="last">The last sequence.</param>
    /// <returns>The entries.</returns>
    protected static OrderJournalEntry[] Entries(long first, long last) =>
        Enumerable.Range(0, (int)(last - first + 1)).Select(i => Entry(first + i)).ToArray();

    /// <summary>Reads a market's whole journal after <paramref name="after"/>.</summary>
    /// <param name="journal">The journal.</param>
    /// <param name="market">The market.</param>
    /// <param name="after">The last entry not wanted.</param>
    /// <returns>The entries.</returns>
    protected static async Task<List<OrderJournalEntry>> ReadAllAsync(IOrderJournal journal, MarketId market, long after = 0)
    {
        var entries = new List<OrderJournalEntry>();
        await foreach (var entry in journal.ReadAsync(market, after))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>A snapshot at <paramref name="sequence"/>.</summary>
    /// <param name="sequence">The last entry it includes.</param>
    /// <param name="variant">Changes the state.</param>
    /// <returns>The snapshot.</returns>
    protected static OrderJournalSnapshot Snapshot(long sequence, int variant = 0) => new()
    {
        Sequence = sequence,
        TakenAt = StoreTestData.At.AddMinutes(sequence),
        State = StoreTestData.Bytes(1000 + (int)sequence + variant, 300),
    };

    [Fact]
    public async Task GetLastSequenceAsync_EmptyJournal_IsZero() => Assert.Equal(0, await Store.GetLastSequenceAsync(Market));

    [Fact]
    public async Task AppendAsync_FirstEntries_AreReadBackInOrderWithEveryField()
    {
        var entries = Entries(1, 5);
        await Store.AppendAsync(Market, entries);
        var read = await ReadAllAsync(Store, Market);
        Assert.Equal(entries, read);
        Assert.All(read, e => Assert.Equal(StoreTestData.At.Offset, e.RecordedAt.Offset));
        Assert.Equal(5, await Store.GetLastSequenceAsync(Market));
    }

    [Fact]
    public async Task AppendAsync_Continuation_Appends()
    {
        await Store.AppendAsync(Market, Entries(1, 2));
        await Store.AppendAsync(Market, Entries(3, 4));
        Assert.Equal(Entries(1, 4), await ReadAllAsync(Store, Market));
    }

    [Fact]
    public async Task AppendAsync_RecordedEntriesAgain_SucceedsAndChangesNothing()
    {
        await Store.AppendAsync(Market, Entries(1, 3));
        await Store.AppendAsync(Market, Entries(2, 3));
        await Store.AppendAsync(Market, Entries(1, 3));
        Assert.Equal(Entries(1, 3), await ReadAllAsync(Store, Market));
    }

    [Fact]
    public async Task AppendAsync_RecordedEntriesWithNewTail_AppendsOnlyTheTail()
    {
        await Store.AppendAsync(Market, Entries(1, 3));
        await Store.AppendAsync(Market, Entries(2, 6));
        Assert.Equal(Entries(1, 6), await ReadAllAsync(Store, Market));
    }

    [Fact]
    public async Task AppendAsync_RecordedSequenceWithOtherContent_ThrowsConflictAndAppendsNothing()
    {
        await Store.AppendAsync(Market, Entries(1, 3));
        var error = await Assert.ThrowsAsync<IdempotencyConflictException>(() => Store.AppendAsync(Market, [Entry(3, variant: 1), Entry(4)]));
        Assert.Contains("3", error.Key, StringComparison.Ordinal);
        Assert.Equal(3, await Store.GetLastSequenceAsync(Market));
    }

    [Fact]
    public async Task AppendAsync_RecordedSequenceWithOtherTime_ThrowsConflict()
    {
        await Store.AppendAsync(Market, Entries(1, 1));
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => Store.AppendAsync(Market, [Entry(1) with { RecordedAt = StoreTestData.At.AddTicks(1) }]));
    }

    [Fact]
    public async Task AppendAsync_Gap_ThrowsArgumentExceptionAndAppendsNothing()
    {
        await Store.AppendAsync(Market, Entries(1, 2));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(Market, Entries(4, 5)));
        Assert.Equal(2, await Store.GetLastSequenceAsync(Market));
    }

    [Fact]
    public async Task AppendAsync_FirstEntryNotOne_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(Market, Entries(2, 3)));
        Assert.Empty(await ReadAllAsync(Store, Market));
    }

    [Fact]
    public async Task AppendAsync_NotConsecutive_ThrowsArgumentException() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(Market, [Entry(1), Entry(3)]));

    [Fact]
    public async Task AppendAsync_SequenceZero_ThrowsArgumentException() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(Market, [Entry(0), Entry(1)]));

    [Fact]
    public async Task AppendAsync_NoEntries_ChangesNothing()
    {
        await Store.AppendAsync(Market, []);
        Assert.Equal(0, await Store.GetLastSequenceAsync(Market));
    }

    [Fact]
    public async Task AppendAsync_EmptyPayload_IsKept()
    {
        var entry = Entry(1) with { Payload = Array.Empty<byte>() };
        await Store.AppendAsync(Market, [entry]);
        Assert.Equal(entry, Assert.Single(await ReadAllAsync(Store, Market)));
    }

    [Fact]
    public async Task AppendAsync_TenThousandEntriesAtOnce_AreAllRecorded()
    {
        var entries = Entries(1, 10_000);
        await Store.AppendAsync(Market, entries);
        Assert.Equal(10_000, await Store.GetLastSequenceAsync(Market));
        Assert.Equal(entries, await ReadAllAsync(Store, Market));
    }

    [Fact]
    public async Task ReadAsync_AfterSequence_StartsAfterIt()
    {
        await Store.AppendAsync(Market, Entries(1, 6));
        Assert.Equal(Entries(5, 6), await ReadAllAsync(Store, Market, after: 4));
        Assert.Empty(await ReadAllAsync(Store, Market, after: 6));
        Assert.Empty(await ReadAllAsync(Store, Market, after: 60));
        Assert.Equal(Entries(1, 6), await ReadAllAsync(Store, Market, after: -3));
    }

    [Fact]
    public async Task ReadAsync_UnknownMarket_IsEmpty() => Assert.Empty(await ReadAllAsync(Store, new MarketId("nowhere")));

    [Fact]
    public async Task Markets_AreIndependent()
    {
        await Store.AppendAsync(Market, Entries(1, 3));
        await Store.AppendAsync(OtherMarket, [Entry(1, variant: 7)]);
        Assert.Equal(3, await Store.GetLastSequenceAsync(Market));
        Assert.Equal([Entry(1, variant: 7)], await ReadAllAsync(Store, OtherMarket));
    }

    [Fact]
    public async Task SaveSnapshotAsync_Snapshots_LatestIsTheHighestSequence()
    {
        await Store.AppendAsync(Market, Entries(1, 6));
        await Store.SaveSnapshotAsync(Market, Snapshot(4));
        await Store.SaveSnapshotAsync(Market, Snapshot(2));
        var latest = await Store.LoadLatestSnapshotAsync(Market);
        Assert.Equal(Snapshot(4), latest);
        Assert.Equal(StoreTestData.At.Offset, latest!.TakenAt.Offset);
        Assert.Null(await Store.LoadLatestSnapshotAsync(OtherMarket));
    }

    [Fact]
    public async Task SaveSnapshotAsync_SameSnapshotAgain_Succeeds()
    {
        await Store.AppendAsync(Market, Entries(1, 2));
        await Store.SaveSnapshotAsync(Market, Snapshot(2));
        await Store.SaveSnapshotAsync(Market, Snapshot(2));
        Assert.Equal(Snapshot(2), await Store.LoadLatestSnapshotAsync(Market));
    }

    [Fact]
    public async Task SaveSnapshotAsync_OtherStateAtSameSequence_ThrowsConflictAndKeepsTheFirst()
    {
        await Store.AppendAsync(Market, Entries(1, 2));
        await Store.SaveSnapshotAsync(Market, Snapshot(2));
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => Store.SaveSnapshotAsync(Market, Snapshot(2, variant: 1)));
        Assert.Equal(Snapshot(2), await Store.LoadLatestSnapshotAsync(Market));
    }

    [Fact]
    public async Task SaveSnapshotAsync_BeyondLastEntry_ThrowsArgumentException()
    {
        await Store.AppendAsync(Market, Entries(1, 2));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveSnapshotAsync(Market, Snapshot(3)));
        Assert.Null(await Store.LoadLatestSnapshotAsync(Market));
    }

    [Fact]
    public async Task SaveSnapshotAsync_EmptyJournalAtZero_IsSaved()
    {
        await Store.SaveSnapshotAsync(Market, Snapshot(0));
        Assert.Equal(Snapshot(0), await Store.LoadLatestSnapshotAsync(Market));
    }

    [Fact]
    public async Task AppendAsync_ManyWritersOnTheirOwnMarkets_NothingLost()
    {
        var markets = Enumerable.Range(1, 16).Select(i => new MarketId($"market-{i}")).ToArray();
        await Task.WhenAll(markets.Select(market => Task.Run(async () =>
        {
            for (var s = 1; s <= 40; s += 2)
            {
                await Store.AppendAsync(market, Entries(s, s + 1));
            }
        })));
        foreach (var market in markets)
        {
            Assert.Equal(Entries(1, 40), await ReadAllAsync(Store, market));
        }
    }

    [Fact]
    public async Task AppendAsync_ManyWritersRacingOnOneMarket_EveryCommandOnceWithoutGaps()
    {
        // Each writer appends its own commands at the journal's end, retrying at the new end when another writer took
        // the sequence first: the conflict is how it learns, and nothing is lost or recorded twice.
        const int writers = 8;
        const int commandsEach = 12;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var c = 0; c < commandsEach; c++)
            {
                var payload = new byte[] { (byte)w, (byte)c };
                while (true)
                {
                    var next = await Store.GetLastSequenceAsync(Market) + 1;
                    try
                    {
                        await Store.AppendAsync(Market, [new OrderJournalEntry { Sequence = next, RecordedAt = StoreTestData.At, Payload = payload }]);
                        break;
                    }
                    catch (IdempotencyConflictException)
                    {
                        // Another writer took the sequence; try again at the new end.
                    }
                }
            }
        })));

        var entries = await ReadAllAsync(Store, Market);
        Assert.Equal(Enumerable.Range(1, writers * commandsEach).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(writers * commandsEach, entries.Select(e => Convert.ToHexString(e.Payload.Span)).Distinct().Count());
    }
}
