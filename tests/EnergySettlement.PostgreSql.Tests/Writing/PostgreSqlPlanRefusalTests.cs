using EnergySettlement.Settlement;
using static EnergySettlement.Storage.Contracts.Settlement.JournalSamples;

namespace EnergySettlement.PostgreSql.Tests.Writing;

/// <summary>A plan's obligations are not looked up before they are written: their primary key refuses one that another
/// window settled, and the plan's rows are rolled back to a savepoint. These tests hold that refusal to the group-commit
/// rules: it fails alone, writes nothing (not even a journal position), and the group's other writes commit.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlPlanRefusalTests(PostgreSqlClusterFixture cluster) : IAsyncLifetime
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
    public async Task PlanRepeatingAnObligationOfAPlanInTheSameCommit_FailsAloneAndTakesNoPosition()
    {
        using var metrics = new CommitMetrics(_schema.Name);
        using var blocked = await BlockedWriter.StartAsync(_journal);
        var before = Journal.AppendReadingAsync(Reading("m1"));
        var first = Journal.AppendPlanAsync(Plan());
        var overlapping = Plan(periods: 2);
        var refused = Journal.AppendPlanAsync(overlapping);
        var after = Journal.AppendReadingAsync(Reading("m2"));
        await blocked.ReleaseAsync();

        Assert.Equal(JournalWriteOutcome.Added, await before);
        Assert.Equal(JournalWriteOutcome.Added, await first);
        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(() => refused);
        Assert.Equal("obligation", conflict.Store);
        Assert.Equal(JournalWriteOutcome.Added, await after);
        Assert.Equal([1L, 4L], metrics.Values("energy_settlement.storage.commit.writes"));
        Assert.Null(await Journal.GetPlanAsync(overlapping.WindowId));
        Assert.Null(await Journal.GetBatchAsync(overlapping.Plan.Batches[0].Id));

        // The refused plan's position was rolled back with it: the reading after it takes the next one.
        var recorded = await Journal.GetPlanAsync(Plan().WindowId);
        var readings = await Journal.GetReadingsAfterAsync(0, 10);
        Assert.Equal(readings[0].Position + 1, recorded!.Position);
        Assert.Equal(recorded.Position + 1 + Plan().Plan.Batches.Count, readings[1].Position);
    }

    [Fact]
    public async Task PlanRepeatingAnObligationRecordedEarlier_NamesTheObligationAndTheOthersCommit()
    {
        await Journal.AppendPlanAsync(Plan());
        using var blocked = await BlockedWriter.StartAsync(_journal);
        var refused = Journal.AppendPlanAsync(Plan(periods: 2));
        var trades = Journal.AppendTradesAsync([Trade(1), Trade(2)]);
        await blocked.ReleaseAsync();

        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(() => refused);
        Assert.Contains(conflict.Key, Plan().Plan.Obligations.Select(o => o.Id.Value));
        Assert.Equal(2, await trades);
        Assert.Equal(2, (await Journal.GetObligationsAsync(Market, Period)).Count);
    }
}
