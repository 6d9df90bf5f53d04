using EnergySettlement.Settlement;
using static EnergySettlement.Storage.Contracts.Settlement.JournalSamples;

namespace EnergySettlement.PostgreSql.Tests.Writing;

/// <summary>Readings queued together are applied by one batch of set-based statements; each must come out as if the
/// writes had run one after another.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlBatchedReadingTests(PostgreSqlClusterFixture cluster) : IAsyncLifetime
{
    private readonly TemporarySchema _schema = new(cluster);
    private PostgreSqlJournal _journal = null!;

    private ISettlementJournal Journal => _journal;

    public async Task InitializeAsync() => _journal = await _schema.OpenAsync();

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        await _schema.DeleteAsync();
    }

    [Fact]
    public async Task Readings_QueuedTogether_AreOneCommitWithConsecutivePositionsInQueueOrder()
    {
        using var metrics = new CommitMetrics(_schema.Name);
        using var blocked = await BlockedWriter.StartAsync(_journal);
        var appends = Enumerable.Range(0, 300).Select(i => Journal.AppendReadingAsync(Reading($"m{i:D3}"))).ToArray();
        await blocked.ReleaseAsync();

        Assert.All(await Task.WhenAll(appends), o => Assert.Equal(JournalWriteOutcome.Added, o));
        Assert.Equal([1L, 300L], metrics.Values("energy_settlement.storage.commit.writes"));
        var stored = await Journal.GetReadingsAfterAsync(0, 1_000);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"m{i:D3}"), stored.Select(r => r.Meter.Value));
        Assert.Equal(Enumerable.Range(1, 300).Select(p => (long)p), stored.Select(r => r.Position));
    }

    [Fact]
    public async Task Revisions_OfOneMeterQueuedTogether_SeeTheRevisionsBeforeThemInTheSameCommit()
    {
        using var blocked = await BlockedWriter.StartAsync(_journal);
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
        using var blocked = await BlockedWriter.StartAsync(_journal);
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
        using var metrics = new CommitMetrics(_schema.Name);
        using var blocked = await BlockedWriter.StartAsync(_journal);
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
        using var blocked = await BlockedWriter.StartAsync(_journal);
        var r1 = Journal.AppendReadingAsync(Reading("m1"));
        var trades = Journal.AppendTradesAsync([Trade(1)]);
        var r2 = Journal.AppendReadingAsync(Reading("m2"));
        await blocked.ReleaseAsync();
        await Task.WhenAll(r1, trades, r2);

        Assert.Equal(["m1", "m2"], (await Journal.GetReadingsAfterAsync(0, 10)).Select(r => r.Meter.Value));
    }
}
