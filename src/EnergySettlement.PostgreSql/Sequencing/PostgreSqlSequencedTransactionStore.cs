using EnergySettlement.Chains;
using EnergySettlement.PostgreSql.Schema;
using EnergySettlement.PostgreSql.Writing;
using EnergySettlement.Sequencing;
using Npgsql;

namespace EnergySettlement.PostgreSql.Sequencing;

/// <summary>
/// Nonces and signed bytes in the journal's schema (tables <c>sequenced_transaction</c> and <c>sequence_completion</c>):
/// the <see cref="ISequencedTransactionStore"/> behind <see cref="PostgreSqlJournal"/>. The unique key (account,
/// transaction id) makes a repeated record a no-op and lets only one of two racing hosts record an id.
/// </summary>
internal sealed class PostgreSqlSequencedTransactionStore(PostgreSqlDatabase database)
{
    private readonly string _find = $"SELECT sequence, raw FROM {database.Quoted}.sequenced_transaction WHERE account = $1 AND transaction_id = $2;";

    private readonly string _insert = $"""
        INSERT INTO {database.Quoted}.sequenced_transaction (account, transaction_id, sequence, raw, batch_id, signed_at_ticks, signed_at_offset)
        VALUES ($1, $2, $3, $4, $5, $6, $7);
        """;

    private readonly string _complete = $"INSERT INTO {database.Quoted}.sequence_completion (account, sequence) VALUES ($1, $2) ON CONFLICT DO NOTHING;";

    private readonly string _load = $"""
        SELECT greatest(
                   coalesce((SELECT max(sequence) + 1 FROM {database.Quoted}.sequenced_transaction WHERE account = $1), 0),
                   coalesce((SELECT max(sequence) + 1 FROM {database.Quoted}.sequence_completion WHERE account = $1), 0)),
               t.transaction_id, t.sequence, t.raw, t.batch_id, t.signed_at_ticks, t.signed_at_offset
        FROM (SELECT 1) AS one
        LEFT JOIN {database.Quoted}.sequenced_transaction t
          ON t.account = $1
         AND NOT EXISTS (SELECT 1 FROM {database.Quoted}.sequence_completion c WHERE c.account = t.account AND c.sequence = t.sequence)
        ORDER BY t.sequence, t.id;
        """;

    public Task<AccountSequenceState> LoadAsync(SettlementAccount account, CancellationToken cancellationToken)
    {
        var key = AccountKey(account, nameof(account));

        // One statement, so the next sequence and the outstanding transactions come from one snapshot.
        return database.ReadAsync(
            async (connection, _) =>
            {
                await using var command = new NpgsqlCommand(_load, connection);
                command.Parameters.Add(new NpgsqlParameter { Value = key });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var next = 0UL;
                var outstanding = new List<SequencedTransaction>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    next = (ulong)reader.GetInt64(0);
                    if (!reader.IsDBNull(1))
                    {
                        outstanding.Add(new SequencedTransaction
                        {
                            Account = account,
                            TransactionId = new ChainTransactionId(reader.GetString(1)),
                            Sequence = (ulong)reader.GetInt64(2),
                            RawTransaction = reader.GetFieldValue<byte[]>(3),
                            BatchId = reader.IsDBNull(4) ? null : new SettlementBatchId(reader.GetString(4)),
                            SignedAt = StoredValues.Instant(reader.GetInt64(5), reader.GetInt16(6)),
                        });
                    }
                }

                return new AccountSequenceState { Account = account, NextSequence = next, Outstanding = outstanding };
            },
            snapshot: false,
            cancellationToken);
    }

    public Task RecordAsync(SequencedTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var key = AccountKey(transaction.Account, nameof(transaction));
        var sequence = StoredValues.Sequence(transaction.Sequence, nameof(transaction));
        return database.WriteAsync(context => RecordAsync(context, transaction, key, sequence), records: 1, cancellationToken);
    }

    public Task CompleteAsync(SettlementAccount account, ulong sequence, CancellationToken cancellationToken)
    {
        var key = AccountKey(account, nameof(account));
        var stored = StoredValues.Sequence(sequence, nameof(sequence));
        return database.WriteAsync(context => context.ExecuteAsync(_complete, key, stored), records: 1, cancellationToken);
    }

    private static string AccountKey(SettlementAccount account, string paramName) =>
        account == default ? throw new ArgumentException("The account must name an account (it is the default value).", paramName) : account.ToString();

    private async Task<bool> RecordAsync(PostgreSqlWriteContext context, SequencedTransaction transaction, string account, long sequence)
    {
        await using (var reader = await context.QueryAsync(_find, account, transaction.TransactionId.Value).ConfigureAwait(false))
        {
            if (await reader.ReadAsync().ConfigureAwait(false))
            {
                var recordedSequence = reader.GetInt64(0);
                var raw = reader.GetFieldValue<byte[]>(1);
                if (recordedSequence != sequence || !raw.AsSpan().SequenceEqual(transaction.RawTransaction.Span))
                {
                    throw new InvalidOperationException(
                        $"Transaction {transaction.TransactionId} of {transaction.Account} is already recorded at sequence {recordedSequence} with other bytes; a transaction id must always name the same bytes.");
                }

                return false;
            }
        }

        await context.ExecuteAsync(
            _insert,
            account,
            transaction.TransactionId.Value,
            sequence,
            transaction.RawTransaction.ToArray(),
            transaction.BatchId?.Value,
            StoredValues.Ticks(transaction.SignedAt),
            StoredValues.OffsetMinutes(transaction.SignedAt)).ConfigureAwait(false);
        return true;
    }
}
