using EnergySettlement.Settlement;
using static EnergySettlement.Storage.Contracts.Settlement.JournalSamples;

namespace EnergySettlement.Sqlite.Tests.Writing;

/// <summary>Single-reading writes queued together are applied by the reading store's batcher in one savepoint (one
/// revision query, one position take); each must come out as if the writes had run one after another, each in its own
/// savepoint.</summary>
public sealed class BatchedReadingTests : IAsyncLifetime
{
    private readonly TemporaryJournalFile _file = new();
    private SqliteJournal _journal = null!;

    private ISettlementJournal Journal => _journal;

    public async Task InitializeAsync() => _journal = await _file.OpenAsync();

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        await _file.DeleteAsync();
    }

    [Fact]
    public async Task Readings_QueuedTogether_AreOneCommitWithConsecutivePositionsInQueueOrder()
    {
        using var metrics = new CommitMetrics(_journal.Path);
        using var blocked = BlockedWriter.Start(_journal);
        var appends = Enumerable.Range(0, 300).Select(i => Journal.AppendReadingAsync(Reading($"m{i:D3}"))).ToArray();
        await blocked.ReleaseAsync();

        Assert.All(await Task.WhenAll(appends), o => Assert.Equal(JournalWriteOutcome.Added, o));
        Assert.Equal([1L, 300L], metrics.Values("energy_settlement.storage.commit.writes"));
        Assert.Equal(300, metrics.Sum("energy_settlement.storage.records"));
        var stored = await Journal.GetReadingsAfterAsync(0, 1_000);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"m{i:D3}"), stored.Select(r => r.Meter.Value));
        Assert.Equal(Enumerable.Range(1, 300).Select(p => (long)p), stored.Select(r => r.Position));
    }

    [Fact]
    public async Task Revisions_OfOneMeterQueuedTogether_SeeTheRevisionsBeforeThemInTheSameCommit()
    {
        using var blocked = BlockedWriter.Start(_journal);
        var first = Journal.AppendReadingAsync(Reading("m1", exported: 1_200, revision: 0));
        var second = Journal.AppendReadingAsync(Reading("m1", exported: 1_100, revision: 1));
        var third = Journal.AppendReadingAsync(Reading("m1", exported: 1_000, revision: 2));
        await blocked.ReleaseAsync();

        Assert.Equal([JournalWriteOutcome.Added, JournalWriteOutcome.Added, JournalWriteOutcome.Added], await Task.WhenAll(first, second, third));
        Assert.Equal([1_200L, 1_100L, 1_000L], (await Journal.GetReadingRevisionsAsync(new MeterId("m1"), Period.Start)).Select(r => r.Reading.Exported.WattHours));
    }

    [Fact]
    public async Task SameReading_TwiceInOneCommit_IsAddedThenAlreadyExists()
    {
        using var blocked = BlockedWriter.Start(_journal);
        var first = Journal.AppendReadingAsync(Reading("m1"));
        var again = Journal.AppendReadingAsync(Reading("m1"));
        await blocked.ReleaseAsync();

        Assert.Equal(JournalWriteOutcome.Added, await first);
        Assert.Equal(JournalWriteOutcome.AlreadyExists, await again);
        Assert.Single(await Journal.GetReadingRevisionsAsync(new MeterId("m1"), Period.Start));
    }

    [Fact]
    public async Task RefusedReadings_InOneCommit_FailAloneWriteNothingAndTheOthersCommit()
    {
        await Journal.AppendReadingAsync(Reading("old", exported: 1_200));
        using var metrics = new CommitMetrics(_journal.Path);
        using var blocked = BlockedWriter.Start(_journal);
        var before = Journal.AppendReadingAsync(Reading("a"));
        var repeat = Journal.AppendReadingAsync(Reading("old", exported: 1_200));
        var conflictWithRecorded = Journal.AppendReadingAsync(Reading("old", exported: 1_300));
        var added = Journal.AppendReadingAsync(Reading("b", exported: 1_200));
        var conflictWithQueued = Journal.AppendReadingAsync(Reading("b", exported: 1_300));
        var gap = Journal.AppendReadingAsync(Reading("c", revision: 1));
        var after = Journal.AppendReadingAsync(Reading("d"));
        await blocked.ReleaseAsync();

        Assert.Equal(JournalWriteOutcome.Added, await before);
        Assert.Equal(JournalWriteOutcome.AlreadyExists, await repeat);
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => conflictWithRecorded);
        Assert.Equal(JournalWriteOutcome.Added, await added);
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => conflictWithQueued);
        await Assert.ThrowsAsync<ArgumentException>(() => gap);
        Assert.Equal(JournalWriteOutcome.Added, await after);
        Assert.Equal([1L, 7L], metrics.Values("energy_settlement.storage.commit.writes"));
        Assert.Equal(1_200, Assert.Single(await Journal.GetReadingRevisionsAsync(new MeterId("old"), Period.Start)).Reading.Exported.WattHours);
        Assert.Equal(1_200, Assert.Single(await Journal.GetReadingRevisionsAsync(new MeterId("b"), Period.Start)).Reading.Exported.WattHours);
        Assert.Empty(await Journal.GetReadingRevisionsAsync(new MeterId("c"), Period.Start));
        Assert.Equal(["old", "a", "b", "d"], (await Journal.GetReadingsAfterAsync(0, 100)).Select(r => r.Meter.Value));
    }

    [Fact]
    public async Task Readings_BetweenOtherWrites_KeepTheQueueOrderOfPositions()
    {
        using var blocked = BlockedWriter.Start(_journal);
        var r1 = Journal.AppendReadingAsync(Reading("m1"));
        var r2 = Journal.AppendReadingAsync(Reading("m2"));
        var trades = Journal.AppendTradesAsync([Trade(1)]);
        var r3 = Journal.AppendReadingAsync(Reading("m3"));
        var bulk = Journal.AppendReadingsAsync([Reading("m4"), Reading("m5")]);
        var r6 = Journal.AppendReadingAsync(Reading("m6"));
        var r7 = Journal.AppendReadingAsync(Reading("m7"));
        await blocked.ReleaseAsync();
        await Task.WhenAll(r1, r2, trades, r3, bulk, r6, r7);

        var stored = await Journal.GetReadingsAfterAsync(0, 10);
        Assert.Equal(["m1", "m2", "m3", "m4", "m5", "m6", "m7"], stored.Select(r => r.Meter.Value));
        Assert.True(stored.Select(r => r.Position).SequenceEqual(stored.Select(r => r.Position).Order()));
    }
}
