using System.Globalization;
using EnergySettlement.Meters;
using EnergySettlement.PostgreSql.Schema;
using EnergySettlement.PostgreSql.Writing;
using EnergySettlement.Settlement;
using Npgsql;
using NpgsqlTypes;
using static EnergySettlement.Settlement.SettlementJournalRules;

namespace EnergySettlement.PostgreSql.Settlement;

/// <summary>Accepted meter readings and their revisions (table <c>meter_reading</c>, key meter + period start +
/// revision): the readings half of the <see cref="ISettlementJournal"/> behind <see cref="PostgreSqlJournal"/>.</summary>
internal sealed class PostgreSqlReadingStore(PostgreSqlDatabase database)
{
    private const string Columns = """
        position, meter, period_start_ticks, period_length_ticks, revision, participant, interval_start_ticks,
        interval_start_offset, interval_length_ticks, imported_wh, exported_wh, import_register_wh, export_register_wh,
        signature, recorded_at_ticks, recorded_at_offset, correction_reason
        """;

    private readonly string _table = database.Quoted + ".meter_reading";
    private readonly Batcher _batcher = new(database, database.Quoted + ".meter_reading");

    /// <summary>From this many new readings in one write on, they go in with binary <c>COPY</c> rather than one
    /// <c>INSERT … SELECT FROM unnest(…)</c>.</summary>
    private const int CopyThreshold = 64;

    public Task<JournalWriteOutcome> AppendAsync(RecordedReading reading, CancellationToken cancellationToken)
    {
        CheckReading(reading, nameof(reading));
        return database.WriteAsync(new ReadingWrite(_batcher, reading), cancellationToken);
    }

    public Task<int> AppendManyAsync(IReadOnlyList<RecordedReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var keys = new HashSet<(string Meter, long Start, int Revision)>(readings.Count);
        var list = new RecordedReading[readings.Count];
        for (var i = 0; i < list.Length; i++)
        {
            var reading = readings[i];
            CheckReading(reading, nameof(readings));
            if (!keys.Add((reading.Meter.Value, reading.Period.Start.UtcTicks, reading.Revision)))
            {
                throw new ArgumentException($"Meter reading {ReadingKey(reading)} appears twice in one write.", nameof(readings));
            }

            list[i] = reading;
        }

        return list.Length == 0
            ? Task.FromResult(0)
            : database.WriteAsync(context => AppendManyAsync(context, list), list.Length, cancellationToken);
    }

    public Task<IReadOnlyList<RecordedReading>> GetRevisionsAsync(MeterId meter, DateTimeOffset periodStart, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<RecordedReading>>(
            (connection, _) => QueryAsync(connection, null, $"SELECT {Columns} FROM {_table} WHERE meter = $1 AND period_start_ticks = $2 ORDER BY revision;", cancellationToken, meter.Value, periodStart.UtcTicks),
            snapshot: false,
            cancellationToken);

    public Task<ReadingNeighbours> FindNeighboursAsync(MeterId meter, DateTimeOffset periodStart, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async (connection, transaction) =>
            {
                var before = await QueryAsync(connection, transaction, $"SELECT {Columns} FROM {_table} WHERE meter = $1 AND period_start_ticks < $2 ORDER BY period_start_ticks DESC, revision DESC LIMIT 1;", cancellationToken, meter.Value, periodStart.UtcTicks).ConfigureAwait(false);
                var after = await QueryAsync(connection, transaction, $"SELECT {Columns} FROM {_table} WHERE meter = $1 AND period_start_ticks > $2 ORDER BY period_start_ticks, revision DESC LIMIT 1;", cancellationToken, meter.Value, periodStart.UtcTicks).ConfigureAwait(false);
                return new ReadingNeighbours(before.Count > 0 ? before[0] : null, after.Count > 0 ? after[0] : null);
            },
            snapshot: true,
            cancellationToken);

    public Task<IReadOnlyList<RecordedReading>> GetLatestAsync(DeliveryPeriod period, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<RecordedReading>>(
            (connection, _) => QueryAsync(
                connection,
                null,
                $"""
                SELECT {Columns} FROM {_table} r
                WHERE r.period_start_ticks = $1
                  AND r.revision = (SELECT max(x.revision) FROM {_table} x WHERE x.meter = r.meter AND x.period_start_ticks = r.period_start_ticks)
                  AND r.period_length_ticks = $2
                ORDER BY r.meter COLLATE "C";
                """,
                cancellationToken,
                period.Start.UtcTicks,
                period.Length.Ticks),
            snapshot: false,
            cancellationToken);

    public Task<IReadOnlyList<RecordedReading>> GetAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return database.ReadAsync<IReadOnlyList<RecordedReading>>(
            (connection, _) => QueryAsync(connection, null, $"SELECT {Columns} FROM {_table} WHERE position > $1 ORDER BY position LIMIT $2;", cancellationToken, afterPosition, maxCount),
            snapshot: false,
            cancellationToken);
    }

    /// <summary>Counts the revisions recorded for each (meter, period start) with one query; keys with none are absent.</summary>
    private static async Task<Dictionary<(string Meter, long Start), int>> CountRecordedAsync(PostgreSqlWriteContext context, string table, IEnumerable<(string Meter, long Start)> keys)
    {
        var distinct = keys.Distinct().ToArray();
        var counts = new Dictionary<(string Meter, long Start), int>();
        await using var reader = await context.QueryAsync(
            $"SELECT r.meter, r.period_start_ticks, count(*) FROM {table} r JOIN unnest($1::text[], $2::bigint[]) AS x(m, s) ON r.meter = x.m AND r.period_start_ticks = x.s GROUP BY r.meter, r.period_start_ticks;",
            distinct.Select(k => k.Meter).ToArray(),
            distinct.Select(k => k.Start).ToArray()).ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            counts[(reader.GetString(0), reader.GetInt64(1))] = (int)reader.GetInt64(2);
        }

        return counts;
    }

    /// <summary>Reads the recorded revisions <paramref name="readings"/> repeat, with one query, keyed by (meter, period start, revision).</summary>
    private static async Task<Dictionary<(string Meter, long Start, int Revision), RecordedReading>> ReadRecordedAsync(PostgreSqlWriteContext context, string table, IReadOnlyList<RecordedReading> readings)
    {
        var recorded = new Dictionary<(string Meter, long Start, int Revision), RecordedReading>();
        await using var reader = await context.QueryAsync(
            $"""
            SELECT {Columns} FROM {table} JOIN unnest($1::text[], $2::bigint[], $3::integer[]) AS x(m, s, v)
              ON meter = x.m AND period_start_ticks = x.s AND revision = x.v;
            """,
            readings.Select(r => r.Meter.Value).ToArray(),
            readings.Select(r => r.Period.Start.UtcTicks).ToArray(),
            readings.Select(r => r.Revision).ToArray()).ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var reading = Read(reader);
            recorded[(reading.Meter.Value, reading.Period.Start.UtcTicks, reading.Revision)] = reading;
        }

        return recorded;
    }

    /// <summary>Appends a checked list in list order, all or none: one query for the revisions of every (meter, period),
    /// the checks in memory (a reading sees the revisions the list's earlier readings add), one query reading back the
    /// recorded revisions the list repeats, and only then — nothing refused — one position update and one insert (binary
    /// <c>COPY</c> for a large list). Checking before writing keeps a refusal from leaving the group's transaction dirty.</summary>
    private async Task<int> AppendManyAsync(PostgreSqlWriteContext context, RecordedReading[] readings)
    {
        var recorded = await CountRecordedAsync(context, _table, readings.Select(r => (r.Meter.Value, r.Period.Start.UtcTicks))).ConfigureAwait(false);
        var added = new Dictionary<(string Meter, long Start), int>();
        var fresh = new List<RecordedReading>(readings.Length);
        List<RecordedReading>? repeats = null;
        foreach (var reading in readings)
        {
            var key = (reading.Meter.Value, reading.Period.Start.UtcTicks);
            var before = recorded.GetValueOrDefault(key);
            var next = before + added.GetValueOrDefault(key);
            if (reading.Revision < before)
            {
                // A repeat of a recorded revision (keys are distinct within the list, so never of one the list adds).
                (repeats ??= []).Add(reading);
            }
            else if (reading.Revision != next)
            {
                throw RevisionGap(reading, next, nameof(readings));
            }
            else
            {
                added[key] = next - before + 1;
                fresh.Add(reading);
            }
        }

        if (repeats is not null)
        {
            var found = await ReadRecordedAsync(context, _table, repeats).ConfigureAwait(false);
            foreach (var reading in repeats)
            {
                AlreadyExistsOrConflict(found[(reading.Meter.Value, reading.Period.Start.UtcTicks, reading.Revision)], reading, "meter reading", ReadingKey(reading));
            }
        }

        if (fresh.Count > 0)
        {
            await InsertAsync(context, database.Quoted, _table, fresh).ConfigureAwait(false);
        }

        return fresh.Count;
    }

    /// <summary>Takes positions for checked new readings with one counter update and inserts them in order: one
    /// <c>INSERT … SELECT FROM unnest(…)</c> for a few, binary <c>COPY</c> for many.</summary>
    private static async Task InsertAsync(PostgreSqlWriteContext context, string quotedSchema, string table, List<RecordedReading> fresh)
    {
        var first = await JournalPositions.TakeAsync(context, quotedSchema, fresh.Count).ConfigureAwait(false);
        if (fresh.Count >= CopyThreshold)
        {
            await CopyAsync(context, table, fresh, first).ConfigureAwait(false);
            return;
        }

        var count = fresh.Count;
        var positions = new long[count];
        var meters = new string[count];
        var starts = new long[count];
        var lengths = new long[count];
        var revisions = new int[count];
        var participants = new string[count];
        var intervalStarts = new long[count];
        var intervalOffsets = new short[count];
        var intervalLengths = new long[count];
        var imported = new long[count];
        var exported = new long[count];
        var importRegisters = new long[count];
        var exportRegisters = new long[count];
        var signatures = new byte[count][];
        var recordedAt = new long[count];
        var recordedOffsets = new short[count];
        var reasons = new string?[count];
        for (var i = 0; i < count; i++)
        {
            var reading = fresh[i];
            var r = reading.Reading;
            positions[i] = first + i;
            meters[i] = reading.Meter.Value;
            starts[i] = reading.Period.Start.UtcTicks;
            lengths[i] = reading.Period.Length.Ticks;
            revisions[i] = reading.Revision;
            participants[i] = reading.Participant.Value;
            intervalStarts[i] = StoredValues.Ticks(r.IntervalStart);
            intervalOffsets[i] = StoredValues.OffsetMinutes(r.IntervalStart);
            intervalLengths[i] = r.IntervalLength.Ticks;
            imported[i] = r.Imported.WattHours;
            exported[i] = r.Exported.WattHours;
            importRegisters[i] = r.ImportRegisterWattHours;
            exportRegisters[i] = r.ExportRegisterWattHours;
            signatures[i] = r.Signature.ToArray();
            recordedAt[i] = StoredValues.Ticks(reading.RecordedAt);
            recordedOffsets[i] = StoredValues.OffsetMinutes(reading.RecordedAt);
            reasons[i] = reading.CorrectionReason;
        }

        await context.ExecuteAsync(
            $"""
            INSERT INTO {table} ({Columns})
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::integer[], $6::text[], $7::bigint[], $8::smallint[],
                $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bytea[], $15::bigint[], $16::smallint[], $17::text[]);
            """,
            positions, meters, starts, lengths, revisions, participants, intervalStarts, intervalOffsets, intervalLengths, imported, exported,
            importRegisters, exportRegisters, signatures, recordedAt, recordedOffsets, reasons).ConfigureAwait(false);
    }

    /// <summary>Streams new readings with binary <c>COPY</c>, positions from <paramref name="first"/> on.</summary>
    private static async Task CopyAsync(PostgreSqlWriteContext context, string table, List<RecordedReading> fresh, long first)
    {
        await using var importer = await context.BeginCopyAsync($"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY);").ConfigureAwait(false);
        var position = first;
        foreach (var reading in fresh)
        {
            var r = reading.Reading;
            await importer.StartRowAsync().ConfigureAwait(false);
            await importer.WriteAsync(position++, NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(reading.Meter.Value, NpgsqlDbType.Text).ConfigureAwait(false);
            await importer.WriteAsync(reading.Period.Start.UtcTicks, NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(reading.Period.Length.Ticks, NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(reading.Revision, NpgsqlDbType.Integer).ConfigureAwait(false);
            await importer.WriteAsync(reading.Participant.Value, NpgsqlDbType.Text).ConfigureAwait(false);
            await importer.WriteAsync(StoredValues.Ticks(r.IntervalStart), NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(StoredValues.OffsetMinutes(r.IntervalStart), NpgsqlDbType.Smallint).ConfigureAwait(false);
            await importer.WriteAsync(r.IntervalLength.Ticks, NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(r.Imported.WattHours, NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(r.Exported.WattHours, NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(r.ImportRegisterWattHours, NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(r.ExportRegisterWattHours, NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(r.Signature, NpgsqlDbType.Bytea).ConfigureAwait(false);
            await importer.WriteAsync(StoredValues.Ticks(reading.RecordedAt), NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(StoredValues.OffsetMinutes(reading.RecordedAt), NpgsqlDbType.Smallint).ConfigureAwait(false);
            if (reading.CorrectionReason is { } reason)
            {
                await importer.WriteAsync(reason, NpgsqlDbType.Text).ConfigureAwait(false);
            }
            else
            {
                await importer.WriteNullAsync().ConfigureAwait(false);
            }
        }

        await importer.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Applies a run of reading writes of one group commit as applying them one after another would: one query
    /// counts the revisions recorded for every (meter, period) of the run, the run is checked in order in memory (a write
    /// sees the revisions earlier writes of the run add), a second query reads back only the recorded revisions a write
    /// repeats, and the new readings take their positions with one counter update and go in with one insert.</summary>
    private sealed class Batcher(PostgreSqlDatabase database, string table) : PostgreSqlWriteBatcher
    {
        public override async Task ApplyAsync(PostgreSqlWriteContext context, IReadOnlyList<PostgreSqlWrite> group, int start, int count, Exception?[] refusals)
        {
            var keys = new Dictionary<(string Meter, long Start), Revisions>();
            for (var k = start; k < start + count; k++)
            {
                var reading = ((ReadingWrite)group[k]).Reading;
                keys.TryAdd((reading.Meter.Value, reading.Period.Start.UtcTicks), new Revisions());
            }

            foreach (var (key, recorded) in await CountRecordedAsync(context, table, keys.Keys).ConfigureAwait(false))
            {
                keys[key].Recorded = recorded;
            }

            // In order, as if one after another; a write repeating a revision recorded before the run is settled below.
            var fresh = new List<RecordedReading>();
            List<int>? repeats = null;
            for (var k = start; k < start + count; k++)
            {
                var write = (ReadingWrite)group[k];
                var reading = write.Reading;
                var revisions = keys[(reading.Meter.Value, reading.Period.Start.UtcTicks)];
                var total = revisions.Recorded + revisions.Added.Count;
                if (reading.Revision < revisions.Recorded)
                {
                    (repeats ??= []).Add(k);
                }
                else if (reading.Revision < total)
                {
                    Settle(write, revisions.Added[reading.Revision - revisions.Recorded], k, refusals);
                }
                else if (reading.Revision != total)
                {
                    refusals[k] = RevisionGap(reading, total, nameof(reading));
                }
                else
                {
                    revisions.Added.Add(reading);
                    fresh.Add(reading);
                    write.SetResult(JournalWriteOutcome.Added);
                }
            }

            if (repeats is not null)
            {
                await SettleRepeatsAsync(context, table, group, repeats, refusals).ConfigureAwait(false);
            }

            if (fresh.Count > 0)
            {
                await InsertAsync(context, database.Quoted, table, fresh).ConfigureAwait(false);
            }
        }

        private static void Settle(ReadingWrite write, RecordedReading recorded, int index, Exception?[] refusals)
        {
            try
            {
                write.SetResult(AlreadyExistsOrConflict(recorded, write.Reading, "meter reading", ReadingKey(write.Reading)));
            }
            catch (IdempotencyConflictException conflict)
            {
                refusals[index] = conflict;
            }
        }

        private static async Task SettleRepeatsAsync(PostgreSqlWriteContext context, string table, IReadOnlyList<PostgreSqlWrite> group, List<int> repeats, Exception?[] refusals)
        {
            var recorded = await ReadRecordedAsync(context, table, repeats.Select(k => ((ReadingWrite)group[k]).Reading).ToArray()).ConfigureAwait(false);
            foreach (var k in repeats)
            {
                var write = (ReadingWrite)group[k];
                var reading = write.Reading;
                Settle(write, recorded[(reading.Meter.Value, reading.Period.Start.UtcTicks, reading.Revision)], k, refusals);
            }
        }

        /// <summary>The revisions of one (meter, period): how many were recorded before the run, and those the run adds.</summary>
        private sealed class Revisions
        {
            public int Recorded { get; set; }

            public List<RecordedReading> Added { get; } = [];
        }
    }

    /// <summary>One reading to append; applied by the store's <see cref="Batcher"/>, alone or with its neighbours.</summary>
    private sealed class ReadingWrite : PostgreSqlWrite<JournalWriteOutcome>
    {
        private readonly Batcher _batcher;

        public ReadingWrite(Batcher batcher, RecordedReading reading)
            : base(records: 1)
        {
            _batcher = batcher;
            Reading = reading;
        }

        public RecordedReading Reading { get; }

        public override PostgreSqlWriteBatcher? Batcher => _batcher;

        /// <summary>Applies the write alone (a batch of one); a refusal is thrown, having written nothing.</summary>
        public override async Task ApplyAsync(PostgreSqlWriteContext context)
        {
            var refusals = new Exception?[1];
            await _batcher.ApplyAsync(context, [this], 0, 1, refusals).ConfigureAwait(false);
            if (refusals[0] is { } refusal)
            {
                throw refusal;
            }
        }
    }

    private static async Task<IReadOnlyList<RecordedReading>> QueryAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var readings = new List<RecordedReading>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            readings.Add(Read(reader));
        }

        return readings;
    }

    /// <summary>Reads a reading from the columns of <see cref="Columns"/>, in order.</summary>
    private static RecordedReading Read(NpgsqlDataReader r) => new()
    {
        Position = r.GetInt64(0),
        Reading = new MeterReading
        {
            Meter = new MeterId(r.GetString(1)),
            IntervalStart = StoredValues.Instant(r.GetInt64(6), r.GetInt16(7)),
            IntervalLength = TimeSpan.FromTicks(r.GetInt64(8)),
            Imported = new Energy(r.GetInt64(9)),
            Exported = new Energy(r.GetInt64(10)),
            ImportRegisterWattHours = r.GetInt64(11),
            ExportRegisterWattHours = r.GetInt64(12),
            Signature = r.GetFieldValue<byte[]>(13),
        },
        Period = DeliveryPeriod.Create(new DateTimeOffset(r.GetInt64(2), TimeSpan.Zero), TimeSpan.FromTicks(r.GetInt64(3))),
        Revision = r.GetInt32(4),
        Participant = new ParticipantId(r.GetString(5)),
        RecordedAt = StoredValues.Instant(r.GetInt64(14), r.GetInt16(15)),
        CorrectionReason = r.IsDBNull(16) ? null : r.GetString(16),
    };
}
