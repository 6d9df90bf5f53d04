using EnergySettlement.Storage.Contracts;
using EnergySettlement.Trading;

namespace EnergySettlement.Sqlite.Tests.Writing;

public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly TemporaryJournalFile _file = new();
    private SqliteJournal _journal = null!;

    private IOrderJournal Orders => _journal;

    public async Task InitializeAsync() => _journal = await _file.OpenAsync();

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        await _file.DeleteAsync();
    }

    [Fact]
    public async Task Writes_QueuedWhileTheWriterIsBusy_AreCommittedTogetherInOneTransaction()
    {
        using var metrics = new CommitMetrics(_journal.Path);
        using var blocked = BlockedWriter.Start(_journal);
        var appends = Enumerable.Range(0, 100).Select(i => Orders.AppendAsync(Market(i), [Entry(1)])).ToArray();
        await blocked.ReleaseAsync();
        await Task.WhenAll(appends);

        Assert.Equal([1L, 100L], metrics.Values("energy_settlement.storage.commit.writes"));
        Assert.Equal(2, metrics.Sum("energy_settlement.storage.commits"));
        Assert.Equal(100, metrics.Sum("energy_settlement.storage.records"));
    }

    [Fact]
    public async Task Writes_MoreThanOneCommitHolds_AreSplitAtMaxWritesPerCommit()
    {
        await _journal.DisposeAsync();
        _journal = await SqliteJournal.OpenAsync(new SqliteJournalOptions { Path = _file.Path, MaxWritesPerCommit = 10 });
        using var metrics = new CommitMetrics(_journal.Path);
        using var blocked = BlockedWriter.Start(_journal);
        var appends = Enumerable.Range(0, 35).Select(i => Orders.AppendAsync(Market(i), [Entry(1)])).ToArray();
        await blocked.ReleaseAsync();
        await Task.WhenAll(appends);

        Assert.Equal([1L, 10L, 10L, 10L, 5L], metrics.Values("energy_settlement.storage.commit.writes"));
    }

    [Fact]
    public async Task RefusedWrite_InAGroup_FailsAloneAndTheOthersCommit()
    {
        await Orders.AppendAsync(Market(0), [Entry(1)]);
        using var metrics = new CommitMetrics(_journal.Path);
        using var blocked = BlockedWriter.Start(_journal);
        var before = Orders.AppendAsync(Market(1), [Entry(1)]);
        var conflicting = Orders.AppendAsync(Market(0), [Entry(1, variant: 1), Entry(2)]);
        var gap = Orders.AppendAsync(Market(2), [Entry(5)]);
        var after = Orders.AppendAsync(Market(3), [Entry(1), Entry(2)]);
        await blocked.ReleaseAsync();

        await before;
        await after;
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => conflicting);
        await Assert.ThrowsAsync<ArgumentException>(() => gap);
        Assert.Equal([1L, 4L], metrics.Values("energy_settlement.storage.commit.writes"));
        Assert.Equal(1, await Orders.GetLastSequenceAsync(Market(0)));
        Assert.Equal(0, await Orders.GetLastSequenceAsync(Market(2)));
        Assert.Equal(2, await Orders.GetLastSequenceAsync(Market(3)));
    }

    [Fact]
    public async Task FailingWrite_InAGroup_IsRolledBackToItsSavepointAlone()
    {
        using var blocked = BlockedWriter.Start(_journal);
        var good = Orders.AppendAsync(Market(1), [Entry(1)]);
        var failing = _journal.Database.WriteAsync<int>(
            context =>
            {
                // Writes a row, then fails: the row must vanish with the write, and the neighbours must not.
                var insert = context.Statement("INSERT INTO order_journal_entry (market, sequence, recorded_at_ticks, recorded_at_offset, payload) VALUES ('half-written', 1, 0, 0, x'00');");
                insert.ExecuteNonQuery();
                throw new InvalidCastException("a bug in a write");
            },
            records: 1,
            CancellationToken.None);
        var alsoGood = Orders.AppendAsync(Market(2), [Entry(1)]);
        await blocked.ReleaseAsync();

        await Assert.ThrowsAsync<InvalidCastException>(() => failing);
        await good;
        await alsoGood;
        Assert.Equal(0, await Orders.GetLastSequenceAsync(new MarketId("half-written")));
    }

    [Fact]
    public async Task QueuedWrite_CancelledBeforeTheWriterTakesIt_IsWithdrawnAndNeverWritten()
    {
        using var blocked = BlockedWriter.Start(_journal);
        using var cancel = new CancellationTokenSource();
        var withdrawn = Orders.AppendAsync(Market(1), [Entry(1)], cancel.Token);
        var kept = Orders.AppendAsync(Market(2), [Entry(1)]);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => withdrawn);
        await blocked.ReleaseAsync();
        await kept;

        Assert.Equal(0, await Orders.GetLastSequenceAsync(Market(1)));
        Assert.Equal(1, await Orders.GetLastSequenceAsync(Market(2)));
    }

    [Fact]
    public async Task FullQueue_WritersWaitForRoomAndCanGiveUp()
    {
        await _journal.DisposeAsync();
        _journal = await SqliteJournal.OpenAsync(new SqliteJournalOptions { Path = _file.Path, WriteQueueCapacity = 2 });
        using var metrics = new CommitMetrics(_journal.Path);
        using var blocked = BlockedWriter.Start(_journal);
        using var cancel = new CancellationTokenSource();
        var queued = Enumerable.Range(0, 4).Select(i => Orders.AppendAsync(Market(i), [Entry(1)])).ToArray();
        var waiting = Orders.AppendAsync(Market(9), [Entry(1)], cancel.Token);

        // Two wait in the queue; the other three wait for room (back-pressure) instead of queueing.
        Assert.Equal(2, metrics.Sum("energy_settlement.storage.queue.writes"));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        await blocked.ReleaseAsync();
        await Task.WhenAll(queued);
        Assert.Equal(0, metrics.Sum("energy_settlement.storage.queue.writes"));
        Assert.Equal(0, await Orders.GetLastSequenceAsync(Market(9)));
    }

    [Fact]
    public async Task Dispose_WithQueuedWrites_FinishesThemBeforeClosing()
    {
        var appends = Enumerable.Range(0, 50).Select(i => Orders.AppendAsync(Market(i), [Entry(1)])).ToArray();
        await _journal.DisposeAsync();
        await Task.WhenAll(appends);

        _journal = await _file.OpenAsync();
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(1, await Orders.GetLastSequenceAsync(Market(i)));
        }
    }

    [Fact]
    public async Task Write_AfterDispose_ThrowsObjectDisposedException()
    {
        await _journal.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Orders.AppendAsync(Market(1), [Entry(1)]));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Orders.GetLastSequenceAsync(Market(1)));
        _journal.Dispose();
        _journal = await _file.OpenAsync();
    }

    private static MarketId Market(int i) => new($"group-{i}");

    private static OrderJournalEntry Entry(long sequence, int variant = 0) => new()
    {
        Sequence = sequence,
        RecordedAt = StoreTestData.At,
        Payload = StoreTestData.Bytes((int)sequence + variant),
    };
}
