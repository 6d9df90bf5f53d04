using System.Runtime.CompilerServices;
using EnergySettlement.Sqlite.Schema;
using EnergySettlement.Sqlite.Writing;
using EnergySettlement.Trading;
using Microsoft.Data.Sqlite;

namespace EnergySettlement.Sqlite.Trading;

/// <summary>
/// The order journal in the journal's file (tables <c>order_journal_entry</c> and <c>order_journal_snapshot</c>): the
/// <see cref="IOrderJournal"/> behind <see cref="SqliteJournal"/>. (market, sequence) is the primary key, so an entry
/// can be recorded once only; an append of thousands of entries is one transaction and one fsync.
/// </summary>
internal sealed class SqliteOrderJournal(SqliteDatabase database)
{
    private const string LastSequenceSql = "SELECT coalesce(max(sequence), 0) FROM order_journal_entry WHERE market = $market;";

    private const string RecordedSql = """
        SELECT sequence, recorded_at_ticks, recorded_at_offset, payload FROM order_journal_entry
        WHERE market = $market AND sequence BETWEEN $first AND $last ORDER BY sequence;
        """;

    private const string InsertSql = """
        INSERT INTO order_journal_entry (market, sequence, recorded_at_ticks, recorded_at_offset, payload)
        VALUES ($market, $sequence, $ticks, $offset, $payload);
        """;

    private const string SnapshotSql = "SELECT taken_at_ticks, taken_at_offset, state FROM order_journal_snapshot WHERE market = $market AND sequence = $sequence;";

    private const string InsertSnapshotSql = """
        INSERT INTO order_journal_snapshot (market, sequence, taken_at_ticks, taken_at_offset, state)
        VALUES ($market, $sequence, $ticks, $offset, $state);
        """;

    /// <summary>How many entries one read statement fetches; a long journal streams in pages.</summary>
    private const int ReadPage = 4096;

    public Task AppendAsync(MarketId market, IReadOnlyList<OrderJournalEntry> entries, CancellationToken cancellationToken)
    {
        CheckMarket(market, nameof(market));
        ArgumentNullException.ThrowIfNull(entries);
        var copy = new OrderJournalEntry[entries.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = entries[i] ?? throw new ArgumentException($"Entry {i} is null.", nameof(entries));
            if (i > 0 && copy[i].Sequence != copy[i - 1].Sequence + 1)
            {
                throw new ArgumentException($"Journal entries must be consecutive; found {copy[i - 1].Sequence} then {copy[i].Sequence}.", nameof(entries));
            }
        }

        if (copy.Length > 0 && copy[0].Sequence < 1)
        {
            throw new ArgumentException($"Journal sequences start at 1; found {copy[0].Sequence}.", nameof(entries));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return copy.Length == 0
            ? Task.CompletedTask
            : database.WriteAsync(context => Append(context, market, copy), copy.Length, cancellationToken);
    }

    public async IAsyncEnumerable<OrderJournalEntry> ReadAsync(MarketId market, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        CheckMarket(market, nameof(market));
        var after = Math.Max(afterSequence, 0);
        while (true)
        {
            var page = await database.ReadAsync((connection, _) => ReadPageFrom(connection, market.Value, after), snapshot: false, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return entry;
            }

            if (page.Count < ReadPage)
            {
                yield break;
            }

            after = page[^1].Sequence;
        }
    }

    public Task<long> GetLastSequenceAsync(MarketId market, CancellationToken cancellationToken)
    {
        CheckMarket(market, nameof(market));
        return database.ReadAsync(
            (connection, _) =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = LastSequenceSql;
                command.Parameters.AddWithValue("$market", market.Value);
                return (long)command.ExecuteScalar()!;
            },
            snapshot: false,
            cancellationToken);
    }

    public Task SaveSnapshotAsync(MarketId market, OrderJournalSnapshot snapshot, CancellationToken cancellationToken)
    {
        CheckMarket(market, nameof(market));
        ArgumentNullException.ThrowIfNull(snapshot);
        return database.WriteAsync(context => SaveSnapshot(context, market, snapshot), records: 1, cancellationToken);
    }

    public Task<OrderJournalSnapshot?> LoadLatestSnapshotAsync(MarketId market, CancellationToken cancellationToken)
    {
        CheckMarket(market, nameof(market));
        return database.ReadAsync(
            (connection, _) =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = """
                    SELECT sequence, taken_at_ticks, taken_at_offset, state FROM order_journal_snapshot
                    WHERE market = $market ORDER BY sequence DESC LIMIT 1;
                    """;
                command.Parameters.AddWithValue("$market", market.Value);
                using var reader = command.ExecuteReader();
                return reader.Read()
                    ? new OrderJournalSnapshot
                    {
                        Sequence = reader.GetInt64(0),
                        TakenAt = StoredValues.Instant(reader.GetInt64(1), reader.GetInt64(2)),
                        State = (byte[])reader.GetValue(3),
                    }
                    : null;
            },
            snapshot: false,
            cancellationToken);
    }

    private static void CheckMarket(MarketId market, string paramName)
    {
        if (market == default)
        {
            throw new ArgumentException("The market id must be set (it is the default value).", paramName);
        }
    }

    private static bool Append(SqliteWriteContext context, MarketId market, OrderJournalEntry[] entries)
    {
        var lastCommand = context.Statement(LastSequenceSql, "$market");
        lastCommand.Parameters[0].Value = market.Value;
        var last = (long)lastCommand.ExecuteScalar()!;
        var first = entries[0].Sequence;
        if (first > last + 1)
        {
            throw new ArgumentException($"Entry {first} of market {market} would leave a gap: the journal ends at {last}.", nameof(entries));
        }

        // Entries already recorded must be recorded with the same content; only the rest is new.
        var fresh = 0;
        if (first <= last)
        {
            var recorded = context.Statement(RecordedSql, "$market", "$first", "$last");
            recorded.Parameters[0].Value = market.Value;
            recorded.Parameters[1].Value = first;
            recorded.Parameters[2].Value = Math.Min(last, entries[^1].Sequence);
            using var reader = recorded.ExecuteReader();
            while (reader.Read())
            {
                var offered = entries[fresh];
                if (!ReadEntry(reader).Equals(offered))
                {
                    throw new IdempotencyConflictException("order journal entry", $"{market}#{offered.Sequence}",
                        $"Entry {offered.Sequence} of market {market} is already recorded with other content.");
                }

                fresh++;
            }
        }

        var insert = context.Statement(InsertSql, "$market", "$sequence", "$ticks", "$offset", "$payload");
        insert.Parameters[0].Value = market.Value;
        for (var i = fresh; i < entries.Length; i++)
        {
            var entry = entries[i];
            insert.Parameters[1].Value = entry.Sequence;
            insert.Parameters[2].Value = StoredValues.Ticks(entry.RecordedAt);
            insert.Parameters[3].Value = StoredValues.OffsetMinutes(entry.RecordedAt);
            insert.Parameters[4].Value = entry.Payload.ToArray();
            insert.ExecuteNonQuery();
        }

        return true;
    }

    private static bool SaveSnapshot(SqliteWriteContext context, MarketId market, OrderJournalSnapshot snapshot)
    {
        var lastCommand = context.Statement(LastSequenceSql, "$market");
        lastCommand.Parameters[0].Value = market.Value;
        var last = (long)lastCommand.ExecuteScalar()!;
        if (snapshot.Sequence < 0 || snapshot.Sequence > last)
        {
            throw new ArgumentException($"A snapshot of market {market} at {snapshot.Sequence} is beyond the journal's last entry {last}.", nameof(snapshot));
        }

        var find = context.Statement(SnapshotSql, "$market", "$sequence");
        find.Parameters[0].Value = market.Value;
        find.Parameters[1].Value = snapshot.Sequence;
        using (var reader = find.ExecuteReader())
        {
            if (reader.Read())
            {
                var recorded = new OrderJournalSnapshot
                {
                    Sequence = snapshot.Sequence,
                    TakenAt = StoredValues.Instant(reader.GetInt64(0), reader.GetInt64(1)),
                    State = (byte[])reader.GetValue(2),
                };
                return recorded.Equals(snapshot)
                    ? false
                    : throw new IdempotencyConflictException("order journal snapshot", $"{market}#{snapshot.Sequence}",
                        $"A snapshot of market {market} at {snapshot.Sequence} is already recorded with another state.");
            }
        }

        var insert = context.Statement(InsertSnapshotSql, "$market", "$sequence", "$ticks", "$offset", "$state");
        insert.Parameters[0].Value = market.Value;
        insert.Parameters[1].Value = snapshot.Sequence;
        insert.Parameters[2].Value = StoredValues.Ticks(snapshot.TakenAt);
        insert.Parameters[3].Value = StoredValues.OffsetMinutes(snapshot.TakenAt);
        insert.Parameters[4].Value = snapshot.State.ToArray();
        insert.ExecuteNonQuery();
        return true;
    }

    private static List<OrderJournalEntry> ReadPageFrom(SqliteConnection connection, string market, long after)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT sequence, recorded_at_ticks, recorded_at_offset, payload FROM order_journal_entry
            WHERE market = $market AND sequence > $after ORDER BY sequence LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$market", market);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", ReadPage);
        var page = new List<OrderJournalEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            page.Add(ReadEntry(reader));
        }

        return page;
    }

    /// <summary>Reads an entry from columns sequence, recorded_at_ticks, recorded_at_offset, payload.</summary>
    private static OrderJournalEntry ReadEntry(SqliteDataReader reader) => new()
    {
        Sequence = reader.GetInt64(0),
        RecordedAt = StoredValues.Instant(reader.GetInt64(1), reader.GetInt64(2)),
        Payload = (byte[])reader.GetValue(3),
    };
}
