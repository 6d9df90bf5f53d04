using EnergySettlement.Chains;
using EnergySettlement.Sequencing;
using EnergySettlement.Sqlite.Schema;
using EnergySettlement.Sqlite.Writing;
using Microsoft.Data.Sqlite;

namespace EnergySettlement.Sqlite.Sequencing;

/// <summary>
/// Nonces and signed bytes in the journal's file (tables <c>sequenced_transaction</c> and <c>sequence_completion</c>):
/// the <see cref="ISequencedTransactionStore"/> behind <see cref="SqliteJournal"/>. The unique key
/// (account, transaction id) makes a repeated record a no-op in the database itself.
/// </summary>
internal sealed class SqliteSequencedTransactionStore(SqliteDatabase database)
{
    private const string FindSql = "SELECT sequence, raw FROM sequenced_transaction WHERE account = $account AND transaction_id = $transactionId;";

    private const string InsertSql = """
        INSERT INTO sequenced_transaction (account, transaction_id, sequence, raw, batch_id, signed_at_ticks, signed_at_offset)
        VALUES ($account, $transactionId, $sequence, $raw, $batchId, $signedAtTicks, $signedAtOffset);
        """;

    private const string CompleteSql = "INSERT OR IGNORE INTO sequence_completion (account, sequence) VALUES ($account, $sequence);";

    public Task<AccountSequenceState> LoadAsync(SettlementAccount account, CancellationToken cancellationToken)
    {
        var key = AccountKey(account, nameof(account));
        return database.ReadAsync((connection, transaction) => Load(connection, transaction, account, key), snapshot: true, cancellationToken);
    }

    public Task RecordAsync(SequencedTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var key = AccountKey(transaction.Account, nameof(transaction));
        var sequence = StoredValues.Sequence(transaction.Sequence, nameof(transaction));
        return database.WriteAsync(context => Record(context, transaction, key, sequence), records: 1, cancellationToken);
    }

    public Task CompleteAsync(SettlementAccount account, ulong sequence, CancellationToken cancellationToken)
    {
        var key = AccountKey(account, nameof(account));
        var stored = StoredValues.Sequence(sequence, nameof(sequence));
        return database.WriteAsync(
            context =>
            {
                var command = context.Statement(CompleteSql, "$account", "$sequence");
                command.Parameters[0].Value = key;
                command.Parameters[1].Value = stored;
                return command.ExecuteNonQuery();
            },
            records: 1,
            cancellationToken);
    }

    private static string AccountKey(SettlementAccount account, string paramName) =>
        account == default ? throw new ArgumentException("The account must name an account (it is the default value).", paramName) : account.ToString();

    private static bool Record(SqliteWriteContext context, SequencedTransaction transaction, string account, long sequence)
    {
        var find = context.Statement(FindSql, "$account", "$transactionId");
        find.Parameters[0].Value = account;
        find.Parameters[1].Value = transaction.TransactionId.Value;
        using (var reader = find.ExecuteReader())
        {
            if (reader.Read())
            {
                var recordedSequence = reader.GetInt64(0);
                var raw = (byte[])reader.GetValue(1);
                if (recordedSequence != sequence || !raw.AsSpan().SequenceEqual(transaction.RawTransaction.Span))
                {
                    throw new InvalidOperationException(
                        $"Transaction {transaction.TransactionId} of {transaction.Account} is already recorded at sequence {recordedSequence} with other bytes; a transaction id must always name the same bytes.");
                }

                return false;
            }
        }

        var insert = context.Statement(InsertSql, "$account", "$transactionId", "$sequence", "$raw", "$batchId", "$signedAtTicks", "$signedAtOffset");
        insert.Parameters[0].Value = account;
        insert.Parameters[1].Value = transaction.TransactionId.Value;
        insert.Parameters[2].Value = sequence;
        insert.Parameters[3].Value = transaction.RawTransaction.ToArray();
        insert.Parameters[4].Value = transaction.BatchId is { } batch ? batch.Value : DBNull.Value;
        insert.Parameters[5].Value = StoredValues.Ticks(transaction.SignedAt);
        insert.Parameters[6].Value = StoredValues.OffsetMinutes(transaction.SignedAt);
        insert.ExecuteNonQuery();
        return true;
    }

    private static AccountSequenceState Load(SqliteConnection connection, SqliteTransaction? transaction, SettlementAccount account, string key)
    {
        using var next = connection.CreateCommand();
        next.Transaction = transaction;
        next.CommandText = """
            SELECT max(
                coalesce((SELECT max(sequence) + 1 FROM sequenced_transaction WHERE account = $account), 0),
                coalesce((SELECT max(sequence) + 1 FROM sequence_completion WHERE account = $account), 0));
            """;
        next.Parameters.AddWithValue("$account", key);
        var nextSequence = (ulong)(long)next.ExecuteScalar()!;

        using var outstanding = connection.CreateCommand();
        outstanding.Transaction = transaction;
        outstanding.CommandText = """
            SELECT t.transaction_id, t.sequence, t.raw, t.batch_id, t.signed_at_ticks, t.signed_at_offset
            FROM sequenced_transaction t
            WHERE t.account = $account
              AND NOT EXISTS (SELECT 1 FROM sequence_completion c WHERE c.account = t.account AND c.sequence = t.sequence)
            ORDER BY t.sequence, t.id;
            """;
        outstanding.Parameters.AddWithValue("$account", key);
        var transactions = new List<SequencedTransaction>();
        using (var reader = outstanding.ExecuteReader())
        {
            while (reader.Read())
            {
                transactions.Add(new SequencedTransaction
                {
                    Account = account,
                    TransactionId = new ChainTransactionId(reader.GetString(0)),
                    Sequence = (ulong)reader.GetInt64(1),
                    RawTransaction = (byte[])reader.GetValue(2),
                    BatchId = reader.IsDBNull(3) ? null : new SettlementBatchId(reader.GetString(3)),
                    SignedAt = StoredValues.Instant(reader.GetInt64(4), reader.GetInt64(5)),
                });
            }
        }

        return new AccountSequenceState { Account = account, NextSequence = nextSequence, Outstanding = transactions };
    }
}
