using System.Runtime.CompilerServices;

namespace EnergySettlement.Trading;

/// <summary>An <see cref="IOrderJournal"/> in process memory, for tests. Nothing survives the process.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryOrderJournal : IOrderJournal
{
    private readonly Dictionary<MarketId, List<OrderJournalEntry>> _entries = [];
    private readonly Dictionary<MarketId, SortedList<long, OrderJournalSnapshot>> _snapshots = [];
    private readonly object _gate = new();

    /// <inheritdoc />
    public Task AppendAsync(MarketId market, IReadOnlyList<OrderJournalEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].Sequence != entries[i - 1].Sequence + 1)
            {
                throw new ArgumentException($"Journal entries must be consecutive; found {entries[i - 1].Sequence} then {entries[i].Sequence}.", nameof(entries));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_entries.TryGetValue(market, out var journal))
            {
                journal = [];
                _entries.Add(market, journal);
            }

            var fresh = new List<OrderJournalEntry>();
            foreach (var entry in entries)
            {
                if (entry.Sequence < 1)
                {
                    throw new ArgumentException($"Journal sequences start at 1; found {entry.Sequence}.", nameof(entries));
                }

                if (entry.Sequence <= journal.Count)
                {
                    if (!journal[(int)(entry.Sequence - 1)].Equals(entry))
                    {
                        throw new IdempotencyConflictException("order journal entry", $"{market}#{entry.Sequence}",
                            $"Entry {entry.Sequence} of market {market} is already recorded with other content.");
                    }
                }
                else if (entry.Sequence != journal.Count + fresh.Count + 1)
                {
                    throw new ArgumentException($"Entry {entry.Sequence} of market {market} would leave a gap: the journal ends at {journal.Count}.", nameof(entries));
                }
                else
                {
                    fresh.Add(entry);
                }
            }

            journal.AddRange(fresh);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<OrderJournalEntry> ReadAsync(MarketId market, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        OrderJournalEntry[] copy;
        lock (_gate)
        {
            copy = _entries.TryGetValue(market, out var journal) ? journal.Skip((int)Math.Clamp(afterSequence, 0, journal.Count)).ToArray() : [];
        }

        foreach (var entry in copy)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<long> GetLastSequenceAsync(MarketId market, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_entries.TryGetValue(market, out var journal) ? (long)journal.Count : 0L);
        }
    }

    /// <inheritdoc />
    public Task SaveSnapshotAsync(MarketId market, OrderJournalSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var last = _entries.TryGetValue(market, out var journal) ? journal.Count : 0;
            if (snapshot.Sequence < 0 || snapshot.Sequence > last)
            {
                throw new ArgumentException($"A snapshot of market {market} at {snapshot.Sequence} is beyond the journal's last entry {last}.", nameof(snapshot));
            }

            if (!_snapshots.TryGetValue(market, out var snapshots))
            {
                snapshots = [];
                _snapshots.Add(market, snapshots);
            }

            if (snapshots.TryGetValue(snapshot.Sequence, out var existing))
            {
                if (!existing.Equals(snapshot))
                {
                    throw new IdempotencyConflictException("order journal snapshot", $"{market}#{snapshot.Sequence}",
                        $"A snapshot of market {market} at {snapshot.Sequence} is already recorded with another state.");
                }
            }
            else
            {
                snapshots.Add(snapshot.Sequence, snapshot);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<OrderJournalSnapshot?> LoadLatestSnapshotAsync(MarketId market, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_snapshots.TryGetValue(market, out var snapshots) && snapshots.Count > 0 ? snapshots.Values[^1] : null);
        }
    }
}
