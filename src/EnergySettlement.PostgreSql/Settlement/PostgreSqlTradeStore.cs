using EnergySettlement.PostgreSql.Schema;
using EnergySettlement.PostgreSql.Writing;
using EnergySettlement.Settlement;
using EnergySettlement.Trading;
using Npgsql;
using NpgsqlTypes;
using static EnergySettlement.Settlement.SettlementJournalRules;

namespace EnergySettlement.PostgreSql.Settlement;

/// <summary>The trades of each delivery period (table <c>trade</c>, key the trade id): the trades half of the
/// <see cref="ISettlementJournal"/> behind <see cref="PostgreSqlJournal"/>. Existing ids are found with one query; a
/// large write streams its new trades with binary <c>COPY</c>.</summary>
internal sealed class PostgreSqlTradeStore(PostgreSqlDatabase database)
{
    private const int CopyThreshold = 64;

    private const string Columns = """
        market, period_start_ticks, period_length_ticks, buyer, seller, buy_order, sell_order, price_amount, price_asset_id,
        price_asset_decimals, price_asset_symbol, quantity_wh, executed_at_ticks, executed_at_offset, buyer_zone, seller_zone,
        network_fee_amount, network_fee_asset_id, network_fee_asset_decimals, network_fee_asset_symbol
        """;

    private readonly string _table = database.Quoted + ".trade";

    public Task<int> AppendAsync(IReadOnlyList<Trade> trades, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trades);
        var keyed = new (Trade Trade, string Id)[trades.Count];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keyed.Length; i++)
        {
            var trade = trades[i];
            ArgumentNullException.ThrowIfNull(trade, nameof(trades));
            var id = trade.Id.Value;
            if (!ids.Add(id))
            {
                throw new ArgumentException($"Trade {id} appears twice in one write.", nameof(trades));
            }

            keyed[i] = (trade, id);
        }

        return keyed.Length == 0
            ? Task.FromResult(0)
            : database.WriteAsync(context => AppendAsync(context, keyed), keyed.Length, cancellationToken);
    }

    public Task<IReadOnlyList<Trade>> GetAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Trade>>(
            async (connection, _) =>
            {
                await using var command = new NpgsqlCommand($"SELECT {Columns} FROM {_table} WHERE market = $1 AND period_start_ticks = $2 AND period_length_ticks = $3 ORDER BY id;", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = market.Value });
                command.Parameters.Add(new NpgsqlParameter { Value = period.Start.UtcTicks });
                command.Parameters.Add(new NpgsqlParameter { Value = period.Length.Ticks });
                var trades = new List<Trade>();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    trades.Add(Read(reader, 0));
                }

                return trades;
            },
            snapshot: false,
            cancellationToken);

    private async Task<int> AppendAsync(PostgreSqlWriteContext context, (Trade Trade, string Id)[] trades)
    {
        // Check every trade before writing any: a conflict anywhere writes nothing.
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        var offered = trades.ToDictionary(t => t.Id, t => t.Trade, StringComparer.Ordinal);
        await using (var reader = await context.QueryAsync($"SELECT trade_id, {Columns} FROM {_table} WHERE trade_id = ANY($1);", (object)trades.Select(t => t.Id).ToArray()).ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var id = reader.GetString(0);
                AlreadyExistsOrConflict(Read(reader, 1), offered[id], "trade", id);
                recorded.Add(id);
            }
        }

        var fresh = trades.Where(t => !recorded.Contains(t.Id)).ToArray();
        if (fresh.Length == 0)
        {
            return 0;
        }

        if (fresh.Length < CopyThreshold)
        {
            foreach (var (trade, id) in fresh)
            {
                var price = trade.Price.PerKilowattHour;
                var fee = trade.NetworkFee?.PerKilowattHour;
                await context.ExecuteAsync(
                    $"INSERT INTO {_table} (trade_id, {Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21);",
                    id, trade.Market.Value, trade.Period.Start.UtcTicks, trade.Period.Length.Ticks, trade.Buyer.Value, trade.Seller.Value,
                    trade.BuyOrder.Value, trade.SellOrder.Value, StoredValues.Amount(price.Amount), price.Asset.Id.ToString(), (short)price.Asset.Decimals,
                    price.Asset.Symbol, trade.Quantity.WattHours, StoredValues.Ticks(trade.ExecutedAt), StoredValues.OffsetMinutes(trade.ExecutedAt),
                    trade.BuyerZone?.Value, trade.SellerZone?.Value, fee is { } f ? StoredValues.Amount(f.Amount) : null, fee?.Asset.Id.ToString(),
                    fee is { } d ? (short)d.Asset.Decimals : null, fee?.Asset.Symbol).ConfigureAwait(false);
            }

            return fresh.Length;
        }

        await using var importer = await context.BeginCopyAsync($"COPY {_table} (trade_id, {Columns}) FROM STDIN (FORMAT BINARY);").ConfigureAwait(false);
        foreach (var (trade, id) in fresh)
        {
            var price = trade.Price.PerKilowattHour;
            await importer.StartRowAsync().ConfigureAwait(false);
            await importer.WriteAsync(id, NpgsqlDbType.Text).ConfigureAwait(false);
            await importer.WriteAsync(trade.Market.Value, NpgsqlDbType.Text).ConfigureAwait(false);
            await importer.WriteAsync(trade.Period.Start.UtcTicks, NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(trade.Period.Length.Ticks, NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(trade.Buyer.Value, NpgsqlDbType.Text).ConfigureAwait(false);
            await importer.WriteAsync(trade.Seller.Value, NpgsqlDbType.Text).ConfigureAwait(false);
            await importer.WriteAsync(trade.BuyOrder.Value, NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(trade.SellOrder.Value, NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(StoredValues.Amount(price.Amount), NpgsqlDbType.Numeric).ConfigureAwait(false);
            await importer.WriteAsync(price.Asset.Id.ToString(), NpgsqlDbType.Text).ConfigureAwait(false);
            await importer.WriteAsync((short)price.Asset.Decimals, NpgsqlDbType.Smallint).ConfigureAwait(false);
            await importer.WriteAsync(price.Asset.Symbol, NpgsqlDbType.Text).ConfigureAwait(false);
            await importer.WriteAsync(trade.Quantity.WattHours, NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(StoredValues.Ticks(trade.ExecutedAt), NpgsqlDbType.Bigint).ConfigureAwait(false);
            await importer.WriteAsync(StoredValues.OffsetMinutes(trade.ExecutedAt), NpgsqlDbType.Smallint).ConfigureAwait(false);
            await WriteNullableAsync(importer, trade.BuyerZone?.Value, NpgsqlDbType.Text).ConfigureAwait(false);
            await WriteNullableAsync(importer, trade.SellerZone?.Value, NpgsqlDbType.Text).ConfigureAwait(false);
            if (trade.NetworkFee?.PerKilowattHour is { } fee)
            {
                await importer.WriteAsync(StoredValues.Amount(fee.Amount), NpgsqlDbType.Numeric).ConfigureAwait(false);
                await importer.WriteAsync(fee.Asset.Id.ToString(), NpgsqlDbType.Text).ConfigureAwait(false);
                await importer.WriteAsync((short)fee.Asset.Decimals, NpgsqlDbType.Smallint).ConfigureAwait(false);
                await importer.WriteAsync(fee.Asset.Symbol, NpgsqlDbType.Text).ConfigureAwait(false);
            }
            else
            {
                for (var i = 0; i < 4; i++)
                {
                    await importer.WriteNullAsync().ConfigureAwait(false);
                }
            }
        }

        await importer.CompleteAsync().ConfigureAwait(false);
        return fresh.Length;
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            await importer.WriteNullAsync().ConfigureAwait(false);
        }
        else
        {
            await importer.WriteAsync(value, type).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a trade from the columns of <see cref="Columns"/>, in order, from column <paramref name="at"/> on.</summary>
    private static Trade Read(NpgsqlDataReader r, int at) => new()
    {
        Market = new MarketId(r.GetString(at)),
        Period = DeliveryPeriod.Create(new DateTimeOffset(r.GetInt64(at + 1), TimeSpan.Zero), TimeSpan.FromTicks(r.GetInt64(at + 2))),
        Buyer = new ParticipantId(r.GetString(at + 3)),
        Seller = new ParticipantId(r.GetString(at + 4)),
        BuyOrder = new OrderId(r.GetInt64(at + 5)),
        SellOrder = new OrderId(r.GetInt64(at + 6)),
        Price = new Price(new Money(StoredValues.Amount(r.GetFieldValue<System.Numerics.BigInteger>(at + 7)), StoredValues.Asset(r.GetString(at + 8), r.GetInt16(at + 9), r.GetString(at + 10)))),
        Quantity = new Energy(r.GetInt64(at + 11)),
        ExecutedAt = StoredValues.Instant(r.GetInt64(at + 12), r.GetInt16(at + 13)),
        BuyerZone = r.IsDBNull(at + 14) ? null : new ZoneId(r.GetString(at + 14)),
        SellerZone = r.IsDBNull(at + 15) ? null : new ZoneId(r.GetString(at + 15)),
        NetworkFee = r.IsDBNull(at + 16)
            ? null
            : new Price(new Money(StoredValues.Amount(r.GetFieldValue<System.Numerics.BigInteger>(at + 16)), StoredValues.Asset(r.GetString(at + 17), r.GetInt16(at + 18), r.GetString(at + 19)))),
    };
}
