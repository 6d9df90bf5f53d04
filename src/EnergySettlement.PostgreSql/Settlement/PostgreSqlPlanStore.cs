using EnergySettlement.PostgreSql.Schema;
using EnergySettlement.PostgreSql.Writing;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;
using Npgsql;
using NpgsqlTypes;

namespace EnergySettlement.PostgreSql.Settlement;

/// <summary>
/// Each settlement window's plan and what it decided (tables <c>settlement_plan</c>, <c>plan_period</c>,
/// <c>plan_participants</c>, <c>obligation</c>, <c>carried_amount</c>, <c>held_trade</c>; keys the window id, obligation id
/// and carried-amount id): the plan half of the <see cref="ISettlementJournal"/> behind <see cref="PostgreSqlJournal"/>.
/// A plan is one transaction: its checks are a handful of array queries; plans, carried amounts and held trades are kept
/// as <see cref="SettlementRecordCodec"/> bytes beside the columns that find them; a plan's obligations live in its
/// content, with one narrow row per obligation id (for the key) streamed with binary <c>COPY</c>.
/// </summary>
internal sealed class PostgreSqlPlanStore(PostgreSqlDatabase database)
{
    /// <summary>The savepoint a plan's write takes before its first row, to take them back when an obligation is refused.</summary>
    private const string Savepoint = "plan_write";

    private readonly string _s = database.Quoted;

    public Task<JournalWriteOutcome> AppendAsync(RecordedPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(plan.Plan, nameof(plan));

        // Encoding is the expensive part and needs no database: do it on the caller's thread, not the writer's.
        var encoded = new EncodedPlan(plan);
        return database.WriteAsync(context => AppendAsync(context, encoded), encoded.Records, cancellationToken);
    }

    public Task<RecordedPlan?> GetAsync(SettlementWindowId window, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async (connection, _) => (await PlansAsync(connection, $"SELECT position, content FROM {_s}.settlement_plan WHERE window_id = $1;", cancellationToken, window.Value).ConfigureAwait(false)).FirstOrDefault(),
            snapshot: false,
            cancellationToken);

    public Task<RecordedPlan?> GetLatestAsync(MarketId market, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async (connection, _) => (await PlansAsync(connection, $"SELECT position, content FROM {_s}.settlement_plan WHERE market = $1 ORDER BY position DESC LIMIT 1;", cancellationToken, market.Value).ConfigureAwait(false)).FirstOrDefault(),
            snapshot: false,
            cancellationToken);

    public Task<IReadOnlyList<RecordedPlan>> GetCoveringAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<RecordedPlan>>(
            async (connection, _) => await PlansAsync(
                connection,
                $"""
                SELECT p.position, p.content FROM {_s}.plan_period c JOIN {_s}.settlement_plan p ON p.position = c.plan_position
                WHERE c.market = $1 AND c.period_start_ticks = $2 AND c.period_length_ticks = $3 ORDER BY p.position;
                """,
                cancellationToken,
                market.Value,
                period.Start.UtcTicks,
                period.Length.Ticks).ConfigureAwait(false),
            snapshot: false,
            cancellationToken);

    public Task<IReadOnlyList<RecordedPlan>> GetForParticipantAsync(ParticipantId participant, DateTimeOffset startsFrom, DateTimeOffset startsBefore, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<RecordedPlan>>(
            async (connection, _) => await PlansAsync(
                connection,
                $"""
                SELECT p.position, p.content FROM {_s}.plan_participants w JOIN {_s}.settlement_plan p ON p.position = w.plan_position
                WHERE w.participants @> ARRAY[$1::text] AND p.window_start_ticks >= $2 AND p.window_start_ticks < $3 ORDER BY p.position;
                """,
                cancellationToken,
                participant.Value,
                startsFrom.UtcTicks,
                startsBefore.UtcTicks).ConfigureAwait(false),
            snapshot: false,
            cancellationToken);

    public Task<IReadOnlyList<Obligation>> GetObligationsAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Obligation>>(
            async (connection, _) =>
            {
                // The obligations are in their plans' content: read the plans that hold obligations of the period.
                var plans = await PlansAsync(
                    connection,
                    $"""
                    SELECT p.position, p.content FROM {_s}.obligation_period o JOIN {_s}.settlement_plan p ON p.position = o.plan_position
                    WHERE o.market = $1 AND o.period_start_ticks = $2 AND o.period_length_ticks = $3 ORDER BY p.position;
                    """,
                    cancellationToken,
                    market.Value,
                    period.Start.UtcTicks,
                    period.Length.Ticks).ConfigureAwait(false);
                return (IReadOnlyList<Obligation>)plans.SelectMany(p => p.Plan.Obligations).Where(o => o.Market == market && o.Period == period).ToList();
            },
            snapshot: false,
            cancellationToken);

    public Task<IReadOnlyList<CarriedAmount>> GetOpenCarriedAsync(MarketId market, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<CarriedAmount>>(
            async (connection, _) => await ContentsAsync(
                connection,
                $"SELECT content FROM {_s}.carried_amount WHERE market = $1 AND consumed_by IS NULL ORDER BY plan_position, ordinal;",
                static bytes => SettlementRecordCodec.DecodeCarriedAmount(bytes),
                cancellationToken,
                market.Value).ConfigureAwait(false),
            snapshot: false,
            cancellationToken);

    public Task<IReadOnlyList<HeldTrade>> GetHeldAsync(MarketId market, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<HeldTrade>>(
            async (connection, _) =>
            {
                // For each period, the held trades of the last plan (highest position) that settled it.
                var held = await ContentsAsync(
                    connection,
                    $"""
                    SELECT h.content FROM {_s}.held_trade h
                    JOIN (SELECT period_start_ticks, period_length_ticks, max(plan_position) AS last_plan
                          FROM {_s}.plan_period WHERE market = $1 GROUP BY period_start_ticks, period_length_ticks) l
                      ON h.plan_position = l.last_plan AND h.period_start_ticks = l.period_start_ticks AND h.period_length_ticks = l.period_length_ticks
                    WHERE h.market = $1;
                    """,
                    static bytes => SettlementRecordCodec.DecodeHeldTrade(bytes),
                    cancellationToken,
                    market.Value).ConfigureAwait(false);
                held.Sort(static (a, b) => a.Period.CompareTo(b.Period) is var byPeriod and not 0 ? byPeriod : string.CompareOrdinal(a.Trade.Id.Value, b.Trade.Id.Value));
                return held;
            },
            snapshot: false,
            cancellationToken);

    private static async Task<List<RecordedPlan>> PlansAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = Command(connection, sql, values);
        var plans = new List<RecordedPlan>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            plans.Add(SettlementRecordCodec.DecodePlan(reader.GetFieldValue<byte[]>(1), reader.GetInt64(0)));
        }

        return plans;
    }

    private static async Task<List<T>> ContentsAsync<T>(NpgsqlConnection connection, string sql, Func<byte[], T> decode, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = Command(connection, sql, values);
        var records = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(decode(reader.GetFieldValue<byte[]>(0)));
        }

        return records;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private async Task<JournalWriteOutcome> AppendAsync(PostgreSqlWriteContext context, EncodedPlan plan)
    {
        var p = plan.Plan.Plan;
        if (await context.ScalarAsync($"SELECT content FROM {_s}.settlement_plan WHERE window_id = $1;", plan.WindowId).ConfigureAwait(false) is byte[] recorded)
        {
            return recorded.AsSpan().SequenceEqual(plan.Content)
                ? JournalWriteOutcome.AlreadyExists
                : throw new IdempotencyConflictException("settlement plan", plan.WindowId,
                    $"The settlement plan {plan.WindowId} is already recorded with other content; the same key must always name the same record.");
        }

        // Check everything first, each kind with one query: a refusal anywhere writes nothing.
        if (await PostgreSqlBatchStore.FindAnyAsync(context, _s, p.Batches.Select(b => b.Id.Value).ToArray()).ConfigureAwait(false) is { } batch)
        {
            throw new IdempotencyConflictException("settlement batch", batch, $"Batch {batch} of window {plan.WindowId} is already recorded; a batch id names one batch of one window.");
        }

        // The obligations are not looked up here: that query cost as much as writing them. Their primary key refuses one
        // an earlier window settled; the write then rolls back to this savepoint and names it (see WriteObligationsAsync).
        if (await context.ScalarAsync($"SELECT carried_id FROM {_s}.carried_amount WHERE carried_id = ANY($1) LIMIT 1;", (object)p.CarriedForward.Select(c => c.Id.Value).ToArray()).ConfigureAwait(false) is string carried)
        {
            throw new IdempotencyConflictException("carried amount", carried, $"Carried amount {carried} of window {plan.WindowId} is already recorded.");
        }

        if (p.ConsumedCarriedAmounts.Count > 0)
        {
            var consumed = p.ConsumedCarriedAmounts.Select(c => c.Value).ToArray();

            // FOR UPDATE: a second host consuming the same amount waits here, then sees it consumed.
            var found = new Dictionary<string, (string Market, string? ConsumedBy)>(StringComparer.Ordinal);
            await using (var reader = await context.QueryAsync($"SELECT carried_id, market, consumed_by FROM {_s}.carried_amount WHERE carried_id = ANY($1) FOR UPDATE;", (object)consumed).ConfigureAwait(false))
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    found[reader.GetString(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
                }
            }

            foreach (var id in consumed)
            {
                if (!found.TryGetValue(id, out var held) || held.Market != plan.Market)
                {
                    throw new ArgumentException($"Window {plan.WindowId} consumes carried amount {id}, which the journal does not hold for market {plan.Market}.", nameof(plan));
                }

                if (held.ConsumedBy is { } by)
                {
                    throw new IdempotencyConflictException("carried amount", id, $"Carried amount {id} was already consumed by window {by}; window {plan.WindowId} cannot consume it again.");
                }
            }
        }

        await context.Transaction.SaveAsync(Savepoint).ConfigureAwait(false);

        // The plan takes a position, then its batches, as the in-memory journal numbers them.
        var position = await JournalPositions.TakeAsync(context, _s, 1 + p.Batches.Count).ConfigureAwait(false);
        await context.ExecuteAsync(
            $"INSERT INTO {_s}.settlement_plan (position, window_id, market, window_start_ticks, planned_at_ticks, planned_at_offset, content) VALUES ($1, $2, $3, $4, $5, $6, $7);",
            position, plan.WindowId, plan.Market, p.Window.Start.UtcTicks, StoredValues.Ticks(plan.Plan.PlannedAt), StoredValues.OffsetMinutes(plan.Plan.PlannedAt), plan.Content).ConfigureAwait(false);
        var periods = plan.Plan.Periods.Distinct().ToArray();
        await context.ExecuteAsync(
            $"INSERT INTO {_s}.plan_period (market, period_start_ticks, period_length_ticks, plan_position) SELECT $1, s, l, $4 FROM unnest($2::bigint[], $3::bigint[]) AS x(s, l);",
            plan.Market, periods.Select(d => d.Start.UtcTicks).ToArray(), periods.Select(d => d.Length.Ticks).ToArray(), position).ConfigureAwait(false);
        await context.ExecuteAsync(
            $"INSERT INTO {_s}.plan_participants (plan_position, participants) VALUES ($1, $2);",
            position, plan.Participants).ConfigureAwait(false);

        if (plan.ObligationIds.Length > 0)
        {
            await WriteObligationsAsync(context, plan, position).ConfigureAwait(false);

            await context.ExecuteAsync(
                $"INSERT INTO {_s}.obligation_period (market, period_start_ticks, period_length_ticks, plan_position) SELECT m, s, l, $4 FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS x(m, s, l);",
                plan.ObligationPeriods.Select(o => o.Market).ToArray(), plan.ObligationPeriods.Select(o => o.Start).ToArray(), plan.ObligationPeriods.Select(o => o.Length).ToArray(), position).ConfigureAwait(false);
        }

        if (p.ConsumedCarriedAmounts.Count > 0)
        {
            await context.ExecuteAsync($"UPDATE {_s}.carried_amount SET consumed_by = $1 WHERE carried_id = ANY($2);", plan.WindowId, p.ConsumedCarriedAmounts.Select(c => c.Value).ToArray()).ConfigureAwait(false);
        }

        if (p.CarriedForward.Count > 0)
        {
            await context.ExecuteAsync(
                $"INSERT INTO {_s}.carried_amount (carried_id, plan_position, ordinal, market, consumed_by, content) SELECT c, $2, o - 1, $3, b, d FROM unnest($1::text[], $4::text[], $5::bytea[]) WITH ORDINALITY AS x(c, b, d, o);",
                p.CarriedForward.Select(c => c.Id.Value).ToArray(), position, plan.Market, p.CarriedForward.Select(c => c.ConsumedBy?.Value).ToArray(), plan.CarriedForward).ConfigureAwait(false);
        }

        if (p.HeldTrades.Count > 0)
        {
            await context.ExecuteAsync(
                $"""
                INSERT INTO {_s}.held_trade (plan_position, trade_id, market, period_start_ticks, period_length_ticks, content)
                SELECT $1, t, $3, s, l, d FROM unnest($2::text[], $4::bigint[], $5::bigint[], $6::bytea[]) AS x(t, s, l, d) ON CONFLICT DO NOTHING;
                """,
                position, p.HeldTrades.Select(h => h.Trade.Id.Value).ToArray(), plan.Market, p.HeldTrades.Select(h => h.Period.Start.UtcTicks).ToArray(),
                p.HeldTrades.Select(h => h.Period.Length.Ticks).ToArray(), plan.HeldTrades).ConfigureAwait(false);
        }

        await PostgreSqlBatchStore.InsertAsync(context, _s, plan.Batches, position + 1).ConfigureAwait(false);
        await context.Transaction.ReleaseAsync(Savepoint).ConfigureAwait(false);
        return JournalWriteOutcome.Added;
    }

    /// <summary>Streams one narrow row per obligation id with binary <c>COPY</c>: the primary key refuses an obligation
    /// another window settled. Then the plan's rows are rolled back to the savepoint taken before its first write, so the
    /// refusal writes nothing and the group goes on, and the conflict names the obligation.</summary>
    private async Task WriteObligationsAsync(PostgreSqlWriteContext context, EncodedPlan plan, long position)
    {
        try
        {
            await using var importer = await context.BeginCopyAsync($"COPY {_s}.obligation (obligation_id, plan_position) FROM STDIN (FORMAT BINARY);").ConfigureAwait(false);
            foreach (var id in plan.ObligationIds)
            {
                await importer.StartRowAsync().ConfigureAwait(false);
                await importer.WriteAsync(id, NpgsqlDbType.Text).ConfigureAwait(false);
                await importer.WriteAsync(position, NpgsqlDbType.Bigint).ConfigureAwait(false);
            }

            await importer.CompleteAsync().ConfigureAwait(false);
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UniqueViolation && error.TableName == "obligation")
        {
            await context.Transaction.RollbackAsync(Savepoint).ConfigureAwait(false);
            context.HasWritten = false;

            // The key refused a committed row (a racing insert is waited for, and refuses only if it committed).
            if (await context.ScalarAsync($"SELECT obligation_id FROM {_s}.obligation WHERE obligation_id = ANY($1) LIMIT 1;", (object)plan.ObligationIds).ConfigureAwait(false) is string obligation)
            {
                throw new IdempotencyConflictException("obligation", obligation, $"Obligation {obligation} of window {plan.WindowId} is already recorded by an earlier window; an obligation is settled once.");
            }

            throw;
        }
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
            ObligationIds = p.Obligations.Select(o => o.Id.Value).ToArray();
            ObligationPeriods = p.Obligations.Select(o => (o.Market.Value, o.Period.Start.UtcTicks, o.Period.Length.Ticks)).Distinct().ToArray();
            CarriedForward = p.CarriedForward.Select(SettlementRecordCodec.EncodeCarriedAmount).ToArray();
            HeldTrades = p.HeldTrades.Select(SettlementRecordCodec.EncodeHeldTrade).ToArray();
            Batches = p.Batches.Select(b => new SettlementBatchRecord { Batch = b.Batch, PlannedAt = plan.PlannedAt, Window = plan.WindowId }).ToArray();
            Participants = p.Obligations.SelectMany(o => new[] { o.Payer, o.Payee })
                .Concat(p.Legs.SelectMany(l => new[] { l.Payer, l.Payee }))
                .Concat(p.CarriedForward.SelectMany(c => new[] { c.Payer, c.Payee }))
                .Select(id => id.Value)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            Records = 1 + ObligationIds.Length + CarriedForward.Length + HeldTrades.Length + Batches.Sum(b => 1 + b.Batch.Payouts.Count);
        }

        public RecordedPlan Plan { get; }

        public string WindowId { get; }

        public string Market { get; }

        public byte[] Content { get; }

        public string[] ObligationIds { get; }

        public (string Market, long Start, long Length)[] ObligationPeriods { get; }

        public byte[][] CarriedForward { get; }

        public byte[][] HeldTrades { get; }

        public SettlementBatchRecord[] Batches { get; }

        public string[] Participants { get; }

        public int Records { get; }
    }
}
