namespace EnergySettlement.Sqlite.Tests.Writing;

/// <summary>Holds a journal's writer thread inside a write until released, so a test can line writes up in the queue
/// and know exactly which commit takes them.</summary>
internal sealed class BlockedWriter : IDisposable
{
    private readonly ManualResetEventSlim _started = new();
    private readonly ManualResetEventSlim _release = new();

    private BlockedWriter(SqliteJournal journal) =>
        Write = journal.Database.WriteAsync(
            _ =>
            {
                _started.Set();
                return _release.Wait(TimeSpan.FromMinutes(1));
            },
            records: 0,
            CancellationToken.None);

    public Task<bool> Write { get; }

    public static BlockedWriter Start(SqliteJournal journal)
    {
        var blocked = new BlockedWriter(journal);
        if (!blocked._started.Wait(TimeSpan.FromMinutes(1)))
        {
            throw new TimeoutException("The writer did not start the blocking write.");
        }

        return blocked;
    }

    public async Task ReleaseAsync()
    {
        _release.Set();
        Assert.True(await Write, "The blocking write timed out instead of being released.");
    }

    public void Dispose()
    {
        _release.Set();
        _started.Dispose();
        _release.Dispose();
    }
}
