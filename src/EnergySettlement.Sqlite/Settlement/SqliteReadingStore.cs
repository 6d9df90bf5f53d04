using System.Globalization;
using System.Text;
using EnergySettlement.Meters;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite.Schema;
using EnergySettlement.Sqlite.Writing;
using Microsoft.Data.Sqlite;
using static EnergySettlement.Settlement.SettlementJournalRules;

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

    // The revisions recorded for each (meter, period start) of a bulk write, as one set: the keys go in as one JSON array
    // of [meter, start] pairs (meter ids are [A-Za-z0-9._:@-], nothing to escape), and only keys with revisions come back.
    private const string CountManySql = """
        SELECT k.key, count(*) FROM json_each($keys) AS k
          JOIN meter_reading r ON r.meter = k.value ->> 0 AND r.period_start_ticks = k.value ->> 1
        GROUP BY k.key;
        """;

    public Task<JournalWriteOutcome> AppendAsync(RecordedReading reading, CancellationToken cancellationToken)
    {
        CheckReading(reading, nameof(reading));
        return database.WriteAsync(context => Append(context, reading), records: 1, cancellationToken);
    }

    public Task<int> AppendManyAsync(IReadOnlyList<RecordedReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);

        // Checked and keyed here, on the caller's thread: the writer gets each reading's (meter, period) index and the
        // distinct (meter, period) pairs as JSON.
        var keyOf = new int[readings.Count];
        var pairs = new Dictionary<(string Meter, long Start), int>();
        var keys = new HashSet<(string Meter, long Start, int Revision)>(readings.Count);
        var json = new StringBuilder(2 + (readings.Count * 40));
        json.Append('[');
        for (var i = 0; i < keyOf.Length; i++)
        {
            var reading = readings[i];
            CheckReading(reading, nameof(readings));
            var meter = reading.Meter.Value;
            var start = reading.Period.Start.UtcTicks;
            if (!keys.Add((meter, start, reading.Revision)))
            {
                throw new ArgumentException($"Meter reading {ReadingKey(reading)} appears twice in one write.", nameof(readings));
            }

            if (!pairs.TryGetValue((meter, start), out var pair))
            {
                pair = pairs.Count;
                pairs.Add((meter, start), pair);
                json.Append(pair == 0 ? "[\"" : ",[\"").Append(meter).Append("\",").Append(start.ToString(CultureInfo.InvariantCulture)).Append(']');
            }

            keyOf[i] = pair;
        }

        json.Append(']');
        return keyOf.Length == 0
            ? Task.FromResult(0)
            : database.WriteAsync(context => AppendMany(context, readings, keyOf, pairs.Count, json.ToString()), keyOf.Length, cancellationToken);
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
            return Same(context, reading);
        }

        if (reading.Revision != recorded)
        {
            throw RevisionGap(reading, recorded, nameof(reading));
        }

        Insert(context, reading, JournalPositions.Take(context, 1));
        return JournalWriteOutcome.Added;
    }

    /// <summary>Appends a checked list in list order, all or none: one query for the revisions of every (meter, period),
    /// the checks in memory (a reading sees the revisions the list's earlier readings add), a point read only for a reading
    /// that repeats a recorded revision, one position take for the new readings, and one prepared insert each.</summary>
    private static int AppendMany(SqliteWriteContext context, IReadOnlyList<RecordedReading> readings, int[] keyOf, int pairCount, string pairs)
    {
        var recorded = new int[pairCount];
        var count = context.Statement(CountManySql, "$keys");
        count.Parameters[0].Value = pairs;
        using (var reader = count.ExecuteReader())
        {
            while (reader.Read())
            {
                recorded[reader.GetInt32(0)] = reader.GetInt32(1);
            }
        }

        // Throwing refuses the whole write before anything of it is written (and the write's savepoint or transaction
        // rolls back regardless).
        var next = (int[])recorded.Clone();
        var fresh = new List<RecordedReading>(readings.Count);
        for (var i = 0; i < readings.Count; i++)
        {
            var reading = readings[i];
            var pair = keyOf[i];
            if (reading.Revision < recorded[pair])
            {
                // A repeat of a recorded revision (keys are distinct within the list, so never of one the list adds).
                Same(context, reading);
            }
            else if (reading.Revision != next[pair])
            {
                throw RevisionGap(reading, next[pair], nameof(readings));
            }
            else
            {
                next[pair]++;
                fresh.Add(reading);
            }
        }

        if (fresh.Count > 0)
        {
            var position = JournalPositions.Take(context, fresh.Count);
            foreach (var reading in fresh)
            {
                Insert(context, reading, position++);
            }
        }

        return fresh.Count;
    }

    /// <summary>Compares a reading with its recorded revision: "already exists" when equal, a conflict otherwise.</summary>
    private static JournalWriteOutcome Same(SqliteWriteContext context, RecordedReading reading)
    {
        var find = context.Statement(RevisionSql, "$meter", "$start", "$revision");
        find.Parameters[0].Value = reading.Meter.Value;
        find.Parameters[1].Value = reading.Period.Start.UtcTicks;
        find.Parameters[2].Value = (long)reading.Revision;
        using var reader = find.ExecuteReader();
        reader.Read();
        return AlreadyExistsOrConflict(Read(reader), reading, "meter reading", ReadingKey(reading));
    }

    /// <summary>Inserts a checked new revision at <paramref name="position"/> (a prepared statement, bound by index).</summary>
    private static void Insert(SqliteWriteContext context, RecordedReading reading, long position)
    {
        var r = reading.Reading;
        var insert = context.RawStatement(InsertSql);
        insert.Bind(1, position);
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
