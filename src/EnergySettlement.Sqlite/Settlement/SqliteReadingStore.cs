using System.Globalization;
using EnergySettlement.Meters;
using EnergySettlement.Settlement.Journal;
using EnergySettlement.Settlement.Readings;
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
        var count = context.Statement(CountSql, "$meter", "$start");
        count.Parameters[0].Value = reading.Meter.Value;
        count.Parameters[1].Value = reading.Period.Start.UtcTicks;
        var recorded = (long)count.ExecuteScalar()!;
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
        var insert = context.Statement(InsertSql, "$position", "$meter", "$start", "$length", "$revision", "$participant", "$intervalStart", "$intervalOffset", "$intervalLength", "$imported", "$exported", "$importRegister", "$exportRegister", "$signature", "$recordedAt", "$recordedOffset", "$reason");
        var p = insert.Parameters;
        p[0].Value = JournalPositions.Take(context, 1);
        p[1].Value = reading.Meter.Value;
        p[2].Value = reading.Period.Start.UtcTicks;
        p[3].Value = reading.Period.Length.Ticks;
        p[4].Value = (long)reading.Revision;
        p[5].Value = reading.Participant.Value;
        p[6].Value = StoredValues.Ticks(r.IntervalStart);
        p[7].Value = StoredValues.OffsetMinutes(r.IntervalStart);
        p[8].Value = r.IntervalLength.Ticks;
        p[9].Value = r.Imported.WattHours;
        p[10].Value = r.Exported.WattHours;
        p[11].Value = r.ImportRegisterWattHours;
        p[12].Value = r.ExportRegisterWattHours;
        p[13].Value = r.Signature.ToArray();
        p[14].Value = StoredValues.Ticks(reading.RecordedAt);
        p[15].Value = StoredValues.OffsetMinutes(reading.RecordedAt);
        p[16].Value = StoredValues.OrNull(reading.CorrectionReason);
        insert.ExecuteNonQuery();
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
