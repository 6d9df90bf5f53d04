using System.Runtime.CompilerServices;

namespace EnergySettlement.Trading;

/// <summary>
/// Replays a market's order journal: rebuilds every book and yields the same <see cref="MarketEvent"/>s the market
/// operator emitted, in the same order — for audits, for a consumer that must fill a gap, or to check a journal.
/// </summary>
/// <remarks>Reads the journal only; runs on the calling thread with the synchronous matching engine. Thread-safe (stateless).</remarks>
public static class MarketReplay
{
    /// <summary>Replays a market's journal.</summary>
    /// <param name="journal">The journal.</param>
    /// <param name="market">The market, as the operator that wrote the journal ran it (its quote asset and tick size must not have changed).</param>
    /// <param name="fromLatestSnapshot">Whether to start from the latest snapshot (yielding only the events after it) rather than from the first entry.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    /// <returns>The events, in journal order.</returns>
    /// <exception cref="InvalidDataException">An entry or the snapshot cannot be read, or does not continue the journal.</exception>
    public static async IAsyncEnumerable<MarketEvent> ReplayAsync(
        IOrderJournal journal,
        MarketDefinition market,
        bool fromLatestSnapshot = false,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(market);
        if (market.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"The market definition '{market.Id}' is invalid: {string.Join(" ", errors)}", nameof(market));
        }

        var replayer = new JournalReplayer(market);
        if (fromLatestSnapshot && await journal.LoadLatestSnapshotAsync(market.Id, cancellationToken).ConfigureAwait(false) is { } snapshot)
        {
            replayer.Restore(snapshot);
        }

        await foreach (var entry in journal.ReadAsync(market.Id, replayer.LastSequence, cancellationToken).ConfigureAwait(false))
        {
            foreach (var marketEvent in replayer.Apply(entry))
            {
                yield return marketEvent;
            }
        }
    }
}
