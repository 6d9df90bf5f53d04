using System.Globalization;
using System.Numerics;
using EnergySettlement.Chains;
using EnergySettlement.PostgreSql.Schema;
using EnergySettlement.PostgreSql.Writing;
using EnergySettlement.Settlement;
using Npgsql;
using NpgsqlTypes;
using static EnergySettlement.Settlement.SettlementJournalRules;

namespace EnergySettlement.PostgreSql.Settlement;

/// <summary>
/// Planned batches and their transitions (tables <c>settlement_batch</c>, <c>batch_payout</c> and
/// <c>batch_transition</c>; keys the batch id and (batch, sequence)): the batches half of the
/// <see cref="ISettlementJournal"/> behind <see cref="PostgreSqlJournal"/>. Each batch row also keeps its state after the
/// last transition, so finding the open batches is one indexed query; a write of many batches streams them and their
/// payouts with binary <c>COPY</c>.
/// </summary>
internal sealed class PostgreSqlBatchStore(PostgreSqlDatabase database)
{
    private const string BatchColumns = "b.position, b.batch_id, b.payer, b.asset_id, b.asset_decimals, b.asset_symbol, b.planned_at_ticks, b.planned_at_offset, b.window_id";

    private const string TransitionColumns = """
        t.position, b.batch_id, t.sequence, t.kind, t.state, t.at_ticks, t.at_offset, t.attempt, t.transaction_id, t.role,
        t.accelerates, t.chain_state, t.confirmations, t.block_hash, t.block_number, t.replaced_by, t.detail, t.tx_batch_id,
        t.tx_chain_id, t.tx_payer, t.tx_id, t.tx_raw, t.tx_max_fee_amount, t.tx_max_fee_asset_id, t.tx_max_fee_asset_decimals,
        t.tx_max_fee_asset_symbol, t.tx_sequence, t.batch_position
        """;

    private readonly string _s = database.Quoted;

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
            : database.WriteAsync(context => AppendBatchesAsync(context, copy), copy.Sum(b => 1 + b.Batch.Payouts.Count), cancellationToken);
    }

    public Task<JournalWriteOutcome> AppendTransitionAsync(BatchTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return database.WriteAsync(context => AppendTransitionAsync(context, transition), records: 1, cancellationToken);
    }

    public Task<BatchHistory?> GetAsync(SettlementBatchId batchId, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async (connection, transaction) => (await LoadHistoriesAsync(connection, transaction, "b.batch_id = $1", batchId.Value, cancellationToken).ConfigureAwait(false)).FirstOrDefault(),
            snapshot: true,
            cancellationToken);

    public Task<IReadOnlyList<BatchHistory>> GetOpenAsync(DateTimeOffset finalizedSince, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<BatchHistory>>(
            async (connection, transaction) => await LoadHistoriesAsync(connection, transaction, "(b.state <> 'Final' OR b.last_changed_ticks >= $1)", finalizedSince.UtcTicks, cancellationToken).ConfigureAwait(false),
            snapshot: true,
            cancellationToken);

    public Task<IReadOnlyList<BatchTransition>> GetTransitionsAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return database.ReadAsync<IReadOnlyList<BatchTransition>>(
            async (connection, _) =>
            {
                await using var command = new NpgsqlCommand($"SELECT {TransitionColumns} FROM {_s}.batch_transition t JOIN {_s}.settlement_batch b ON b.position = t.batch_position WHERE t.position > $1 ORDER BY t.position LIMIT $2;", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = afterPosition });
                command.Parameters.Add(new NpgsqlParameter { Value = maxCount });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return (await ReadTransitionsAsync(reader).ConfigureAwait(false)).Select(t => t.Transition).ToList();
            },
            snapshot: false,
            cancellationToken);
    }

    private async Task<int> AppendBatchesAsync(PostgreSqlWriteContext context, SettlementBatchRecord[] batches)
    {
        var known = new HashSet<SettlementBatchId>();
        await using (var reader = await context.QueryAsync($"SELECT batch_id FROM {_s}.settlement_batch WHERE batch_id = ANY($1);", (object)batches.Select(b => b.Id.Value).ToArray()).ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                known.Add(new SettlementBatchId(reader.GetString(0)));
            }
        }

        // Recorded batches must be recorded with the same content (rare: a repeated plan), checked before any write.
        foreach (var batch in batches.Where(b => known.Contains(b.Id)))
        {
            var recorded = (await LoadHistoriesAsync(context.Connection, context.Transaction, "b.batch_id = $1", batch.Id.Value, CancellationToken.None, withTransitions: false).ConfigureAwait(false))[0];
            AlreadyExistsOrConflict(recorded.Record, batch, "settlement batch", batch.Id.Value);
        }

        var fresh = batches.Where(b => !known.Contains(b.Id)).ToArray();
        if (fresh.Length == 0)
        {
            return 0;
        }

        await InsertAsync(context, _s, fresh, await JournalPositions.TakeAsync(context, _s, fresh.Length).ConfigureAwait(false)).ConfigureAwait(false);
        return fresh.Length;
    }

    /// <summary>Streams new batches (and their payouts) with binary COPY at consecutive positions from <paramref name="first"/>, as planned.</summary>
    internal static async Task InsertAsync(PostgreSqlWriteContext context, string schema, IReadOnlyList<SettlementBatchRecord> fresh, long first)
    {
        if (fresh.Count == 0)
        {
            return;
        }

        await using (var importer = await context.BeginCopyAsync($"COPY {schema}.settlement_batch (position, batch_id, payer, asset_id, asset_decimals, asset_symbol, planned_at_ticks, planned_at_offset, window_id, state, last_changed_ticks, transition_count) FROM STDIN (FORMAT BINARY);").ConfigureAwait(false))
        {
            for (var i = 0; i < fresh.Count; i++)
            {
                var batch = fresh[i].Batch;
                await importer.StartRowAsync().ConfigureAwait(false);
                await importer.WriteAsync(first + i, NpgsqlDbType.Bigint).ConfigureAwait(false);
                await importer.WriteAsync(batch.Id.Value, NpgsqlDbType.Text).ConfigureAwait(false);
                await importer.WriteAsync(batch.Payer.ToString(), NpgsqlDbType.Text).ConfigureAwait(false);
                await importer.WriteAsync(batch.Asset.Id.ToString(), NpgsqlDbType.Text).ConfigureAwait(false);
                await importer.WriteAsync((short)batch.Asset.Decimals, NpgsqlDbType.Smallint).ConfigureAwait(false);
                await importer.WriteAsync(batch.Asset.Symbol, NpgsqlDbType.Text).ConfigureAwait(false);
                await importer.WriteAsync(StoredValues.Ticks(fresh[i].PlannedAt), NpgsqlDbType.Bigint).ConfigureAwait(false);
                await importer.WriteAsync(StoredValues.OffsetMinutes(fresh[i].PlannedAt), NpgsqlDbType.Smallint).ConfigureAwait(false);
                if (fresh[i].Window is { } window)
                {
                    await importer.WriteAsync(window.Value, NpgsqlDbType.Text).ConfigureAwait(false);
                }
                else
                {
                    await importer.WriteNullAsync().ConfigureAwait(false);
                }

                await importer.WriteAsync(nameof(BatchState.Planned), NpgsqlDbType.Text).ConfigureAwait(false);
                await importer.WriteAsync(StoredValues.Ticks(fresh[i].PlannedAt), NpgsqlDbType.Bigint).ConfigureAwait(false);
                await importer.WriteAsync(0, NpgsqlDbType.Integer).ConfigureAwait(false);
            }

            await importer.CompleteAsync().ConfigureAwait(false);
        }

        await using (var importer = await context.BeginCopyAsync($"COPY {schema}.batch_payout (batch_position, ordinal, payee, amount, reference) FROM STDIN (FORMAT BINARY);").ConfigureAwait(false))
        {
            for (var i = 0; i < fresh.Count; i++)
            {
                var payouts = fresh[i].Batch.Payouts;
                for (var ordinal = 0; ordinal < payouts.Count; ordinal++)
                {
                    await importer.StartRowAsync().ConfigureAwait(false);
                    await importer.WriteAsync(first + i, NpgsqlDbType.Bigint).ConfigureAwait(false);
                    await importer.WriteAsync(ordinal, NpgsqlDbType.Integer).ConfigureAwait(false);
                    await importer.WriteAsync(payouts[ordinal].Payee.ToString(), NpgsqlDbType.Text).ConfigureAwait(false);
                    await importer.WriteAsync(StoredValues.Amount(payouts[ordinal].Amount.Amount), NpgsqlDbType.Numeric).ConfigureAwait(false);
                    if (payouts[ordinal].Reference is { } reference)
                    {
                        await importer.WriteAsync(reference, NpgsqlDbType.Text).ConfigureAwait(false);
                    }
                    else
                    {
                        await importer.WriteNullAsync().ConfigureAwait(false);
                    }
                }
            }

            await importer.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Whether any of the batch ids is recorded; returns the first that is.</summary>
    internal static async Task<string?> FindAnyAsync(PostgreSqlWriteContext context, string schema, string[] ids)
    {
        return (string?)await context.ScalarAsync($"SELECT batch_id FROM {schema}.settlement_batch WHERE batch_id = ANY($1) LIMIT 1;", (object)ids).ConfigureAwait(false);
    }

    private async Task<JournalWriteOutcome> AppendTransitionAsync(PostgreSqlWriteContext context, BatchTransition transition)
    {
        var histories = await LoadHistoriesAsync(context.Connection, context.Transaction, "b.batch_id = $1", transition.BatchId.Value, CancellationToken.None).ConfigureAwait(false);
        var recorded = histories.Count == 1
            ? histories[0]
            : throw new InvalidOperationException($"Batch {transition.BatchId} is not recorded; record the batch before its transitions.");
        var transitions = recorded.Transitions;
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
        var blockNumber = StoredValues.Unsigned(transition.BlockNumber, "BlockNumber");
        var tx = transition.Transaction;
        var txSequence = StoredValues.Unsigned(tx?.Sequence, "Sequence");
        var position = await JournalPositions.TakeAsync(context, _s, 1).ConfigureAwait(false);
        await context.ExecuteAsync(
            $"""
            WITH inserted AS (
                INSERT INTO {_s}.batch_transition (position, batch_position, sequence, kind, state, at_ticks, at_offset, attempt, transaction_id, role,
                    accelerates, chain_state, confirmations, block_hash, block_number, replaced_by, detail, tx_batch_id, tx_chain_id, tx_payer,
                    tx_id, tx_raw, tx_max_fee_amount, tx_max_fee_asset_id, tx_max_fee_asset_decimals, tx_max_fee_asset_symbol, tx_sequence)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)
                RETURNING batch_position, sequence, state)
            UPDATE {_s}.settlement_batch b SET state = i.state, last_changed_ticks = $28, transition_count = i.sequence
            FROM inserted i WHERE b.position = i.batch_position;
            """,
            position,
            recorded.Record.Position,
            transition.Sequence,
            transition.Kind.ToString(),
            history.State.ToString(),
            StoredValues.Ticks(transition.At),
            StoredValues.OffsetMinutes(transition.At),
            transition.Attempt,
            transition.TransactionId?.Value,
            transition.Role?.ToString(),
            transition.Accelerates?.Value,
            transition.ChainState?.ToString(),
            transition.Confirmations,
            transition.BlockHash,
            blockNumber,
            transition.ReplacedBy?.Value,
            transition.Detail,
            tx?.BatchId.Value,
            tx?.ChainId.ToString(),
            tx?.Payer.ToString(),
            tx?.TransactionId.Value,
            tx?.RawTransaction.ToArray(),
            tx is null ? null : StoredValues.Amount(tx.MaxFee.Amount),
            tx?.MaxFee.Asset.Id.ToString(),
            tx is null ? null : (short)tx.MaxFee.Asset.Decimals,
            tx?.MaxFee.Asset.Symbol,
            txSequence,
            history.LastChangedAt.UtcTicks).ConfigureAwait(false);
        return JournalWriteOutcome.Added;
    }

    /// <summary>Loads the histories of the batches matching <paramref name="where"/> (one parameter, <c>$1</c>), in
    /// position order, with three queries.</summary>
    private async Task<List<BatchHistory>> LoadHistoriesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, object parameter, CancellationToken cancellationToken, bool withTransitions = true)
    {
        NpgsqlCommand Command(string sql)
        {
            var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
            return command;
        }

        var headers = new List<BatchHeader>();
        await using (var command = Command($"SELECT {BatchColumns} FROM {_s}.settlement_batch b WHERE {where} ORDER BY b.position;"))
        await using (var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                headers.Add(new BatchHeader(
                    r.GetInt64(0),
                    new SettlementBatchId(r.GetString(1)),
                    SettlementAccount.Parse(r.GetString(2)),
                    StoredValues.Asset(r.GetString(3), r.GetInt16(4), r.GetString(5)),
                    StoredValues.Instant(r.GetInt64(6), r.GetInt16(7)),
                    r.IsDBNull(8) ? null : new SettlementWindowId(r.GetString(8))));
            }
        }

        if (headers.Count == 0)
        {
            return [];
        }

        var payouts = new Dictionary<long, List<(SettlementAccount Payee, BigInteger Amount, string? Reference)>>();
        await using (var command = Command($"SELECT p.batch_position, p.payee, p.amount, p.reference FROM {_s}.batch_payout p JOIN {_s}.settlement_batch b ON b.position = p.batch_position WHERE {where} ORDER BY p.batch_position, p.ordinal;"))
        await using (var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var batch = r.GetInt64(0);
                if (!payouts.TryGetValue(batch, out var list))
                {
                    list = [];
                    payouts.Add(batch, list);
                }

                list.Add((SettlementAccount.Parse(r.GetString(1)), r.GetFieldValue<BigInteger>(2), r.IsDBNull(3) ? null : r.GetString(3)));
            }
        }

        ILookup<long, BatchTransition> transitions;
        if (withTransitions)
        {
            await using var command = Command($"SELECT {TransitionColumns} FROM {_s}.batch_transition t JOIN {_s}.settlement_batch b ON b.position = t.batch_position WHERE {where} ORDER BY t.batch_position, t.sequence;");
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            transitions = (await ReadTransitionsAsync(r).ConfigureAwait(false)).ToLookup(t => t.BatchPosition, t => t.Transition);
        }
        else
        {
            transitions = Array.Empty<(long, BatchTransition)>().ToLookup(t => t.Item1, t => t.Item2);
        }

        return headers.Select(h => new BatchHistory(
            new SettlementBatchRecord
            {
                Batch = new SettlementBatch(h.Id, h.Payer, h.Asset, payouts[h.Position].Select(p => new Payout(p.Payee, new Money(StoredValues.Amount(p.Amount), h.Asset), p.Reference))),
                PlannedAt = h.PlannedAt,
                Window = h.Window,
                Position = h.Position,
            },
            transitions[h.Position].ToArray())).ToList();
    }

    /// <summary>Reads transitions from the columns of <see cref="TransitionColumns"/>, in order, with their batch's position.</summary>
    private static async Task<List<(long BatchPosition, BatchTransition Transition)>> ReadTransitionsAsync(NpgsqlDataReader r)
    {
        var transitions = new List<(long, BatchTransition)>();
        while (await r.ReadAsync().ConfigureAwait(false))
        {
            PreparedTransaction? tx = r.IsDBNull(20) ? null : new PreparedTransaction
            {
                BatchId = new SettlementBatchId(r.GetString(17)),
                ChainId = ChainId.Parse(r.GetString(18)),
                Payer = SettlementAccount.Parse(r.GetString(19)),
                TransactionId = new ChainTransactionId(r.GetString(20)),
                RawTransaction = r.GetFieldValue<byte[]>(21),
                MaxFee = new Money(StoredValues.Amount(r.GetFieldValue<BigInteger>(22)), StoredValues.Asset(r.GetString(23), r.GetInt16(24), r.GetString(25))),
                Sequence = r.IsDBNull(26) ? null : (ulong)r.GetInt64(26),
            };
            transitions.Add((r.GetInt64(27), new BatchTransition
            {
                Position = r.GetInt64(0),
                BatchId = new SettlementBatchId(r.GetString(1)),
                Sequence = r.GetInt32(2),
                Kind = Enum.Parse<BatchTransitionKind>(r.GetString(3)),
                State = Enum.Parse<BatchState>(r.GetString(4)),
                At = StoredValues.Instant(r.GetInt64(5), r.GetInt16(6)),
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
}
