using System.Globalization;
using EnergySettlement.Meters;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite.Schema;
using EnergySettlement.Sqlite.Writing;
using Microsoft.Data.Sqlite;

namespace EnergySettlement.Sqlite.Settlement;

/// <summary>Accepted meter readings and their revisions (table <c>meter_reading</c>, key meter + period start +
/// revision): the readings half of the <see cref="ISettlementJournal"/> behind <see cref="SqliteJournal"/>.</summary>
internal sealed class SqliteReadingStore(SqliteDatabase database)
{
    private const string Columns = """
        position, meter, period_start_ticks, period_length_ticks, revision, participant, interval_start_ticks,
        interval_start_offset, interval_length_ticks, imported_wh, exported_wh, import_register_wh, export_register_wh,
        signature, recorded_at_ticks, recorded_at_offset, correction_reason
        """;

    private const string CountSql = "SELECT count(*) FROM meter_reading WHERE meter = $meter AND period_start_ticks = $start;";
    private const string RevisionSql = "SELECT " + Columns + " FROM meter_reading WHERE meter = $meter AND period_start_ticks = $start AND revision = $revision;";
    private const string InsertSql = "INSERT INTO meter_reading (" + Columns + ") VALUES ($position, $meter, $start, $length, $revision, $participant, $intervalStart, $intervalOffset, $intervalLength, $imported, $exported, $importRegister, $exportRegister, $signature, $recordedAt, $recordedOffset, $reason);";

    public Task<JournalWriteOutcome> AppendAsync(RecordedReading reading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(reading.Reading, nameof(reading));
        ArgumentOutOfRangeException.ThrowIfNegative(reading.Revision, nameof(reading));
        if (reading.Meter == default)
        {
            throw new ArgumentException("The reading's meter id must be set.", nameof(reading));
        }

        return database.WriteAsync(context => Append(context, reading), records: 1, cancellationToken);
    }

    public Task<IReadOnlyList<RecordedReading>> GetRevisionsAsync(MeterId meter, DateTimeOffset periodStart, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<RecordedReading>>(
            (connection, _) => Query(connection, null, "SELECT " + Columns + " FROM meter_reading WHERE meter = $meter AND period_start_ticks = $start ORDER BY revision;", ("$meter", meter.Value), ("$start", periodStart.UtcTicks)),
            snapshot: false,
            cancellationToken);

    public Task<ReadingNeighbours> FindNeighboursAsync(MeterId meter, DateTimeOffset periodStart, CancellationToken cancellationToken) =>
        database.ReadAsync(
            (connection, transaction) =>
            {
                var before = Query(connection, transaction, "SELECT " + Columns + " FROM meter_reading WHERE meter = $meter AND period_start_ticks < $start ORDER BY period_start_ticks DESC, revision DESC LIMIT 1;", ("$meter", meter.Value), ("$start", periodStart.UtcTicks));
                var after = Query(connection, transaction, "SELECT " + Columns + " FROM meter_reading WHERE meter = $meter AND period_start_ticks > $start ORDER BY period_start_ticks, revision DESC LIMIT 1;", ("$meter", meter.Value), ("$start", periodStart.UtcTicks));
                return new ReadingNeighbours(before.FirstOrDefault(), after.FirstOrDefault());
            },
            snapshot: true,
            cancellationToken);

    public Task<IReadOnlyList<RecordedReading>> GetLatestAsync(DeliveryPeriod period, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<RecordedReading>>(
            (connection, _) => Query(
                connection,
                null,
                "SELECT " + Columns + """
                 FROM meter_reading r
                WHERE r.period_start_ticks = $start
                  AND r.revision = (SELECT max(x.revision) FROM meter_reading x WHERE x.meter = r.meter AND x.period_start_ticks = r.period_start_ticks)
                  AND r.period_length_ticks = $length
                ORDER BY r.meter;
                """,
                ("$start", period.Start.UtcTicks),
                ("$length", period.Length.Ticks)),
            snapshot: false,
            cancellationToken);

    public Task<IReadOnlyList<RecordedReading>> GetAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return database.ReadAsync<IReadOnlyList<RecordedReading>>(
            (connection, _) => Query(connection, null, "SELECT " + Columns + " FROM meter_reading WHERE position > $after ORDER BY position LIMIT $limit;", ("$after", afterPosition), ("$limit", maxCount)),
            snapshot: false,
            cancellationToken);
    }

    private static JournalWriteOutcome Append(SqliteWriteContext context, RecordedReading reading)
    {
        // Statements prepared once and bound by index: a reading is one small write of many in a group commit.
        var count = context.RawStatement(CountSql);
        count.Bind(1, reading.Meter.Value);
        count.Bind(2, reading.Period.Start.UtcTicks);
        var recorded = count.ExecuteInt64()!.Value;
        if (reading.Revision < recorded)
        {
            var find = context.Statement(RevisionSql, "$meter", "$start", "$revision");
            find.Parameters[0].Value = reading.Meter.Value;
            find.Parameters[1].Value = reading.Period.Start.UtcTicks;
            find.Parameters[2].Value = (long)reading.Revision;
            using var reader = find.ExecuteReader();
            reader.Read();
            return JournalKeys.Same(Read(reader), reading, "meter reading", JournalKeys.Reading(reading));
        }

        if (reading.Revision != recorded)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Reading revision {reading.Revision} of meter {reading.Meter} for {reading.Period} would leave a gap: {recorded} revision(s) are recorded, so the next is {recorded}."),
                nameof(reading));
        }

        var r = reading.Reading;
        var insert = context.RawStatement(InsertSql);
        insert.Bind(1, JournalPositions.Take(context, 1));
        insert.Bind(2, reading.Meter.Value);
        insert.Bind(3, reading.Period.Start.UtcTicks);
        insert.Bind(4, reading.Period.Length.Ticks);
        insert.Bind(5, reading.Revision);
        insert.Bind(6, reading.Participant.Value);
        insert.Bind(7, StoredValues.Ticks(r.IntervalStart));
        insert.Bind(8, StoredValues.OffsetMinutes(r.IntervalStart));
        insert.Bind(9, r.IntervalLength.Ticks);
        insert.Bind(10, r.Imported.WattHours);
        insert.Bind(11, r.Exported.WattHours);
        insert.Bind(12, r.ImportRegisterWattHours);
        insert.Bind(13, r.ExportRegisterWattHours);
        insert.Bind(14, r.Signature.Span);
        insert.Bind(15, StoredValues.Ticks(reading.RecordedAt));
        insert.Bind(16, StoredValues.OffsetMinutes(reading.RecordedAt));
        insert.Bind(17, reading.CorrectionReason);
        insert.Execute();
        return JournalWriteOutcome.Added;
    }

    private static List<RecordedReading> Query(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var readings = new List<RecordedReading>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            readings.Add(Read(reader));
        }

        return readings;
    }

    /// <summary>Reads a reading from the columns of <see cref="Columns"/>, in order.</summary>
    private static RecordedReading Read(SqliteDataReader r) => new()
    {
        Position = r.GetInt64(0),
        Reading = new MeterReading
        {
            Meter = new MeterId(r.GetString(1)),
            IntervalStart = StoredValues.Instant(r.GetInt64(6), r.GetInt64(7)),
            IntervalLength = TimeSpan.FromTicks(r.GetInt64(8)),
            Imported = new Energy(r.GetInt64(9)),
            Exported = new Energy(r.GetInt64(10)),
            ImportRegisterWattHours = r.GetInt64(11),
            ExportRegisterWattHours = r.GetInt64(12),
            Signature = (byte[])r.GetValue(13),
        },
        Period = DeliveryPeriod.Create(new DateTimeOffset(r.GetInt64(2), TimeSpan.Zero), TimeSpan.FromTicks(r.GetInt64(3))),
        Revision = r.GetInt32(4),
        Participant = new ParticipantId(r.GetString(5)),
        RecordedAt = StoredValues.Instant(r.GetInt64(14), r.GetInt64(15)),
        CorrectionReason = r.IsDBNull(16) ? null : r.GetString(16),
    };
}
