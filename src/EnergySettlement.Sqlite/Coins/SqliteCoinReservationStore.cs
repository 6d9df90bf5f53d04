using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Sqlite.Schema;
using EnergySettlement.Sqlite.Writing;
using Microsoft.Data.Sqlite;

namespace EnergySettlement.Sqlite.Coins;

/// <summary>
/// Coin reservations in the journal's file (tables <c>coin_reservation</c> and <c>reserved_coin</c>): the
/// <see cref="ICoinReservationStore"/> behind <see cref="SqliteJournal"/>. A coin's outpoint is the primary key of
/// <c>reserved_coin</c>, so the database itself refuses to let two batches hold one coin.
/// </summary>
internal sealed class SqliteCoinReservationStore(SqliteDatabase database)
{
    private const string FindReservationSql = "SELECT id FROM coin_reservation WHERE batch_id = $batch;";
    private const string HolderSql = """
        SELECT r.batch_id FROM reserved_coin c JOIN coin_reservation r ON r.id = c.reservation_id
        WHERE c.transaction_id = $transactionId AND c.output_index = $outputIndex;
        """;

    private const string InsertReservationSql = """
        INSERT INTO coin_reservation (batch_id, reserved_at_ticks, reserved_at_offset, is_spent)
        VALUES ($batch, $ticks, $offset, 0) RETURNING id;
        """;

    private const string InsertCoinSql = """
        INSERT INTO reserved_coin (transaction_id, output_index, reservation_id, position, owner, amount, asset_id, asset_decimals, asset_symbol)
        VALUES ($transactionId, $outputIndex, $reservation, $position, $owner, $amount, $assetId, $assetDecimals, $assetSymbol);
        """;

    private const string CoinsSql = """
        SELECT c.reservation_id, c.transaction_id, c.output_index, c.owner, c.amount, c.asset_id, c.asset_decimals, c.asset_symbol
        FROM reserved_coin c WHERE c.reservation_id = $reservation ORDER BY c.position;
        """;

    private const string ReservationSql = "SELECT id, batch_id, reserved_at_ticks, reserved_at_offset, is_spent FROM coin_reservation WHERE batch_id = $batch;";

    public Task<CoinReservationResult> ReserveAsync(SettlementBatchId batch, IReadOnlyList<ReservedCoin> coins, DateTimeOffset reservedAt, CancellationToken cancellationToken)
    {
        CheckBatch(batch, nameof(batch));
        ArgumentNullException.ThrowIfNull(coins);
        if (coins.Count == 0)
        {
            throw new ArgumentException("A reservation holds at least one coin.", nameof(coins));
        }

        var seen = new HashSet<OutPoint>();
        foreach (var coin in coins)
        {
            if (coin is null)
            {
                throw new ArgumentException("A reservation's coins must not be null.", nameof(coins));
            }

            if (coin.Owner == default || coin.OutPoint.TransactionId == default || coin.Amount == default)
            {
                throw new ArgumentException($"Coin {coin.OutPoint} must name its owner, its outpoint and its amount.", nameof(coins));
            }

            if (!seen.Add(coin.OutPoint))
            {
                throw new ArgumentException("A reservation names each coin once.", nameof(coins));
            }
        }

        var copy = coins.ToArray();
        return database.WriteAsync(context => Reserve(context, batch, copy, reservedAt), copy.Length, cancellationToken);
    }

    public Task<CoinReservation?> FindAsync(SettlementBatchId batch, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, transaction) => Find(connection, transaction, batch.Value), snapshot: true, cancellationToken);

    public Task<IReadOnlyList<CoinReservation>> LoadAsync(SettlementAccount owner, CancellationToken cancellationToken)
    {
        var key = owner == default ? throw new ArgumentException("The owner must name an account (it is the default value).", nameof(owner)) : owner.ToString();
        return database.ReadAsync<IReadOnlyList<CoinReservation>>(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    SELECT r.id, r.batch_id, r.reserved_at_ticks, r.reserved_at_offset, r.is_spent
                    FROM coin_reservation r
                    WHERE r.id IN (SELECT reservation_id FROM reserved_coin WHERE owner = $owner)
                    ORDER BY r.id;
                    """;
                command.Parameters.AddWithValue("$owner", key);
                var headers = ReadHeaders(command);
                var reservations = new List<CoinReservation>(headers.Count);
                foreach (var header in headers)
                {
                    reservations.Add(Complete(connection, transaction, header));
                }

                return reservations;
            },
            snapshot: true,
            cancellationToken);
    }

    public Task ReleaseAsync(SettlementBatchId batch, CancellationToken cancellationToken)
    {
        CheckBatch(batch, nameof(batch));
        return database.WriteAsync(
            context =>
            {
                // Coins first (they reference the reservation), then the reservation; a spent reservation matches neither.
                var coins = context.Statement(
                    "DELETE FROM reserved_coin WHERE reservation_id = (SELECT id FROM coin_reservation WHERE batch_id = $batch AND is_spent = 0);",
                    "$batch");
                coins.Parameters[0].Value = batch.Value;
                coins.ExecuteNonQuery();
                var reservation = context.Statement("DELETE FROM coin_reservation WHERE batch_id = $batch AND is_spent = 0;", "$batch");
                reservation.Parameters[0].Value = batch.Value;
                return reservation.ExecuteNonQuery();
            },
            records: 1,
            cancellationToken);
    }

    public Task MarkSpentAsync(SettlementBatchId batch, CancellationToken cancellationToken)
    {
        CheckBatch(batch, nameof(batch));
        return database.WriteAsync(
            context =>
            {
                var command = context.Statement("UPDATE coin_reservation SET is_spent = 1 WHERE batch_id = $batch;", "$batch");
                command.Parameters[0].Value = batch.Value;
                return command.ExecuteNonQuery() == 1
                    ? true
                    : throw new InvalidOperationException($"Batch {batch} holds no coin reservation to mark spent.");
            },
            records: 1,
            cancellationToken);
    }

    private static void CheckBatch(SettlementBatchId batch, string paramName)
    {
        if (batch == default)
        {
            throw new ArgumentException("The batch id must be set.", paramName);
        }
    }

    private static CoinReservationResult Reserve(SqliteWriteContext context, SettlementBatchId batch, ReservedCoin[] coins, DateTimeOffset reservedAt)
    {
        var find = context.Statement(FindReservationSql, "$batch");
        find.Parameters[0].Value = batch.Value;
        if (find.ExecuteScalar() is long existingId)
        {
            var existing = ReadCoins(context.Statement(CoinsSql, "$reservation"), existingId);
            if (existing.SequenceEqual(coins))
            {
                return CoinReservationResult.Reserved;
            }

            throw new IdempotencyConflictException("coin reservation", batch.Value,
                $"Batch {batch} already holds {existing.Count} coin(s) ({string.Join(", ", existing.Select(c => c.OutPoint))}); it cannot reserve other coins until they are released.");
        }

        var holder = context.Statement(HolderSql, "$transactionId", "$outputIndex");
        Dictionary<OutPoint, SettlementBatchId>? held = null;
        foreach (var coin in coins)
        {
            holder.Parameters[0].Value = coin.OutPoint.TransactionId.Value;
            holder.Parameters[1].Value = (long)coin.OutPoint.Index;
            if (holder.ExecuteScalar() is string other)
            {
                (held ??= [])[coin.OutPoint] = new SettlementBatchId(other);
            }
        }

        if (held is not null)
        {
            return CoinReservationResult.Refused(held);
        }

        var insertReservation = context.Statement(InsertReservationSql, "$batch", "$ticks", "$offset");
        insertReservation.Parameters[0].Value = batch.Value;
        insertReservation.Parameters[1].Value = StoredValues.Ticks(reservedAt);
        insertReservation.Parameters[2].Value = StoredValues.OffsetMinutes(reservedAt);
        var reservationId = (long)insertReservation.ExecuteScalar()!;

        var insertCoin = context.Statement(InsertCoinSql, "$transactionId", "$outputIndex", "$reservation", "$position", "$owner", "$amount", "$assetId", "$assetDecimals", "$assetSymbol");
        for (var i = 0; i < coins.Length; i++)
        {
            var coin = coins[i];
            insertCoin.Parameters[0].Value = coin.OutPoint.TransactionId.Value;
            insertCoin.Parameters[1].Value = (long)coin.OutPoint.Index;
            insertCoin.Parameters[2].Value = reservationId;
            insertCoin.Parameters[3].Value = (long)i;
            insertCoin.Parameters[4].Value = coin.Owner.ToString();
            insertCoin.Parameters[5].Value = StoredValues.Amount(coin.Amount.Amount);
            insertCoin.Parameters[6].Value = coin.Amount.Asset.Id.ToString();
            insertCoin.Parameters[7].Value = (long)coin.Amount.Asset.Decimals;
            insertCoin.Parameters[8].Value = coin.Amount.Asset.Symbol;
            insertCoin.ExecuteNonQuery();
        }

        return CoinReservationResult.Reserved;
    }

    private static CoinReservation? Find(SqliteConnection connection, SqliteTransaction? transaction, string batch)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ReservationSql;
        command.Parameters.AddWithValue("$batch", batch);
        var headers = ReadHeaders(command);
        return headers.Count == 0 ? null : Complete(connection, transaction, headers[0]);
    }

    private static List<ReservationHeader> ReadHeaders(SqliteCommand command)
    {
        var headers = new List<ReservationHeader>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            headers.Add(new ReservationHeader(
                reader.GetInt64(0),
                new SettlementBatchId(reader.GetString(1)),
                StoredValues.Instant(reader.GetInt64(2), reader.GetInt64(3)),
                reader.GetInt64(4) == 1));
        }

        return headers;
    }

    private static CoinReservation Complete(SqliteConnection connection, SqliteTransaction? transaction, ReservationHeader header)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = CoinsSql;
        command.Parameters.AddWithValue("$reservation", header.Id);
        return new CoinReservation
        {
            Batch = header.Batch,
            Coins = ReadCoins(command, header.Id),
            ReservedAt = header.ReservedAt,
            IsSpent = header.IsSpent,
        };
    }

    private static List<ReservedCoin> ReadCoins(SqliteCommand command, long reservationId)
    {
        command.Parameters[0].Value = reservationId;
        var coins = new List<ReservedCoin>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var asset = new Asset(AssetId.Parse(reader.GetString(5)), reader.GetInt32(6), reader.GetString(7));
            coins.Add(new ReservedCoin
            {
                OutPoint = new OutPoint(new ChainTransactionId(reader.GetString(1)), (uint)reader.GetInt64(2)),
                Owner = SettlementAccount.Parse(reader.GetString(3)),
                Amount = new Money(StoredValues.Amount(reader.GetString(4)), asset),
            });
        }

        return coins;
    }

    private sealed record ReservationHeader(long Id, SettlementBatchId Batch, DateTimeOffset ReservedAt, bool IsSpent);
}
