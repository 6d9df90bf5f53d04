using EnergySettlement.Settlement.Journal;
using EnergySettlement.Sqlite.Schema;
using EnergySettlement.Sqlite.Writing;
using EnergySettlement.Trading;
using Microsoft.Data.Sqlite;

namespace EnergySettlement.Sqlite.Settlement;

/// <summary>The trades of each delivery period (table <c>trade</c>, key the trade id): the trades half of the
/// <see cref="ISettlementJournal"/> behind <see cref="SqliteJournal"/>. A write of thousands of trades is one
/// transaction and one fsync.</summary>
internal sealed class SqliteTradeStore(SqliteDatabase database)
{
    private const string Columns = """
        market, period_start_ticks, period_length_ticks, buyer, seller, buy_order, sell_order, price_amount, price_asset_id,
        price_asset_decimals, price_asset_symbol, quantity_wh, executed_at_ticks, executed_at_offset, buyer_zone, seller_zone,
        network_fee_amount, network_fee_asset_id, network_fee_asset_decimals, network_fee_asset_symbol
        """;

    private const string FindSql = "SELECT " + Columns + " FROM trade WHERE trade_id = $id;";

    private const string InsertSql = "INSERT INTO trade (trade_id, " + Columns + """
        ) VALUES ($id, $market, $start, $length, $buyer, $seller, $buyOrder, $sellOrder, $price, $priceAsset, $priceDecimals,
        $priceSymbol, $quantity, $executedAt, $executedOffset, $buyerZone, $sellerZone, $fee, $feeAsset, $feeDecimals, $feeSymbol);
        """;

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
            : database.WriteAsync(context => Append(context, keyed), keyed.Length, cancellationToken);
    }

    public Task<IReadOnlyList<Trade>> GetAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Trade>>(
            (connection, _) =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT " + Columns + " FROM trade WHERE market = $market AND period_start_ticks = $start AND period_length_ticks = $length ORDER BY id;";
                command.Parameters.AddWithValue("$market", market.Value);
                command.Parameters.AddWithValue("$start", period.Start.UtcTicks);
                command.Parameters.AddWithValue("$length", period.Length.Ticks);
                var trades = new List<Trade>();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    trades.Add(Read(reader));
                }

                return trades;
            },
            snapshot: false,
            cancellationToken);

    private static int Append(SqliteWriteContext context, (Trade Trade, string Id)[] trades)
    {
        // Check every trade before writing any: a conflict anywhere writes nothing.
        var find = context.Statement(FindSql, "$id");
        var fresh = new List<(Trade Trade, string Id)>(trades.Length);
        foreach (var (trade, id) in trades)
        {
            find.Parameters[0].Value = id;
            using var reader = find.ExecuteReader();
            if (reader.Read())
            {
                JournalKeys.Same(Read(reader), trade, "trade", id);
            }
            else
            {
                fresh.Add((trade, id));
            }
        }

        var insert = context.Statement(InsertSql, "$id", "$market", "$start", "$length", "$buyer", "$seller", "$buyOrder", "$sellOrder", "$price", "$priceAsset", "$priceDecimals", "$priceSymbol", "$quantity", "$executedAt", "$executedOffset", "$buyerZone", "$sellerZone", "$fee", "$feeAsset", "$feeDecimals", "$feeSymbol");
        var p = insert.Parameters;
        foreach (var (trade, id) in fresh)
        {
            var price = trade.Price.PerKilowattHour;
            var fee = trade.NetworkFee?.PerKilowattHour;
            p[0].Value = id;
            p[1].Value = trade.Market.Value;
            p[2].Value = trade.Period.Start.UtcTicks;
            p[3].Value = trade.Period.Length.Ticks;
            p[4].Value = trade.Buyer.Value;
            p[5].Value = trade.Seller.Value;
            p[6].Value = trade.BuyOrder.Value;
            p[7].Value = trade.SellOrder.Value;
            p[8].Value = StoredValues.Amount(price.Amount);
            p[9].Value = price.Asset.Id.ToString();
            p[10].Value = (long)price.Asset.Decimals;
            p[11].Value = price.Asset.Symbol;
            p[12].Value = trade.Quantity.WattHours;
            p[13].Value = StoredValues.Ticks(trade.ExecutedAt);
            p[14].Value = StoredValues.OffsetMinutes(trade.ExecutedAt);
            p[15].Value = StoredValues.OrNull(trade.BuyerZone?.Value);
            p[16].Value = StoredValues.OrNull(trade.SellerZone?.Value);
            p[17].Value = StoredValues.OrNull(fee is { } f ? StoredValues.Amount(f.Amount) : null);
            p[18].Value = StoredValues.OrNull(fee?.Asset.Id.ToString());
            p[19].Value = StoredValues.OrNull(fee is { } d ? (long?)d.Asset.Decimals : null);
            p[20].Value = StoredValues.OrNull(fee?.Asset.Symbol);
            insert.ExecuteNonQuery();
        }

        return fresh.Count;
    }

    /// <summary>Reads a trade from the columns of <see cref="Columns"/>, in order.</summary>
    private static Trade Read(SqliteDataReader r) => new()
    {
        Market = new MarketId(r.GetString(0)),
        Period = DeliveryPeriod.Create(new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero), TimeSpan.FromTicks(r.GetInt64(2))),
        Buyer = new ParticipantId(r.GetString(3)),
        Seller = new ParticipantId(r.GetString(4)),
        BuyOrder = new OrderId(r.GetInt64(5)),
        SellOrder = new OrderId(r.GetInt64(6)),
        Price = new Price(new Money(StoredValues.Amount(r.GetString(7)), StoredValues.Asset(r.GetString(8), r.GetInt64(9), r.GetString(10)))),
        Quantity = new Energy(r.GetInt64(11)),
        ExecutedAt = StoredValues.Instant(r.GetInt64(12), r.GetInt64(13)),
        BuyerZone = r.IsDBNull(14) ? null : new ZoneId(r.GetString(14)),
        SellerZone = r.IsDBNull(15) ? null : new ZoneId(r.GetString(15)),
        NetworkFee = r.IsDBNull(16) ? null : new Price(new Money(StoredValues.Amount(r.GetString(16)), StoredValues.Asset(r.GetString(17), r.GetInt64(18), r.GetString(19)))),
    };
}
