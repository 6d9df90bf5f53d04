using EnergySettlement.Trading;

namespace EnergySettlement.Cli.Input;

/// <summary>
/// Reads a trades file (CSV or JSON; docs/cli.md): one executed trade per record, as a market operator's matching engine
/// exports them. Every trade belongs to the config's market and its parties must be configured participants.
/// </summary>
internal static class TradeFile
{
    /// <summary>The columns every trade has.</summary>
    public static readonly IReadOnlyList<string> Required = ["period_start", "seller", "buyer", "energy_wh", "price_per_kwh", "sell_order", "buy_order", "executed_at"];

    /// <summary>The optional columns.</summary>
    public static readonly IReadOnlyList<string> Optional = ["network_fee_per_kwh", "seller_zone", "buyer_zone"];

    /// <summary>Reads and checks a trades file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="config">The settlement config (market, participants).</param>
    /// <returns>The trades with the line each is on, in file order.</returns>
    /// <exception cref="InputFileException">The file is unreadable or a record breaks a rule; the first problem found.</exception>
    public static IReadOnlyList<Located<Trade>> Read(string path, SettlementConfig config)
    {
        var market = config.Market;
        var trades = new List<Located<Trade>>();
        var lines = new Dictionary<TradeId, long>();
        foreach (var record in InputRecords.Read(path, Required, Optional))
        {
            var start = record.Timestamp("period_start");
            DeliveryPeriod period;
            try
            {
                period = DeliveryPeriod.Create(start, market.PeriodLength);
            }
            catch (ArgumentException ex)
            {
                throw record.Error($"'period_start' must start a {market.PeriodLength.TotalMinutes:0}-minute delivery period of market '{market.Id}': {ex.Message}", ex);
            }

            var seller = Party(record, "seller", config);
            var buyer = Party(record, "buyer", config);
            if (seller == buyer)
            {
                throw record.Error($"The seller and the buyer are both '{seller}'.");
            }

            var price = record.Price("price_per_kwh", market.QuoteAsset);
            if (price < market.MinPrice || price > market.MaxPrice)
            {
                throw record.Error($"'price_per_kwh' {price} is outside market '{market.Id}''s range {market.MinPrice} to {market.MaxPrice}.");
            }

            var fee = record.OptionalPrice("network_fee_per_kwh", market.QuoteAsset);
            if (fee is { PerKilowattHour.IsNegative: true })
            {
                throw record.Error($"'network_fee_per_kwh' must not be negative; found {fee}.");
            }

            var trade = new Trade
            {
                Market = market.Id,
                Period = period,
                Seller = seller,
                Buyer = buyer,
                SellOrder = new OrderId(record.Integer("sell_order", 1)),
                BuyOrder = new OrderId(record.Integer("buy_order", 1)),
                Price = price,
                Quantity = new Energy(record.Integer("energy_wh", 1)),
                ExecutedAt = record.Timestamp("executed_at"),
                NetworkFee = fee,
                SellerZone = record.OptionalIdentifier("seller_zone", t => new ZoneId(t)),
                BuyerZone = record.OptionalIdentifier("buyer_zone", t => new ZoneId(t)),
            };
            if (!lines.TryAdd(trade.Id, record.Line))
            {
                throw record.Error($"Trade {trade.Id} (same period, orders and execution time) is already on line {lines[trade.Id]}.");
            }

            trades.Add(new Located<Trade>(trade, record.Line));
        }

        return trades;
    }

    private static ParticipantId Party(InputRecord record, string field, SettlementConfig config)
    {
        var id = record.Identifier(field, t => new ParticipantId(t));
        return config.FindParticipant(id) is null
            ? throw record.Error($"'{field}' '{id}' is not a participant of the config ({config.File}); add it there with its accounts.")
            : id;
    }
}
