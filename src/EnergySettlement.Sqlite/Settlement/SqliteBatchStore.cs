using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite.Schema;
using EnergySettlement.Sqlite.Writing;
using Microsoft.Data.Sqlite;
using static EnergySettlement.Settlement.SettlementJournalRules;

namespace EnergySettlement.Sqlite.Settlement;

/// <summary>
/// Planned batches and their transitions (tables <c>settlement_batch</c>, <c>batch_payout</c> and
/// <c>batch_transition</c>; keys the batch id and (batch, sequence)): the batches half of the
/// <see cref="ISettlementJournal"/> behind <see cref="SqliteJournal"/>. Each batch row also keeps its state after the
/// last transition, so finding the open batches is one indexed query.
/// </summary>
internal sealed class SqliteBatchStore(SqliteDatabase database)
{
    private const string BatchColumns = "b.position, b.batch_id, b.payer, b.asset_id, b.asset_decimals, b.asset_symbol, b.planned_at_ticks, b.planned_at_offset, b.window_id";

    private const string TransitionColumns = """
        t.position, b.batch_id, t.sequence, t.kind, t.state, t.at_ticks, t.at_offset, t.attempt, t.transaction_id, t.role,
        t.accelerates, t.chain_state, t.confirmations, t.block_hash, t.block_number, t.replaced_by, t.detail, t.tx_batch_id,
        t.tx_chain_id, t.tx_payer, t.tx_id, t.tx_raw, t.tx_max_fee_amount, t.tx_max_fee_asset_id, t.tx_max_fee_asset_decimals,
        t.tx_max_fee_asset_symbol, t.tx_sequence, t.batch_position
        """;

    private const string InsertBatchSql = """
        INSERT INTO settlement_batch (position, batch_id, payer, asset_id, asset_decimals, asset_symbol, planned_at_ticks, planned_at_offset, window_id, state, last_changed_ticks, transition_count)
        VALUES ($position, $id, $payer, $asset, $decimals, $symbol, $plannedAt, $plannedOffset, $window, 'Planned', $plannedAt, 0);
        """;

    private const string InsertPayoutSql = "INSERT INTO batch_payout (batch_position, ordinal, payee, amount, reference) VALUES ($batch, $ordinal, $payee, $amount, $reference);";

    private const string InsertTransitionSql = """
        INSERT INTO batch_transition (position, batch_position, sequence, kind, state, at_ticks, at_offset, attempt, transaction_id, role,
            accelerates, chain_state, confirmations, block_hash, block_number, replaced_by, detail, tx_batch_id, tx_chain_id, tx_payer,
            tx_id, tx_raw, tx_max_fee_amount, tx_max_fee_asset_id, tx_max_fee_asset_decimals, tx_max_fee_asset_symbol, tx_sequence)
        VALUES ($position, $batch, $sequence, $kind, $state, $at, $atOffset, $attempt, $transactionId, $role, $accelerates, $chainState,
            $confirmations, $blockHash, $blockNumber, $replacedBy, $detail, $txBatch, $txChain, $txPayer, $txId, $txRaw, $txFee,
            $txFeeAsset, $txFeeDecimals, $txFeeSymbol, $txSequence);
        """;

    private static readonly string[] TransitionParameters =
    [
        "$position", "$batch", "$sequence", "$kind", "$state", "$at", "$atOffset", "$attempt", "$transactionId", "$role", "$accelerates",
        "$chainState", "$confirmations", "$blockHash", "$blockNumber", "$replacedBy", "$detail", "$txBatch", "$txChain", "$txPayer", "$txId",
        "$txRaw", "$txFee", "$txFeeAsset", "$txFeeDecimals", "$txFeeSymbol", "$txSequence",
    ];

    public Task<int> AppendBatchesAsync(IReadOnlyList<SettlementBatchRecord> batches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var ids = new HashSet<SettlementBatchId>();
        foreach (var batch in batches)
        {
            ArgumentNullException.ThrowIfNull(batch, nameof(batches));
            ArgumentNullException.ThrowIfNull(batch.Batch, nameof(batches));
            if (!ids.Add(batch.Id))
            {
                throw new ArgumentException($"Batch {batch.Id} appears twice in one write.", nameof(batches));
            }
        }

        var copy = batches.ToArray();
        return copy.Length == 0
            ? Task.FromResult(0)
            : database.WriteAsync(context => AppendBatches(context, copy), copy.Sum(b => 1 + b.Batch.Payouts.Count), cancellationToken);
    }

    public Task<JournalWriteOutcome> AppendTransitionAsync(BatchTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return database.WriteAsync(context => AppendTransition(context, transition), records: 1, cancellationToken);
    }

    public Task<BatchHistory?> GetAsync(SettlementBatchId batchId, CancellationToken cancellationToken) =>
        database.ReadAsync(
            (connection, transaction) => LoadHistories(connection, transaction, "b.batch_id = $id", ("$id", batchId.Value)).FirstOrDefault(),
            snapshot: true,
            cancellationToken);

    public Task<IReadOnlyList<BatchHistory>> GetOpenAsync(DateTimeOffset finalizedSince, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<BatchHistory>>(
            (connection, transaction) => LoadHistories(connection, transaction, "(b.state <> 'Final' OR b.last_changed_ticks >= $since)", ("$since", finalizedSince.UtcTicks)),
            snapshot: true,
            cancellationToken);

    public Task<IReadOnlyList<BatchTransition>> GetTransitionsAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return database.ReadAsync<IReadOnlyList<BatchTransition>>(
            (connection, _) =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT " + TransitionColumns + " FROM batch_transition t JOIN settlement_batch b ON b.position = t.batch_position WHERE t.position > $after ORDER BY t.position LIMIT $limit;";
                command.Parameters.AddWithValue("$after", afterPosition);
                command.Parameters.AddWithValue("$limit", maxCount);
                return ReadTransitions(command).Select(t => t.Transition).ToList();
            },
            snapshot: false,
            cancellationToken);
    }

    private static int AppendBatches(SqliteWriteContext context, SettlementBatchRecord[] batches)
    {
        var fresh = new List<SettlementBatchRecord>(batches.Length);
        foreach (var batch in batches)
        {
            if (LoadRecord(context, batch.Id) is { } recorded)
            {
                AlreadyExistsOrConflict(recorded.Record, batch, "settlement batch", batch.Id.Value);
            }
            else
            {
                fresh.Add(batch);
            }
        }

        if (fresh.Count == 0)
        {
            return 0;
        }

        Insert(context, fresh, JournalPositions.Take(context, fresh.Count));
        return fresh.Count;
    }

    /// <summary>Inserts new batches (and their payouts) at consecutive positions from <paramref name="position"/>, as planned.</summary>
    internal static void Insert(SqliteWriteContext context, IReadOnlyList<SettlementBatchRecord> records, long position)
    {
        var insertBatch = context.Statement(InsertBatchSql, "$position", "$id", "$payer", "$asset", "$decimals", "$symbol", "$plannedAt", "$plannedOffset", "$window");
        var insertPayout = context.Statement(InsertPayoutSql, "$batch", "$ordinal", "$payee", "$amount", "$reference");
        foreach (var record in records)
        {
            var batch = record.Batch;
            var b = insertBatch.Parameters;
            b[0].Value = position;
            b[1].Value = batch.Id.Value;
            b[2].Value = batch.Payer.ToString();
            b[3].Value = batch.Asset.Id.ToString();
            b[4].Value = (long)batch.Asset.Decimals;
            b[5].Value = batch.Asset.Symbol;
            b[6].Value = StoredValues.Ticks(record.PlannedAt);
            b[7].Value = StoredValues.OffsetMinutes(record.PlannedAt);
            b[8].Value = StoredValues.OrNull(record.Window?.Value);
            insertBatch.ExecuteNonQuery();
            var p = insertPayout.Parameters;
            for (var i = 0; i < batch.Payouts.Count; i++)
            {
                var payout = batch.Payouts[i];
                p[0].Value = position;
                p[1].Value = (long)i;
                p[2].Value = payout.Payee.ToString();
                p[3].Value = StoredValues.Amount(payout.Amount.Amount);
                p[4].Value = StoredValues.OrNull(payout.Reference);
                insertPayout.ExecuteNonQuery();
            }

            position++;
        }
    }

    /// <summary>Whether a batch id is recorded.</summary>
    internal static bool Exists(SqliteWriteContext context, SettlementBatchId id)
    {
        var command = context.Statement("SELECT 1 FROM settlement_batch WHERE batch_id = $id;", "$id");
        command.Parameters[0].Value = id.Value;
        return command.ExecuteScalar() is not null;
    }

    private static JournalWriteOutcome AppendTransition(SqliteWriteContext context, BatchTransition transition)
    {
        var recorded = LoadRecord(context, transition.BatchId)
            ?? throw new InvalidOperationException($"Batch {transition.BatchId} is not recorded; record the batch before its transitions.");
        var transitions = LoadTransitions(context, recorded.Position);
        if (transition.Sequence >= 1 && transition.Sequence <= transitions.Count)
        {
            return AlreadyExistsOrConflict(transitions[transition.Sequence - 1], transition, "batch transition", TransitionKey(transition));
        }

        if (transition.Sequence != transitions.Count + 1)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Transition {transition.Sequence} of batch {transition.BatchId} would leave a gap: {transitions.Count} transition(s) are recorded, so the next is {transitions.Count + 1}."),
                nameof(transition));
        }

        // The history checks what a transition may say (a transaction the batch recorded, a role where one is needed):
        // building it with the new transition refuses a bad one before anything is written.
        var history = new BatchHistory(recorded.Record, [.. transitions, transition]);

        var insert = context.Statement(InsertTransitionSql, TransitionParameters);
        var p = insert.Parameters;
        var tx = transition.Transaction;
        p[0].Value = JournalPositions.Take(context, 1);
        p[1].Value = recorded.Position;
        p[2].Value = (long)transition.Sequence;
        p[3].Value = transition.Kind.ToString();
        p[4].Value = transition.State.ToString();
        p[5].Value = StoredValues.Ticks(transition.At);
        p[6].Value = StoredValues.OffsetMinutes(transition.At);
        p[7].Value = (long)transition.Attempt;
        p[8].Value = StoredValues.OrNull(transition.TransactionId?.Value);
        p[9].Value = StoredValues.OrNull(transition.Role?.ToString());
        p[10].Value = StoredValues.OrNull(transition.Accelerates?.Value);
        p[11].Value = StoredValues.OrNull(transition.ChainState?.ToString());
        p[12].Value = (long)transition.Confirmations;
        p[13].Value = StoredValues.OrNull(transition.BlockHash);
        p[14].Value = StoredValues.Unsigned(transition.BlockNumber, "BlockNumber");
        p[15].Value = StoredValues.OrNull(transition.ReplacedBy?.Value);
        p[16].Value = StoredValues.OrNull(transition.Detail);
        p[17].Value = StoredValues.OrNull(tx?.BatchId.Value);
        p[18].Value = StoredValues.OrNull(tx?.ChainId.ToString());
        p[19].Value = StoredValues.OrNull(tx?.Payer.ToString());
        p[20].Value = StoredValues.OrNull(tx?.TransactionId.Value);
        p[21].Value = StoredValues.OrNull(tx?.RawTransaction.ToArray());
        p[22].Value = StoredValues.OrNull(tx is null ? null : StoredValues.Amount(tx.MaxFee.Amount));
        p[23].Value = StoredValues.OrNull(tx?.MaxFee.Asset.Id.ToString());
        p[24].Value = StoredValues.OrNull(tx is null ? null : (long?)tx.MaxFee.Asset.Decimals);
        p[25].Value = StoredValues.OrNull(tx?.MaxFee.Asset.Symbol);
        p[26].Value = StoredValues.Unsigned(tx?.Sequence, "Sequence");
        insert.ExecuteNonQuery();

        var update = context.Statement(
            "UPDATE settlement_batch SET state = $state, last_changed_ticks = $lastChanged, transition_count = $count WHERE position = $batch;",
            "$state", "$lastChanged", "$count", "$batch");
        update.Parameters[0].Value = history.State.ToString();
        update.Parameters[1].Value = history.LastChangedAt.UtcTicks;
        update.Parameters[2].Value = (long)history.Transitions.Count;
        update.Parameters[3].Value = recorded.Position;
        update.ExecuteNonQuery();
        return JournalWriteOutcome.Added;
    }

    private static RecordedBatch? LoadRecord(SqliteWriteContext context, SettlementBatchId id)
    {
        var header = context.Statement("SELECT " + BatchColumns + " FROM settlement_batch b WHERE b.batch_id = $id;", "$id");
        header.Parameters[0].Value = id.Value;
        var headers = ReadHeaders(header);
        if (headers.Count == 0)
        {
            return null;
        }

        var payouts = context.Statement("SELECT batch_position, payee, amount, reference FROM batch_payout WHERE batch_position = $batch ORDER BY ordinal;", "$batch");
        payouts.Parameters[0].Value = headers[0].Position;
        var record = Assemble(headers[0], ReadPayouts(payouts)[headers[0].Position]);
        return new RecordedBatch(headers[0].Position, record);
    }

    private static List<BatchTransition> LoadTransitions(SqliteWriteContext context, long batchPosition)
    {
        var command = context.Statement("SELECT " + TransitionColumns + " FROM batch_transition t JOIN settlement_batch b ON b.position = t.batch_position WHERE t.batch_position = $batch ORDER BY t.sequence;", "$batch");
        command.Parameters[0].Value = batchPosition;
        return ReadTransitions(command).Select(t => t.Transition).ToList();
    }

    /// <summary>Loads the histories of the batches matching <paramref name="where"/>, in position order, with three queries.</summary>
    private static List<BatchHistory> LoadHistories(SqliteConnection connection, SqliteTransaction? transaction, string where, (string Name, object Value) parameter)
    {
        SqliteCommand Command(string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue(parameter.Name, parameter.Value);
            return command;
        }

        using var headerCommand = Command("SELECT " + BatchColumns + " FROM settlement_batch b WHERE " + where + " ORDER BY b.position;");
        var headers = ReadHeaders(headerCommand);
        if (headers.Count == 0)
        {
            return [];
        }

        using var payoutCommand = Command("SELECT p.batch_position, p.payee, p.amount, p.reference FROM batch_payout p JOIN settlement_batch b ON b.position = p.batch_position WHERE " + where + " ORDER BY p.batch_position, p.ordinal;");
        var payouts = ReadPayouts(payoutCommand);
        using var transitionCommand = Command("SELECT " + TransitionColumns + " FROM batch_transition t JOIN settlement_batch b ON b.position = t.batch_position WHERE " + where + " ORDER BY t.batch_position, t.sequence;");
        var transitions = ReadTransitions(transitionCommand).ToLookup(t => t.BatchPosition, t => t.Transition);
        return headers.Select(h => new BatchHistory(Assemble(h, payouts[h.Position]), transitions[h.Position].ToArray())).ToList();
    }

    private static List<BatchHeader> ReadHeaders(SqliteCommand command)
    {
        var headers = new List<BatchHeader>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            headers.Add(new BatchHeader(
                r.GetInt64(0),
                new SettlementBatchId(r.GetString(1)),
                SettlementAccount.Parse(r.GetString(2)),
                StoredValues.Asset(r.GetString(3), r.GetInt64(4), r.GetString(5)),
                StoredValues.Instant(r.GetInt64(6), r.GetInt64(7)),
                r.IsDBNull(8) ? null : new SettlementWindowId(r.GetString(8))));
        }

        return headers;
    }

    /// <summary>Reads (batch position, payee, amount, reference) rows; amounts get their batch's asset when assembled.</summary>
    private static Dictionary<long, List<(SettlementAccount Payee, Int128 Amount, string? Reference)>> ReadPayouts(SqliteCommand command)
    {
        var payouts = new Dictionary<long, List<(SettlementAccount, Int128, string?)>>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            var batch = r.GetInt64(0);
            if (!payouts.TryGetValue(batch, out var list))
            {
                list = [];
                payouts.Add(batch, list);
            }

            list.Add((SettlementAccount.Parse(r.GetString(1)), StoredValues.Amount(r.GetString(2)), r.IsDBNull(3) ? null : r.GetString(3)));
        }

        return payouts;
    }

    private static SettlementBatchRecord Assemble(BatchHeader header, List<(SettlementAccount Payee, Int128 Amount, string? Reference)> payouts) => new()
    {
        Batch = new SettlementBatch(header.Id, header.Payer, header.Asset, payouts.Select(p => new Payout(p.Payee, new Money(p.Amount, header.Asset), p.Reference))),
        PlannedAt = header.PlannedAt,
        Window = header.Window,
        Position = header.Position,
    };

    /// <summary>Reads transitions from the columns of <see cref="TransitionColumns"/>, in order, with their batch's position.</summary>
    private static List<(long BatchPosition, BatchTransition Transition)> ReadTransitions(SqliteCommand command)
    {
        var transitions = new List<(long, BatchTransition)>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            PreparedTransaction? tx = r.IsDBNull(20) ? null : new PreparedTransaction
            {
                BatchId = new SettlementBatchId(r.GetString(17)),
                ChainId = ChainId.Parse(r.GetString(18)),
                Payer = SettlementAccount.Parse(r.GetString(19)),
                TransactionId = new ChainTransactionId(r.GetString(20)),
                RawTransaction = (byte[])r.GetValue(21),
                MaxFee = new Money(StoredValues.Amount(r.GetString(22)), StoredValues.Asset(r.GetString(23), r.GetInt64(24), r.GetString(25))),
                Sequence = r.IsDBNull(26) ? null : (ulong)r.GetInt64(26),
            };
            transitions.Add((r.GetInt64(27), new BatchTransition
            {
                Position = r.GetInt64(0),
                BatchId = new SettlementBatchId(r.GetString(1)),
                Sequence = r.GetInt32(2),
                Kind = Enum.Parse<BatchTransitionKind>(r.GetString(3)),
                State = Enum.Parse<BatchState>(r.GetString(4)),
                At = StoredValues.Instant(r.GetInt64(5), r.GetInt64(6)),
                Attempt = r.GetInt32(7),
                TransactionId = r.IsDBNull(8) ? null : new ChainTransactionId(r.GetString(8)),
                Role = r.IsDBNull(9) ? null : Enum.Parse<TransactionRole>(r.GetString(9)),
                Accelerates = r.IsDBNull(10) ? null : new ChainTransactionId(r.GetString(10)),
                ChainState = r.IsDBNull(11) ? null : Enum.Parse<SettlementState>(r.GetString(11)),
                Confirmations = r.GetInt32(12),
                BlockHash = r.IsDBNull(13) ? null : r.GetString(13),
                BlockNumber = r.IsDBNull(14) ? null : (ulong)r.GetInt64(14),
                ReplacedBy = r.IsDBNull(15) ? null : new ChainTransactionId(r.GetString(15)),
                Detail = r.IsDBNull(16) ? null : r.GetString(16),
                Transaction = tx,
            }));
        }

        return transitions;
    }

    private sealed record BatchHeader(long Position, SettlementBatchId Id, SettlementAccount Payer, Asset Asset, DateTimeOffset PlannedAt, SettlementWindowId? Window);

    private sealed record RecordedBatch(long Position, SettlementBatchRecord Record);
}
