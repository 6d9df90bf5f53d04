using EnergySettlement.Sqlite.Schema;
using EnergySettlement.Trading;
using Microsoft.Data.Sqlite;

namespace EnergySettlement.Sqlite.Settlement;

/// <summary>How schema step 4's <c>trade</c> table held a trade (one column per field): read only by schema step 6,
/// which moves those trades into <c>recorded_trade</c>.</summary>
internal static class StepFourTrades
{
    public const string Columns = """
        market, period_start_ticks, period_length_ticks, buyer, seller, buy_order, sell_order, price_amount, price_asset_id,
        price_asset_decimals, price_asset_symbol, quantity_wh, executed_at_ticks, executed_at_offset, buyer_zone, seller_zone,
        network_fee_amount, network_fee_asset_id, network_fee_asset_decimals, network_fee_asset_symbol
        """;

    /// <summary>Reads a trade from the columns of <see cref="Columns"/>, in order from column <paramref name="first"/>.</summary>
    public static Trade Read(SqliteDataReader r, int first) => new()
    {
        Market = new MarketId(r.GetString(first + 0)),
        Period = DeliveryPeriod.Create(new DateTimeOffset(r.GetInt64(first + 1), TimeSpan.Zero), TimeSpan.FromTicks(r.GetInt64(first + 2))),
        Buyer = new ParticipantId(r.GetString(first + 3)),
        Seller = new ParticipantId(r.GetString(first + 4)),
        BuyOrder = new OrderId(r.GetInt64(first + 5)),
        SellOrder = new OrderId(r.GetInt64(first + 6)),
        Price = new Price(new Money(StoredValues.Amount(r.GetString(first + 7)), StoredValues.Asset(r.GetString(first + 8), r.GetInt64(first + 9), r.GetString(first + 10)))),
        Quantity = new Energy(r.GetInt64(first + 11)),
        ExecutedAt = StoredValues.Instant(r.GetInt64(first + 12), r.GetInt64(first + 13)),
        BuyerZone = r.IsDBNull(first + 14) ? null : new ZoneId(r.GetString(first + 14)),
        SellerZone = r.IsDBNull(first + 15) ? null : new ZoneId(r.GetString(first + 15)),
        NetworkFee = r.IsDBNull(first + 16) ? null : new Price(new Money(StoredValues.Amount(r.GetString(first + 16)), StoredValues.Asset(r.GetString(first + 17), r.GetInt64(first + 18), r.GetString(first + 19)))),
    };
}
