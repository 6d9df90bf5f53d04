namespace EnergySettlement.PostgreSql.Tests.Writing;

/// <summary>Holds a journal's writer inside a write until released, so a test can line writes up in the queue and know
/// exactly which commit takes them.</summary>
internal sealed class BlockedWriter : IDisposable
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BlockedWriter(PostgreSqlJournal journal) =>
        Write = journal.Database.WriteAsync(
            async _ =>
            {
                _started.TrySetResult();
                await _release.Task.WaitAsync(TimeSpan.FromMinutes(1));
                return true;
            },
            records: 0,
            CancellationToken.None);

    public Task<bool> Write { get; }

    public static async Task<BlockedWriter> StartAsync(PostgreSqlJournal journal)
    {
        var blocked = new BlockedWriter(journal);
        await blocked._started.Task.WaitAsync(TimeSpan.FromMinutes(1));
        return blocked;
    }

    public async Task ReleaseAsync()
    {
        _release.TrySetResult();
        Assert.True(await Write);
    }

    public void Dispose() => _release.TrySetResult();
}
