using System.Globalization;
using EnergySettlement.Meters;
using EnergySettlement.PostgreSql.Schema;
using EnergySettlement.PostgreSql.Writing;
using EnergySettlement.Settlement;
using Npgsql;

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

    public Task<JournalWriteOutcome> AppendAsync(RecordedReading reading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(reading.Reading, nameof(reading));
        ArgumentOutOfRangeException.ThrowIfNegative(reading.Revision, nameof(reading));
        if (reading.Meter == default)
        {
            throw new ArgumentException("The reading's meter id must be set.", nameof(reading));
        }

        return database.WriteAsync(new ReadingWrite(_batcher, reading), cancellationToken);
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

            var meters = new string[keys.Count];
            var starts = new long[keys.Count];
            var n = 0;
            foreach (var key in keys.Keys)
            {
                (meters[n], starts[n]) = key;
                n++;
            }

            await using (var reader = await context.QueryAsync(
                $"SELECT r.meter, r.period_start_ticks, count(*) FROM {table} r JOIN unnest($1::text[], $2::bigint[]) AS x(m, s) ON r.meter = x.m AND r.period_start_ticks = x.s GROUP BY r.meter, r.period_start_ticks;",
                meters,
                starts).ConfigureAwait(false))
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    keys[(reader.GetString(0), reader.GetInt64(1))].Recorded = (int)reader.GetInt64(2);
                }
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
                    refusals[k] = Gap(reading, total);
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
                await SettleRepeatsAsync(context, group, repeats, refusals).ConfigureAwait(false);
            }

            if (fresh.Count > 0)
            {
                await InsertAsync(context, fresh).ConfigureAwait(false);
            }
        }

        private static ArgumentException Gap(RecordedReading reading, int recorded) => new(
            string.Create(CultureInfo.InvariantCulture, $"Reading revision {reading.Revision} of meter {reading.Meter} for {reading.Period} would leave a gap: {recorded} revision(s) are recorded, so the next is {recorded}."),
            nameof(reading));

        private static void Settle(ReadingWrite write, RecordedReading recorded, int index, Exception?[] refusals)
        {
            try
            {
                write.SetResult(JournalKeys.Same(recorded, write.Reading, "meter reading", JournalKeys.Reading(write.Reading)));
            }
            catch (IdempotencyConflictException conflict)
            {
                refusals[index] = conflict;
            }
        }

        private async Task SettleRepeatsAsync(PostgreSqlWriteContext context, IReadOnlyList<PostgreSqlWrite> group, List<int> repeats, Exception?[] refusals)
        {
            var readings = repeats.Select(k => ((ReadingWrite)group[k]).Reading).ToArray();
            var recorded = new Dictionary<(string Meter, long Start, int Revision), RecordedReading>();
            await using (var reader = await context.QueryAsync(
                $"""
                SELECT {Columns} FROM {table} JOIN unnest($1::text[], $2::bigint[], $3::integer[]) AS x(m, s, v)
                  ON meter = x.m AND period_start_ticks = x.s AND revision = x.v;
                """,
                readings.Select(r => r.Meter.Value).ToArray(),
                readings.Select(r => r.Period.Start.UtcTicks).ToArray(),
                readings.Select(r => r.Revision).ToArray()).ConfigureAwait(false))
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    var reading = Read(reader);
                    recorded[(reading.Meter.Value, reading.Period.Start.UtcTicks, reading.Revision)] = reading;
                }
            }

            foreach (var k in repeats)
            {
                var write = (ReadingWrite)group[k];
                var reading = write.Reading;
                Settle(write, recorded[(reading.Meter.Value, reading.Period.Start.UtcTicks, reading.Revision)], k, refusals);
            }
        }

        private async Task InsertAsync(PostgreSqlWriteContext context, List<RecordedReading> fresh)
        {
            var first = await JournalPositions.TakeAsync(context, database.Quoted, fresh.Count).ConfigureAwait(false);
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
