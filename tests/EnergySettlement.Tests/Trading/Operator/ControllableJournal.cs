using EnergySettlement.Trading;

namespace EnergySettlement.Tests.Trading.Operator;

/// <summary>An in-memory journal whose appends can be held open or made to fail, to test what the operator does around them.</summary>
internal sealed class ControllableJournal : IOrderJournal
{
    private readonly InMemoryOrderJournal _inner = new();
    private TaskCompletionSource? _gate;

    /// <summary>Completes when an append reaches the journal while <see cref="Hold"/> is in force.</summary>
    public TaskCompletionSource AppendReached { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, the next append throws this (after recording the entries when <see cref="RecordBeforeFailing"/>).</summary>
    public Exception? FailNext { get; set; }

    public bool RecordBeforeFailing { get; set; }

    public int Appends { get; private set; }

    public void Hold()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AppendReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release() => _gate?.TrySetResult();

    public async Task AppendAsync(MarketId market, IReadOnlyList<OrderJournalEntry> entries, CancellationToken cancellationToken = default)
    {
        Appends++;
        if (_gate is { } gate)
        {
            AppendReached.TrySetResult();
            await gate.Task;
            _gate = null;
        }

        if (FailNext is { } failure)
        {
            FailNext = null;
            if (RecordBeforeFailing)
            {
                await _inner.AppendAsync(market, entries, cancellationToken);
            }

            throw failure;
        }

        await _inner.AppendAsync(market, entries, cancellationToken);
    }

    public IAsyncEnumerable<OrderJournalEntry> ReadAsync(MarketId market, long afterSequence, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(market, afterSequence, cancellationToken);

    public Task<long> GetLastSequenceAsync(MarketId market, CancellationToken cancellationToken = default) => _inner.GetLastSequenceAsync(market, cancellationToken);

    public Task SaveSnapshotAsync(MarketId market, OrderJournalSnapshot snapshot, CancellationToken cancellationToken = default) =>
        _inner.SaveSnapshotAsync(market, snapshot, cancellationToken);

    public Task<OrderJournalSnapshot?> LoadLatestSnapshotAsync(MarketId market, CancellationToken cancellationToken = default) =>
        _inner.LoadLatestSnapshotAsync(market, cancellationToken);
}
