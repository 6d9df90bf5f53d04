using System.Text.Json;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;
using EnergySettlement.Sqlite.Schema;
using EnergySettlement.Sqlite.Writing;
using Microsoft.Data.Sqlite;

namespace EnergySettlement.Sqlite.Settlement;

/// <summary>
/// Each settlement window's plan and what it decided (tables <c>settlement_plan</c>, <c>plan_period</c>,
/// <c>planned_participant</c>, <c>settled_obligation</c>, <c>obligation_period</c>, <c>carried_amount</c>, <c>held_trade</c>;
/// keys the window id, obligation id and carried-amount id): the plan half of the <see cref="ISettlementJournal"/> behind <see cref="SqliteJournal"/>.
/// A plan with its thousands of obligations and its batches is one transaction and one fsync. Plans, carried amounts and
/// held trades are kept as <see cref="SettlementRecordCodec"/> bytes (equal content is equal bytes) beside the columns
/// that find them; a plan's obligations live in its content, with one narrow row per obligation id for the key, under
/// the obligation's market and period so that a plan's keys are written side by side (schema step 6).
/// </summary>
internal sealed class SqlitePlanStore(SqliteDatabase database)
{
    /// <summary><c>SQLITE_CONSTRAINT_PRIMARYKEY</c>.</summary>
    private const int SqlitePrimaryKeyConstraint = 1555;

    public Task<JournalWriteOutcome> AppendAsync(RecordedPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(plan.Plan, nameof(plan));

        // Encoding is the expensive part and needs no database: do it on the caller's thread, not the writer's.
        var encoded = new EncodedPlan(plan);
        return database.WriteAsync(context => Append(context, encoded), encoded.Records, cancellationToken);
    }

    public Task<RecordedPlan?> GetAsync(SettlementWindowId window, CancellationToken cancellationToken) =>
        database.ReadAsync(
            (connection, _) => Plans(connection, "SELECT position, content FROM settlement_plan WHERE window_id = $p0;", window.Value).FirstOrDefault(),
            snapshot: false,
            cancellationToken);

    public Task<RecordedPlan?> GetLatestAsync(MarketId market, CancellationToken cancellationToken) =>
        database.ReadAsync(
            (connection, _) => Plans(connection, "SELECT position, content FROM settlement_plan WHERE market = $p0 ORDER BY position DESC LIMIT 1;", market.Value).FirstOrDefault(),
            snapshot: false,
            cancellationToken);

    public Task<IReadOnlyList<RecordedPlan>> GetCoveringAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<RecordedPlan>>(
            (connection, _) => Plans(
                connection,
                """
                SELECT p.position, p.content FROM plan_period c JOIN settlement_plan p ON p.position = c.plan_position
                WHERE c.market = $p0 AND c.period_start_ticks = $p1 AND c.period_length_ticks = $p2 ORDER BY p.position;
                """,
                market.Value,
                period.Start.UtcTicks,
                period.Length.Ticks),
            snapshot: false,
            cancellationToken);

    public Task<IReadOnlyList<RecordedPlan>> GetForParticipantAsync(ParticipantId participant, DateTimeOffset startsFrom, DateTimeOffset startsBefore, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<RecordedPlan>>(
            (connection, _) => Plans(
                connection,
                """
                SELECT p.position, p.content FROM settlement_plan p
                WHERE p.window_start_ticks >= $p1 AND p.window_start_ticks < $p2
                  AND EXISTS (SELECT 1 FROM planned_participant w WHERE w.plan_position = p.position AND w.participant = $p0)
                ORDER BY p.position;
                """,
                participant.Value,
                startsFrom.UtcTicks,
                startsBefore.UtcTicks),
            snapshot: false,
            cancellationToken);

    public Task<IReadOnlyList<Obligation>> GetObligationsAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Obligation>>(
            (connection, _) =>
            {
                // The obligations are in their plans' content: read the plans that hold obligations of the period.
                var plans = Plans(
                    connection,
                    """
                    SELECT p.position, p.content FROM obligation_period o JOIN settlement_plan p ON p.position = o.plan_position
                    WHERE o.market = $p0 AND o.period_start_ticks = $p1 AND o.period_length_ticks = $p2 ORDER BY p.position;
                    """,
                    market.Value,
                    period.Start.UtcTicks,
                    period.Length.Ticks);
                return plans.SelectMany(p => p.Plan.Obligations).Where(o => o.Market == market && o.Period == period).ToList();
            },
            snapshot: false,
            cancellationToken);

    public Task<IReadOnlyList<CarriedAmount>> GetOpenCarriedAsync(MarketId market, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<CarriedAmount>>(
            (connection, _) => Contents(
                connection,
                "SELECT content FROM carried_amount WHERE market = $p0 AND consumed_by IS NULL ORDER BY plan_position, ordinal;",
                static bytes => SettlementRecordCodec.DecodeCarriedAmount(bytes),
                market.Value),
            snapshot: false,
            cancellationToken);

    public Task<IReadOnlyList<HeldTrade>> GetHeldAsync(MarketId market, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<HeldTrade>>(
            (connection, _) =>
            {
                // For each period, the held trades of the last plan (highest position) that settled it.
                var held = Contents(
                    connection,
                    """
                    SELECT h.content FROM held_trade h
                    JOIN (SELECT period_start_ticks, period_length_ticks, max(plan_position) AS last_plan
                          FROM plan_period WHERE market = $p0 GROUP BY period_start_ticks, period_length_ticks) l
                      ON h.plan_position = l.last_plan AND h.period_start_ticks = l.period_start_ticks AND h.period_length_ticks = l.period_length_ticks
                    WHERE h.market = $p0;
                    """,
                    static bytes => SettlementRecordCodec.DecodeHeldTrade(bytes),
                    market.Value);
                held.Sort(static (a, b) => a.Period.CompareTo(b.Period) is var byPeriod and not 0 ? byPeriod : string.CompareOrdinal(a.Trade.Id.Value, b.Trade.Id.Value));
                return held;
            },
            snapshot: false,
            cancellationToken);

    private static JournalWriteOutcome Append(SqliteWriteContext context, EncodedPlan plan)
    {
        var p = plan.Plan.Plan;
        var find = context.Statement("SELECT content FROM settlement_plan WHERE window_id = $window;", "$window");
        find.Parameters[0].Value = plan.WindowId;
        if (find.ExecuteScalar() is byte[] recorded)
        {
            return recorded.AsSpan().SequenceEqual(plan.Content)
                ? JournalWriteOutcome.AlreadyExists
                : throw new IdempotencyConflictException("settlement plan", plan.WindowId,
                    $"The settlement plan {plan.WindowId} is already recorded with other content; the same key must always name the same record.");
        }

        // Check everything first: a refusal anywhere writes nothing.
        foreach (var batch in p.Batches)
        {
            if (SqliteBatchStore.Exists(context, batch.Id))
            {
                throw new IdempotencyConflictException("settlement batch", batch.Id.Value, $"Batch {batch.Id} of window {plan.WindowId} is already recorded; a batch id names one batch of one window.");
            }
        }

        var carried = context.Statement("SELECT market, consumed_by FROM carried_amount WHERE carried_id = $id;", "$id");
        foreach (var amount in p.CarriedForward)
        {
            carried.Parameters[0].Value = amount.Id.Value;
            using var reader = carried.ExecuteReader();
            if (reader.Read())
            {
                throw new IdempotencyConflictException("carried amount", amount.Id.Value, $"Carried amount {amount.Id} of window {plan.WindowId} is already recorded.");
            }
        }

        foreach (var id in p.ConsumedCarriedAmounts)
        {
            carried.Parameters[0].Value = id.Value;
            using var reader = carried.ExecuteReader();
            if (!reader.Read() || reader.GetString(0) != plan.Market)
            {
                throw new ArgumentException($"Window {plan.WindowId} consumes carried amount {id}, which the journal does not hold for market {plan.Market}.", nameof(plan));
            }

            if (!reader.IsDBNull(1))
            {
                throw new IdempotencyConflictException("carried amount", id.Value, $"Carried amount {id} was already consumed by window {reader.GetString(1)}; window {plan.WindowId} cannot consume it again.");
            }
        }

        // The plan takes a position, then its batches, as the in-memory journal numbers them.
        var position = JournalPositions.Take(context, 1 + p.Batches.Count);
        var insertPlan = context.Statement(
            "INSERT INTO settlement_plan (position, window_id, market, window_start_ticks, planned_at_ticks, planned_at_offset, content) VALUES ($position, $window, $market, $start, $at, $offset, $content);",
            "$position", "$window", "$market", "$start", "$at", "$offset", "$content");
        insertPlan.Parameters[0].Value = position;
        insertPlan.Parameters[1].Value = plan.WindowId;
        insertPlan.Parameters[2].Value = plan.Market;
        insertPlan.Parameters[3].Value = p.Window.Start.UtcTicks;
        insertPlan.Parameters[4].Value = StoredValues.Ticks(plan.Plan.PlannedAt);
        insertPlan.Parameters[5].Value = StoredValues.OffsetMinutes(plan.Plan.PlannedAt);
        insertPlan.Parameters[6].Value = plan.Content;
        insertPlan.ExecuteNonQuery();

        var insertPeriod = context.Statement(
            "INSERT OR IGNORE INTO plan_period (market, period_start_ticks, period_length_ticks, plan_position) VALUES ($market, $start, $length, $plan);",
            "$market", "$start", "$length", "$plan");
        foreach (var period in plan.Plan.Periods)
        {
            insertPeriod.Parameters[0].Value = plan.Market;
            insertPeriod.Parameters[1].Value = period.Start.UtcTicks;
            insertPeriod.Parameters[2].Value = period.Length.Ticks;
            insertPeriod.Parameters[3].Value = position;
            insertPeriod.ExecuteNonQuery();
        }

        // Participants and obligation keys each go in as one set (a JSON array of text, expanded by json_each): one
        // statement per plan, not one per row. They are in key order, so the participants append after the last plan's
        // and the obligation keys go side by side under their period: a plan writes few pages of either tree.
        InsertParticipants(context, position, plan.Participants);
        if (InsertObligationKeys(context, position, plan.ObligationGroups) != plan.ObligationCount)
        {
            // An earlier window settled one of them (a plan's own ids are distinct, checked before it was queued).
            // Throwing rolls back the write's savepoint (or transaction): nothing of the plan stays.
            var settled = FirstSettledElsewhere(context, plan.Plan.Plan.Obligations, position);
            throw new IdempotencyConflictException("obligation", settled, $"Obligation {settled} of window {plan.WindowId} is already recorded by an earlier window; an obligation is settled once.");
        }

        var insertObligationPeriod = context.Statement(
            "INSERT OR IGNORE INTO obligation_period (market, period_start_ticks, period_length_ticks, plan_position) VALUES ($market, $start, $length, $plan);",
            "$market", "$start", "$length", "$plan");
        foreach (var (market, start, length) in plan.ObligationPeriods)
        {
            insertObligationPeriod.Parameters[0].Value = market;
            insertObligationPeriod.Parameters[1].Value = start;
            insertObligationPeriod.Parameters[2].Value = length;
            insertObligationPeriod.Parameters[3].Value = position;
            insertObligationPeriod.ExecuteNonQuery();
        }

        var consume = context.Statement("UPDATE carried_amount SET consumed_by = $window WHERE carried_id = $id;", "$window", "$id");
        foreach (var id in p.ConsumedCarriedAmounts)
        {
            consume.Parameters[0].Value = plan.WindowId;
            consume.Parameters[1].Value = id.Value;
            consume.ExecuteNonQuery();
        }

        var insertCarried = context.Statement(
            "INSERT INTO carried_amount (carried_id, plan_position, ordinal, market, consumed_by, content) VALUES ($id, $plan, $ordinal, $market, $consumedBy, $content);",
            "$id", "$plan", "$ordinal", "$market", "$consumedBy", "$content");
        for (var i = 0; i < p.CarriedForward.Count; i++)
        {
            var amount = p.CarriedForward[i];
            insertCarried.Parameters[0].Value = amount.Id.Value;
            insertCarried.Parameters[1].Value = position;
            insertCarried.Parameters[2].Value = (long)i;
            insertCarried.Parameters[3].Value = plan.Market;
            insertCarried.Parameters[4].Value = StoredValues.OrNull(amount.ConsumedBy?.Value);
            insertCarried.Parameters[5].Value = plan.CarriedForward[i];
            insertCarried.ExecuteNonQuery();
        }

        var insertHeld = context.Statement(
            "INSERT OR IGNORE INTO held_trade (plan_position, trade_id, market, period_start_ticks, period_length_ticks, content) VALUES ($plan, $trade, $market, $start, $length, $content);",
            "$plan", "$trade", "$market", "$start", "$length", "$content");
        for (var i = 0; i < p.HeldTrades.Count; i++)
        {
            var held = p.HeldTrades[i];
            insertHeld.Parameters[0].Value = position;
            insertHeld.Parameters[1].Value = held.Trade.Id.Value;
            insertHeld.Parameters[2].Value = plan.Market;
            insertHeld.Parameters[3].Value = held.Period.Start.UtcTicks;
            insertHeld.Parameters[4].Value = held.Period.Length.Ticks;
            insertHeld.Parameters[5].Value = plan.HeldTrades[i];
            insertHeld.ExecuteNonQuery();
        }

        SqliteBatchStore.Insert(context, plan.Batches, position + 1);
        return JournalWriteOutcome.Added;
    }

    /// <summary>
    /// Schema step 6: fills <c>settled_obligation</c> and <c>planned_participant</c> from every recorded plan's content
    /// (where step 5 kept the obligations), as <see cref="Append"/> writes them. Idempotent: keys already there are kept.
    /// </summary>
    internal static void BackfillKeys(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var plans = connection.CreateCommand();
        plans.Transaction = transaction;
        plans.CommandText = "SELECT position, content FROM settlement_plan ORDER BY position;";
        using var context = new SqliteWriteContext(connection) { Transaction = transaction };
        using var reader = plans.ExecuteReader();
        while (reader.Read())
        {
            var position = reader.GetInt64(0);
            var plan = SettlementRecordCodec.DecodePlan((byte[])reader.GetValue(1), position).Plan;
            InsertParticipants(context, position, ParticipantsOf(plan), orIgnore: true);
            InsertObligationKeys(context, position, ObligationGroupsOf(plan.Obligations, out _));
        }
    }

    /// <summary>Inserts the plan's participants (a JSON array of text).</summary>
    private static void InsertParticipants(SqliteWriteContext context, long position, string participants, bool orIgnore = false)
    {
        var insert = context.Statement(
            orIgnore
                ? "INSERT OR IGNORE INTO planned_participant (plan_position, participant) SELECT $plan, value FROM json_each($participants);"
                : "INSERT INTO planned_participant (plan_position, participant) SELECT $plan, value FROM json_each($participants);",
            "$plan", "$participants");
        insert.Parameters[0].Value = position;
        insert.Parameters[1].Value = participants;
        insert.ExecuteNonQuery();
    }

    /// <summary>Inserts the obligation keys that are not recorded yet; returns how many it inserted.</summary>
    private static int InsertObligationKeys(SqliteWriteContext context, long position, ObligationKeyGroup[] groups)
    {
        // "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join.
        var insert = context.Statement(
            """
            INSERT INTO settled_obligation (market, period_start_ticks, period_length_ticks, obligation_id, plan_position)
            SELECT $market, $start, $length, value, $plan FROM json_each($ids) WHERE true ON CONFLICT DO NOTHING;
            """,
            "$market", "$start", "$length", "$ids", "$plan");
        var inserted = 0;
        foreach (var group in groups)
        {
            insert.Parameters[0].Value = group.Market;
            insert.Parameters[1].Value = group.Start;
            insert.Parameters[2].Value = group.Length;
            insert.Parameters[3].Value = group.Ids;
            insert.Parameters[4].Value = position;
            inserted += insert.ExecuteNonQuery();
        }

        return inserted;
    }

    /// <summary>Everyone who pays or is paid in the plan (obligations, legs, carried amounts), in ordinal order, as a
    /// JSON array of text.</summary>
    internal static string ParticipantsOf(SettlementPlan plan)
    {
        var participants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var obligation in plan.Obligations)
        {
            participants.Add(obligation.Payer.Value);
            participants.Add(obligation.Payee.Value);
        }

        foreach (var leg in plan.Legs)
        {
            participants.Add(leg.Payer.Value);
            participants.Add(leg.Payee.Value);
        }

        foreach (var amount in plan.CarriedForward)
        {
            participants.Add(amount.Payer.Value);
            participants.Add(amount.Payee.Value);
        }

        var sorted = participants.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return JsonSerializer.Serialize(sorted);
    }

    /// <summary>The obligations' ids grouped by market and period, each group's ids in ordinal order as a JSON array of
    /// text: the order of <c>settled_obligation</c>'s primary key.</summary>
    /// <exception cref="ArgumentException">Two obligations of the plan have the same id.</exception>
    internal static ObligationKeyGroup[] ObligationGroupsOf(IReadOnlyList<Obligation> obligations, out int count)
    {
        var keys = new ObligationKey[obligations.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var o = obligations[i];
            keys[i] = new ObligationKey(o.Market.Value, o.Period.Start.UtcTicks, o.Period.Length.Ticks, o.Id.Value);
        }

        Array.Sort(keys);
        var groups = new List<ObligationKeyGroup>();
        var ids = new List<string>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0 && keys[i].CompareTo(keys[i - 1]) == 0)
            {
                throw new ArgumentException($"Obligation {keys[i].Id} appears twice in one plan; an obligation is settled once.", nameof(obligations));
            }

            ids.Add(keys[i].Id);
            if (i == keys.Length - 1 || !keys[i + 1].SamePeriod(keys[i]))
            {
                groups.Add(new ObligationKeyGroup(keys[i].Market, keys[i].Start, keys[i].Length, JsonSerializer.Serialize(ids)));
                ids.Clear();
            }
        }

        count = keys.Length;
        return groups.ToArray();
    }

    /// <summary>The first of <paramref name="obligations"/> that a plan other than the one at <paramref name="position"/> settled.</summary>
    private static string FirstSettledElsewhere(SqliteWriteContext context, IReadOnlyList<Obligation> obligations, long position)
    {
        var probe = context.Statement(
            "SELECT plan_position FROM settled_obligation WHERE market = $market AND period_start_ticks = $start AND period_length_ticks = $length AND obligation_id = $id;",
            "$market", "$start", "$length", "$id");
        foreach (var o in obligations)
        {
            probe.Parameters[0].Value = o.Market.Value;
            probe.Parameters[1].Value = o.Period.Start.UtcTicks;
            probe.Parameters[2].Value = o.Period.Length.Ticks;
            probe.Parameters[3].Value = o.Id.Value;
            if (probe.ExecuteScalar() is long recordedBy && recordedBy != position)
            {
                return o.Id.Value;
            }
        }

        throw new InvalidOperationException("An obligation key was refused, yet no other plan holds any of the plan's obligations.");
    }

    private static List<RecordedPlan> Plans(SqliteConnection connection, string sql, params object[] values)
    {
        using var command = Command(connection, sql, values);
        var plans = new List<RecordedPlan>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            plans.Add(SettlementRecordCodec.DecodePlan((byte[])reader.GetValue(1), reader.GetInt64(0)));
        }

        return plans;
    }

    private static List<T> Contents<T>(SqliteConnection connection, string sql, Func<byte[], T> decode, params object[] values)
    {
        using var command = Command(connection, sql, values);
        var records = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            records.Add(decode((byte[])reader.GetValue(0)));
        }

        return records;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, object[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), values[i]);
        }

        return command;
    }

    /// <summary>A plan with everything it writes already encoded: its bytes, each obligation's, carried amount's and
    /// held trade's, the participants it names, and its batches as the journal records them.</summary>
    private sealed class EncodedPlan
    {
        public EncodedPlan(RecordedPlan plan)
        {
            Plan = plan;
            var p = plan.Plan;
            WindowId = plan.WindowId.Value;
            Market = plan.Market.Value;
            Content = SettlementRecordCodec.EncodePlan(plan);
            ObligationGroups = ObligationGroupsOf(p.Obligations, out var obligationCount);
            ObligationCount = obligationCount;
            ObligationPeriods = p.Obligations.Select(o => (o.Market.Value, o.Period.Start.UtcTicks, o.Period.Length.Ticks)).Distinct().ToArray();
            CarriedForward = p.CarriedForward.Select(SettlementRecordCodec.EncodeCarriedAmount).ToArray();
            HeldTrades = p.HeldTrades.Select(SettlementRecordCodec.EncodeHeldTrade).ToArray();
            Batches = p.Batches.Select(b => new SettlementBatchRecord { Batch = b.Batch, PlannedAt = plan.PlannedAt, Window = plan.WindowId }).ToArray();
            Participants = ParticipantsOf(p);
            Records = 1 + ObligationCount + CarriedForward.Length + HeldTrades.Length + Batches.Sum(b => 1 + b.Batch.Payouts.Count);
        }

        public RecordedPlan Plan { get; }

        public string WindowId { get; }

        public string Market { get; }

        public byte[] Content { get; }

        public ObligationKeyGroup[] ObligationGroups { get; }

        public int ObligationCount { get; }

        public (string Market, long Start, long Length)[] ObligationPeriods { get; }

        public byte[][] CarriedForward { get; }

        public byte[][] HeldTrades { get; }

        public SettlementBatchRecord[] Batches { get; }

        /// <summary>Gets the participants as a JSON array of text.</summary>
        public string Participants { get; }

        public int Records { get; }
    }
}
