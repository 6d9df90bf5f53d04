using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Storage.Contracts;
using EnergySettlement.Trading;
using Npgsql;

namespace EnergySettlement.PostgreSql.Tests.Writing;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlGroupCommitTests(PostgreSqlClusterFixture cluster) : IAsyncLifetime
{
    private readonly TemporarySchema _schema = new(cluster);
    private PostgreSqlJournal _journal = null!;

    private IOrderJournal Orders => _journal;

    public async Task InitializeAsync() => _journal = await _schema.OpenAsync();

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        await _schema.DeleteAsync();
    }

    [Fact]
    public async Task Writes_QueuedWhileTheWriterIsBusy_AreCommittedTogetherInOneTransaction()
    {
        using var metrics = new CommitMetrics(_schema.Name);
        using var blocked = await BlockedWriter.StartAsync(_journal);
        var appends = Enumerable.Range(0, 100).Select(i => Orders.AppendAsync(Market(i), [Entry(1)])).ToArray();
        await blocked.ReleaseAsync();
        await Task.WhenAll(appends);

        Assert.Equal([1L, 100L], metrics.Values("energy_settlement.storage.commit.writes"));
        Assert.Equal(100, metrics.Sum("energy_settlement.storage.records"));
    }

    [Fact]
    public async Task RefusedWrite_InAGroup_FailsAloneAndTheOthersCommit()
    {
        await Orders.AppendAsync(Market(0), [Entry(1)]);
        using var metrics = new CommitMetrics(_schema.Name);
        using var blocked = await BlockedWriter.StartAsync(_journal);
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
        Assert.Equal(2, await Orders.GetLastSequenceAsync(Market(3)));
    }

    [Fact]
    public async Task FailingWrite_InAGroup_IsRunAloneAndOnlyItFails()
    {
        using var blocked = await BlockedWriter.StartAsync(_journal);
        var good = Orders.AppendAsync(Market(1), [Entry(1)]);
        var failing = _journal.Database.WriteAsync<int>(
            async context =>
            {
                // Writes, then breaks the transaction with an SQL error: the group rolls back and each write runs alone.
                await context.ExecuteAsync($"INSERT INTO {_journal.Database.Quoted}.order_journal_entry (market, sequence, recorded_at_ticks, recorded_at_offset, payload) VALUES ('half-written', 1, 0, 0, '\\x00');");
                await context.ExecuteAsync("SELECT 1 / 0;");
                return 0;
            },
            records: 1,
            CancellationToken.None);
        var alsoGood = Orders.AppendAsync(Market(2), [Entry(1)]);
        await blocked.ReleaseAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => failing);
        Assert.Equal(PostgresErrorCodes.DivisionByZero, error.SqlState);
        await good;
        await alsoGood;
        Assert.Equal(0, await Orders.GetLastSequenceAsync(new MarketId("half-written")));
        Assert.Equal(1, await Orders.GetLastSequenceAsync(Market(2)));
    }

    [Fact]
    public async Task RefusalAfterWriting_InAGroup_IsNotCommittedWithTheOthers()
    {
        using var blocked = await BlockedWriter.StartAsync(_journal);
        var good = Orders.AppendAsync(Market(1), [Entry(1)]);
        var refusing = _journal.Database.WriteAsync<int>(
            async context =>
            {
                await context.ExecuteAsync($"INSERT INTO {_journal.Database.Quoted}.order_journal_entry (market, sequence, recorded_at_ticks, recorded_at_offset, payload) VALUES ('half-written', 1, 0, 0, '\\x00');");
                throw new ArgumentException("refused after writing");
            },
            records: 1,
            CancellationToken.None);
        await blocked.ReleaseAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => refusing);
        await good;
        Assert.Equal(0, await Orders.GetLastSequenceAsync(new MarketId("half-written")));
    }

    [Fact]
    public async Task TwoHostsRacingForCoins_TheLoserRunsItsCommitAgainAndIsRefused()
    {
        // Both hosts' writers are held, each with a reservation of the same coin queued, then let go together: one
        // insert wins the primary key, the other fails with 23505, runs again, and its re-check refuses the coin.
        await using var other = await _schema.OpenAsync();
        using var metrics = new CommitMetrics(_schema.Name);
        ICoinReservationStore mine = _journal;
        ICoinReservationStore theirs = other;
        var coin = StoreTestData.Coin(StoreTestData.DashAccount(1), 1, 0);
        for (var round = 0; round < 20 && metrics.Sum("energy_settlement.storage.commit.retries") == 0; round++)
        {
            using var blockedMine = await BlockedWriter.StartAsync(_journal);
            using var blockedTheirs = await BlockedWriter.StartAsync(other);
            var a = mine.ReserveAsync(new SettlementBatchId($"a-{round}"), [coin with { OutPoint = new OutPoint(coin.OutPoint.TransactionId, (uint)round) }], StoreTestData.At);
            var b = theirs.ReserveAsync(new SettlementBatchId($"b-{round}"), [coin with { OutPoint = new OutPoint(coin.OutPoint.TransactionId, (uint)round) }], StoreTestData.At);
            await Task.WhenAll(blockedMine.ReleaseAsync(), blockedTheirs.ReleaseAsync());
            var results = await Task.WhenAll(a, b);
            Assert.Equal(1, results.Count(r => r.IsReserved));
        }

        Assert.True(metrics.Sum("energy_settlement.storage.commit.retries") > 0, "No race was lost in 20 rounds; the retry path was not exercised.");
    }

    [Fact]
    public async Task QueuedWrite_CancelledBeforeTheWriterTakesIt_IsWithdrawnAndNeverWritten()
    {
        using var blocked = await BlockedWriter.StartAsync(_journal);
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
    public async Task Dispose_WithQueuedWrites_FinishesThemBeforeClosing()
    {
        var appends = Enumerable.Range(0, 50).Select(i => Orders.AppendAsync(Market(i), [Entry(1)])).ToArray();
        await _journal.DisposeAsync();
        await Task.WhenAll(appends);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Orders.AppendAsync(Market(99), [Entry(1)]));

        _journal = await _schema.OpenAsync();
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(1, await Orders.GetLastSequenceAsync(Market(i)));
        }
    }

    [Fact]
    public async Task AppendAsync_ManyEntries_StreamsThemWithCopy()
    {
        var entries = Enumerable.Range(1, 5_000).Select(i => Entry(i)).ToArray();
        await Orders.AppendAsync(Market(1), entries[..100]);
        await Orders.AppendAsync(Market(1), entries);

        var read = new List<OrderJournalEntry>();
        await foreach (var entry in Orders.ReadAsync(Market(1), 0))
        {
            read.Add(entry);
        }

        Assert.True(entries.Length - 100 >= Trading.PostgreSqlOrderJournal.CopyThreshold);
        Assert.Equal(entries, read);
    }

    private static MarketId Market(int i) => new($"group-{i}");

    private static OrderJournalEntry Entry(long sequence, int variant = 0) => new()
    {
        Sequence = sequence,
        RecordedAt = StoreTestData.At,
        Payload = StoreTestData.Bytes((int)sequence + variant),
    };
}
