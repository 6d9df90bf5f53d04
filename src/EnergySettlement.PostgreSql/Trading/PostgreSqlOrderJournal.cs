using System.Runtime.CompilerServices;
using EnergySettlement.PostgreSql.Schema;
using EnergySettlement.PostgreSql.Writing;
using EnergySettlement.Trading;
using Npgsql;
using NpgsqlTypes;

namespace EnergySettlement.PostgreSql.Trading;

/// <summary>
/// The order journal in the journal's schema (tables <c>order_journal_entry</c> and <c>order_journal_snapshot</c>): the
/// <see cref="IOrderJournal"/> behind <see cref="PostgreSqlJournal"/>. (market, sequence) is the primary key, so an entry
/// is recorded once, even with two hosts appending to one market; a large append is one binary <c>COPY</c>.
/// </summary>
internal sealed class PostgreSqlOrderJournal(PostgreSqlDatabase database)
{
    /// <summary>From this many entries on, an append streams them with binary COPY instead of one array INSERT.</summary>
    internal const int CopyThreshold = 256;

    private const int ReadPage = 4096;

    private readonly string _last = $"SELECT coalesce(max(sequence), 0) FROM {database.Quoted}.order_journal_entry WHERE market = $1;";

    private readonly string _recorded = $"""
        SELECT sequence, recorded_at_ticks, recorded_at_offset, payload FROM {database.Quoted}.order_journal_entry
        WHERE market = $1 AND sequence BETWEEN $2 AND $3 ORDER BY sequence;
        """;

    private readonly string _insert = $"""
        INSERT INTO {database.Quoted}.order_journal_entry (market, sequence, recorded_at_ticks, recorded_at_offset, payload)
        SELECT $1, s, t, o, p FROM unnest($2::bigint[], $3::bigint[], $4::smallint[], $5::bytea[]) AS x(s, t, o, p);
        """;

    private readonly string _copy = $"COPY {database.Quoted}.order_journal_entry (market, sequence, recorded_at_ticks, recorded_at_offset, payload) FROM STDIN (FORMAT BINARY);";

    private readonly string _page = $"""
        SELECT sequence, recorded_at_ticks, recorded_at_offset, payload FROM {database.Quoted}.order_journal_entry
        WHERE market = $1 AND sequence > $2 ORDER BY sequence LIMIT $3;
        """;

    private readonly string _snapshot = $"SELECT taken_at_ticks, taken_at_offset, state FROM {database.Quoted}.order_journal_snapshot WHERE market = $1 AND sequence = $2;";

    private readonly string _insertSnapshot = $"""
        INSERT INTO {database.Quoted}.order_journal_snapshot (market, sequence, taken_at_ticks, taken_at_offset, state) VALUES ($1, $2, $3, $4, $5);
        """;

    private readonly string _latestSnapshot = $"""
        SELECT sequence, taken_at_ticks, taken_at_offset, state FROM {database.Quoted}.order_journal_snapshot
        WHERE market = $1 ORDER BY sequence DESC LIMIT 1;
        """;

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
            : database.WriteAsync(context => AppendAsync(context, market, copy), copy.Length, cancellationToken);
    }

    public async IAsyncEnumerable<OrderJournalEntry> ReadAsync(MarketId market, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        CheckMarket(market, nameof(market));
        var after = Math.Max(afterSequence, 0);
        while (true)
        {
            var page = await database.ReadAsync(
                async (connection, _) =>
                {
                    await using var command = new NpgsqlCommand(_page, connection);
                    command.Parameters.Add(new NpgsqlParameter { Value = market.Value });
                    command.Parameters.Add(new NpgsqlParameter { Value = after });
                    command.Parameters.Add(new NpgsqlParameter { Value = ReadPage });
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    var entries = new List<OrderJournalEntry>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        entries.Add(ReadEntry(reader));
                    }

                    return entries;
                },
                snapshot: false,
                cancellationToken).ConfigureAwait(false);
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
            async (connection, _) =>
            {
                await using var command = new NpgsqlCommand(_last, connection);
                command.Parameters.Add(new NpgsqlParameter { Value = market.Value });
                return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            },
            snapshot: false,
            cancellationToken);
    }

    public Task SaveSnapshotAsync(MarketId market, OrderJournalSnapshot snapshot, CancellationToken cancellationToken)
    {
        CheckMarket(market, nameof(market));
        ArgumentNullException.ThrowIfNull(snapshot);
        return database.WriteAsync(context => SaveSnapshotAsync(context, market, snapshot), records: 1, cancellationToken);
    }

    public Task<OrderJournalSnapshot?> LoadLatestSnapshotAsync(MarketId market, CancellationToken cancellationToken)
    {
        CheckMarket(market, nameof(market));
        return database.ReadAsync(
            async (connection, _) =>
            {
                await using var command = new NpgsqlCommand(_latestSnapshot, connection);
                command.Parameters.Add(new NpgsqlParameter { Value = market.Value });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                    ? new OrderJournalSnapshot
                    {
                        Sequence = reader.GetInt64(0),
                        TakenAt = StoredValues.Instant(reader.GetInt64(1), reader.GetInt16(2)),
                        State = reader.GetFieldValue<byte[]>(3),
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

    /// <summary>Reads an entry from columns sequence, recorded_at_ticks, recorded_at_offset, payload.</summary>
    private static OrderJournalEntry ReadEntry(NpgsqlDataReader reader) => new()
    {
        Sequence = reader.GetInt64(0),
        RecordedAt = StoredValues.Instant(reader.GetInt64(1), reader.GetInt16(2)),
        Payload = reader.GetFieldValue<byte[]>(3),
    };

    private async Task<bool> AppendAsync(PostgreSqlWriteContext context, MarketId market, OrderJournalEntry[] entries)
    {
        var last = (long)(await context.ScalarAsync(_last, market.Value).ConfigureAwait(false))!;
        var first = entries[0].Sequence;
        if (first > last + 1)
        {
            throw new ArgumentException($"Entry {first} of market {market} would leave a gap: the journal ends at {last}.", nameof(entries));
        }

        // Entries already recorded must be recorded with the same content; only the rest is new.
        var fresh = 0;
        if (first <= last)
        {
            await using var reader = await context.QueryAsync(_recorded, market.Value, first, Math.Min(last, entries[^1].Sequence)).ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
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

        var count = entries.Length - fresh;
        if (count == 0)
        {
            return false;
        }

        if (count < CopyThreshold)
        {
            await context.ExecuteAsync(
                _insert,
                market.Value,
                entries.Skip(fresh).Select(e => e.Sequence).ToArray(),
                entries.Skip(fresh).Select(e => StoredValues.Ticks(e.RecordedAt)).ToArray(),
                entries.Skip(fresh).Select(e => StoredValues.OffsetMinutes(e.RecordedAt)).ToArray(),
                entries.Skip(fresh).Select(e => e.Payload.ToArray()).ToArray()).ConfigureAwait(false);
            return true;
        }

        await using var importer = await context.BeginCopyAsync(_copy).ConfigureAwait(false);
        for (var i = fresh; i < entries.Length; i++)
        {
            var entry = entries[i];
            await importer.StartRowAsync().ConfigureAwait(false);
            await importer.WriteAsync(market.Value, NpgsqlDbType.Text).ConfigureAwait(false);
            await importer.WriteAsync(entry.Sequence, NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(StoredValues.Ticks(entry.RecordedAt), NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(StoredValues.OffsetMinutes(entry.RecordedAt), NpgsqlDbType.Smallint).ConfigureAwait(false);
            await importer.WriteAsync(entry.Payload, NpgsqlDbType.Bytea).ConfigureAwait(false);
        }

        await importer.CompleteAsync().ConfigureAwait(false);
        return true;
    }

    private async Task<bool> SaveSnapshotAsync(PostgreSqlWriteContext context, MarketId market, OrderJournalSnapshot snapshot)
    {
        var last = (long)(await context.ScalarAsync(_last, market.Value).ConfigureAwait(false))!;
        if (snapshot.Sequence < 0 || snapshot.Sequence > last)
        {
            throw new ArgumentException($"A snapshot of market {market} at {snapshot.Sequence} is beyond the journal's last entry {last}.", nameof(snapshot));
        }

        await using (var reader = await context.QueryAsync(_snapshot, market.Value, snapshot.Sequence).ConfigureAwait(false))
        {
            if (await reader.ReadAsync().ConfigureAwait(false))
            {
                var recorded = new OrderJournalSnapshot
                {
                    Sequence = snapshot.Sequence,
                    TakenAt = StoredValues.Instant(reader.GetInt64(0), reader.GetInt16(1)),
                    State = reader.GetFieldValue<byte[]>(2),
                };
                return recorded.Equals(snapshot)
                    ? false
                    : throw new IdempotencyConflictException("order journal snapshot", $"{market}#{snapshot.Sequence}",
                        $"A snapshot of market {market} at {snapshot.Sequence} is already recorded with another state.");
            }
        }

        await context.ExecuteAsync(_insertSnapshot, market.Value, snapshot.Sequence, StoredValues.Ticks(snapshot.TakenAt), StoredValues.OffsetMinutes(snapshot.TakenAt), snapshot.State.ToArray()).ConfigureAwait(false);
        return true;
    }
}
