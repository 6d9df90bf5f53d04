using System.Globalization;
using EnergySettlement.Meters;
using EnergySettlement.PostgreSql.Schema;
using EnergySettlement.PostgreSql.Writing;
using EnergySettlement.Settlement.Journal;
using EnergySettlement.Settlement.Readings;
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

    public Task<JournalWriteOutcome> AppendAsync(RecordedReading reading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(reading.Reading, nameof(reading));
        ArgumentOutOfRangeException.ThrowIfNegative(reading.Revision, nameof(reading));
        if (reading.Meter == default)
        {
            throw new ArgumentException("The reading's meter id must be set.", nameof(reading));
        }

        return database.WriteAsync(context => AppendAsync(context, reading), records: 1, cancellationToken);
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

    private async Task<JournalWriteOutcome> AppendAsync(PostgreSqlWriteContext context, RecordedReading reading)
    {
        var start = reading.Period.Start.UtcTicks;
        var recorded = (long)(await context.ScalarAsync($"SELECT count(*) FROM {_table} WHERE meter = $1 AND period_start_ticks = $2;", reading.Meter.Value, start).ConfigureAwait(false))!;
        if (reading.Revision < recorded)
        {
            await using var reader = await context.QueryAsync($"SELECT {Columns} FROM {_table} WHERE meter = $1 AND period_start_ticks = $2 AND revision = $3;", reading.Meter.Value, start, reading.Revision).ConfigureAwait(false);
            await reader.ReadAsync().ConfigureAwait(false);
            return JournalKeys.Same(Read(reader), reading, "meter reading", JournalKeys.Reading(reading));
        }

        if (reading.Revision != recorded)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Reading revision {reading.Revision} of meter {reading.Meter} for {reading.Period} would leave a gap: {recorded} revision(s) are recorded, so the next is {recorded}."),
                nameof(reading));
        }

        var r = reading.Reading;
        var position = await JournalPositions.TakeAsync(context, database.Quoted, 1).ConfigureAwait(false);
        await context.ExecuteAsync(
            $"INSERT INTO {_table} ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17);",
            position,
            reading.Meter.Value,
            start,
            reading.Period.Length.Ticks,
            reading.Revision,
            reading.Participant.Value,
            StoredValues.Ticks(r.IntervalStart),
            StoredValues.OffsetMinutes(r.IntervalStart),
            r.IntervalLength.Ticks,
            r.Imported.WattHours,
            r.Exported.WattHours,
            r.ImportRegisterWattHours,
            r.ExportRegisterWattHours,
            r.Signature.ToArray(),
            StoredValues.Ticks(reading.RecordedAt),
            StoredValues.OffsetMinutes(reading.RecordedAt),
            reading.CorrectionReason).ConfigureAwait(false);
        return JournalWriteOutcome.Added;
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
