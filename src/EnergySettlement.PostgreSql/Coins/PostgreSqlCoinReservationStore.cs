using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.PostgreSql.Schema;
using EnergySettlement.PostgreSql.Writing;
using Npgsql;

namespace EnergySettlement.PostgreSql.Coins;

/// <summary>
/// Coin reservations in the journal's schema (tables <c>coin_reservation</c> and <c>reserved_coin</c>): the
/// <see cref="ICoinReservationStore"/> behind <see cref="PostgreSqlJournal"/>. A coin's outpoint is the primary key of
/// <c>reserved_coin</c>, so two hosts can never hold one coin: the second insert fails, its commit runs again, and the
/// re-check refuses the reservation.
/// </summary>
internal sealed class PostgreSqlCoinReservationStore(PostgreSqlDatabase database)
{
    private readonly string _reservationOf = $"SELECT id FROM {database.Quoted}.coin_reservation WHERE batch_id = $1;";

    private readonly string _holders = $"""
        SELECT c.transaction_id, c.output_index, r.batch_id
        FROM {database.Quoted}.reserved_coin c JOIN {database.Quoted}.coin_reservation r ON r.id = c.reservation_id
        WHERE (c.transaction_id, c.output_index) IN (SELECT * FROM unnest($1::text[], $2::bigint[]));
        """;

    private readonly string _insertReservation = $"""
        INSERT INTO {database.Quoted}.coin_reservation (batch_id, reserved_at_ticks, reserved_at_offset) VALUES ($1, $2, $3) RETURNING id;
        """;

    private readonly string _insertCoins = $"""
        INSERT INTO {database.Quoted}.reserved_coin (transaction_id, output_index, reservation_id, position, owner, amount, asset_id, asset_decimals, asset_symbol)
        SELECT t, i, $3, p - 1, o, a, s, d, y
        FROM unnest($1::text[], $2::bigint[], $4::text[], $5::numeric[], $6::text[], $7::smallint[], $8::text[]) WITH ORDINALITY AS x(t, i, o, a, s, d, y, p);
        """;

    private readonly string _coins = $"""
        SELECT c.reservation_id, c.transaction_id, c.output_index, c.owner, c.amount, c.asset_id, c.asset_decimals, c.asset_symbol
        FROM {database.Quoted}.reserved_coin c WHERE c.reservation_id = ANY($1) ORDER BY c.reservation_id, c.position;
        """;

    private readonly string _byBatch = $"SELECT id, batch_id, reserved_at_ticks, reserved_at_offset, is_spent FROM {database.Quoted}.coin_reservation WHERE batch_id = $1;";

    private readonly string _byOwner = $"""
        SELECT r.id, r.batch_id, r.reserved_at_ticks, r.reserved_at_offset, r.is_spent
        FROM {database.Quoted}.coin_reservation r
        WHERE r.id IN (SELECT reservation_id FROM {database.Quoted}.reserved_coin WHERE owner = $1)
        ORDER BY r.id;
        """;

    private readonly string _release = $"""
        WITH released AS (DELETE FROM {database.Quoted}.reserved_coin
                          WHERE reservation_id = (SELECT id FROM {database.Quoted}.coin_reservation WHERE batch_id = $1 AND NOT is_spent)
                          RETURNING reservation_id)
        DELETE FROM {database.Quoted}.coin_reservation WHERE batch_id = $1 AND NOT is_spent;
        """;

    private readonly string _markSpent = $"UPDATE {database.Quoted}.coin_reservation SET is_spent = true WHERE batch_id = $1;";

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
        return database.WriteAsync(context => ReserveAsync(context, batch, copy, reservedAt), copy.Length, cancellationToken);
    }

    public Task<CoinReservation?> FindAsync(SettlementBatchId batch, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async (connection, transaction) => (await LoadAsync(connection, transaction, _byBatch, batch.Value, cancellationToken).ConfigureAwait(false)).FirstOrDefault(),
            snapshot: true,
            cancellationToken);

    public Task<IReadOnlyList<CoinReservation>> LoadAsync(SettlementAccount owner, CancellationToken cancellationToken)
    {
        var key = owner == default ? throw new ArgumentException("The owner must name an account (it is the default value).", nameof(owner)) : owner.ToString();
        return database.ReadAsync<IReadOnlyList<CoinReservation>>(
            async (connection, transaction) => await LoadAsync(connection, transaction, _byOwner, key, cancellationToken).ConfigureAwait(false),
            snapshot: true,
            cancellationToken);
    }

    public Task ReleaseAsync(SettlementBatchId batch, CancellationToken cancellationToken)
    {
        CheckBatch(batch, nameof(batch));

        // One statement: the coins and the reservation go together, and a spent reservation matches neither delete.
        return database.WriteAsync(context => context.ExecuteAsync(_release, batch.Value), records: 1, cancellationToken);
    }

    public Task MarkSpentAsync(SettlementBatchId batch, CancellationToken cancellationToken)
    {
        CheckBatch(batch, nameof(batch));
        return database.WriteAsync(
            async context =>
            {
                // A check first, so a refusal leaves the group's transaction clean.
                if (await context.ScalarAsync(_reservationOf, batch.Value).ConfigureAwait(false) is null)
                {
                    throw new InvalidOperationException($"Batch {batch} holds no coin reservation to mark spent.");
                }

                return await context.ExecuteAsync(_markSpent, batch.Value).ConfigureAwait(false);
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

    private async Task<CoinReservationResult> ReserveAsync(PostgreSqlWriteContext context, SettlementBatchId batch, ReservedCoin[] coins, DateTimeOffset reservedAt)
    {
        if (await context.ScalarAsync(_reservationOf, batch.Value).ConfigureAwait(false) is long existingId)
        {
            var existing = (await ReadCoinsAsync(context.Connection, context.Transaction, [existingId], CancellationToken.None).ConfigureAwait(false)).GetValueOrDefault(existingId) ?? [];
            if (existing.SequenceEqual(coins))
            {
                return CoinReservationResult.Reserved;
            }

            throw new IdempotencyConflictException("coin reservation", batch.Value,
                $"Batch {batch} already holds {existing.Count} coin(s) ({string.Join(", ", existing.Select(c => c.OutPoint))}); it cannot reserve other coins until they are released.");
        }

        var transactionIds = coins.Select(c => c.OutPoint.TransactionId.Value).ToArray();
        var indexes = coins.Select(c => (long)c.OutPoint.Index).ToArray();
        Dictionary<OutPoint, SettlementBatchId>? held = null;
        await using (var reader = await context.QueryAsync(_holders, transactionIds, indexes).ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                (held ??= [])[new OutPoint(new ChainTransactionId(reader.GetString(0)), (uint)reader.GetInt64(1))] = new SettlementBatchId(reader.GetString(2));
            }
        }

        if (held is not null)
        {
            return CoinReservationResult.Refused(held);
        }

        var reservationId = (long)(await context.WriteScalarAsync(_insertReservation, batch.Value, StoredValues.Ticks(reservedAt), StoredValues.OffsetMinutes(reservedAt)).ConfigureAwait(false))!;
        await context.ExecuteAsync(
            _insertCoins,
            transactionIds,
            indexes,
            reservationId,
            coins.Select(c => c.Owner.ToString()).ToArray(),
            coins.Select(c => StoredValues.Amount(c.Amount.Amount)).ToArray(),
            coins.Select(c => c.Amount.Asset.Id.ToString()).ToArray(),
            coins.Select(c => (short)c.Amount.Asset.Decimals).ToArray(),
            coins.Select(c => c.Amount.Asset.Symbol).ToArray()).ConfigureAwait(false);
        return CoinReservationResult.Reserved;
    }

    private async Task<List<CoinReservation>> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string headerSql, string key, CancellationToken cancellationToken)
    {
        var headers = new List<(long Id, SettlementBatchId Batch, DateTimeOffset ReservedAt, bool IsSpent)>();
        await using (var command = new NpgsqlCommand(headerSql, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = key });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                headers.Add((reader.GetInt64(0), new SettlementBatchId(reader.GetString(1)), StoredValues.Instant(reader.GetInt64(2), reader.GetInt16(3)), reader.GetBoolean(4)));
            }
        }

        if (headers.Count == 0)
        {
            return [];
        }

        var coins = await ReadCoinsAsync(connection, transaction, headers.Select(h => h.Id).ToArray(), cancellationToken).ConfigureAwait(false);
        return headers.Select(h => new CoinReservation { Batch = h.Batch, Coins = coins.GetValueOrDefault(h.Id) ?? [], ReservedAt = h.ReservedAt, IsSpent = h.IsSpent }).ToList();
    }

    private async Task<Dictionary<long, List<ReservedCoin>>> ReadCoinsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long[] reservations, CancellationToken cancellationToken)
    {
        var coins = new Dictionary<long, List<ReservedCoin>>();
        await using var command = new NpgsqlCommand(_coins, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = reservations });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetInt64(0);
            if (!coins.TryGetValue(id, out var list))
            {
                list = [];
                coins.Add(id, list);
            }

            list.Add(new ReservedCoin
            {
                OutPoint = new OutPoint(new ChainTransactionId(reader.GetString(1)), (uint)reader.GetInt64(2)),
                Owner = SettlementAccount.Parse(reader.GetString(3)),
                Amount = new Money(StoredValues.Amount(reader.GetFieldValue<System.Numerics.BigInteger>(4)), StoredValues.Asset(reader.GetString(5), reader.GetInt16(6), reader.GetString(7))),
            });
        }

        return coins;
    }
}
