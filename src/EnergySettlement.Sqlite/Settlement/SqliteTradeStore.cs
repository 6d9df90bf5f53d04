using EnergySettlement.Settlement;
using EnergySettlement.Sqlite.Writing;
using EnergySettlement.Trading;
using Microsoft.Data.Sqlite;
using static EnergySettlement.Settlement.SettlementJournalRules;

namespace EnergySettlement.Sqlite.Settlement;

/// <summary>The trades of each delivery period (table <c>recorded_trade</c>, key the trade id): the trades half of the
/// <see cref="ISettlementJournal"/> behind <see cref="SqliteJournal"/>. A write of thousands of trades is one
/// transaction and one fsync. A trade is kept as <see cref="SettlementRecordCodec"/> bytes beside the columns that find
/// it, so a row is one key, three small columns and one blob: six values to bind, not twenty-one.</summary>
internal sealed class SqliteTradeStore(SqliteDatabase database)
{
    private const string InsertSql = """
        INSERT INTO recorded_trade (trade_id, market, period_start_ticks, period_length_ticks, sequence, content)
        VALUES ($id, $market, $start, $length, $sequence, $content) ON CONFLICT (trade_id) DO NOTHING;
        """;

    private const string FindSql = "SELECT content FROM recorded_trade WHERE trade_id = $id;";

    public Task<int> AppendAsync(IReadOnlyList<Trade> trades, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trades);
        var encoded = new EncodedTrade[trades.Count];
        var ids = new HashSet<string>(trades.Count, StringComparer.Ordinal);
        for (var i = 0; i < encoded.Length; i++)
        {
            var trade = trades[i];
            ArgumentNullException.ThrowIfNull(trade, nameof(trades));
            var id = trade.Id.Value;
            if (!ids.Add(id))
            {
                throw new ArgumentException($"Trade {id} appears twice in one write.", nameof(trades));
            }

            // Encoding needs no database: done here, on the caller's thread, not the writer's.
            encoded[i] = new EncodedTrade(trade, id, SettlementRecordCodec.EncodeTrade(trade));
        }

        return encoded.Length == 0
            ? Task.FromResult(0)
            : database.WriteAsync(context => Append(context, encoded), encoded.Length, cancellationToken);
    }

    public Task<IReadOnlyList<Trade>> GetAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Trade>>(
            (connection, _) =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT content FROM recorded_trade WHERE market = $market AND period_start_ticks = $start AND period_length_ticks = $length ORDER BY sequence;";
                command.Parameters.AddWithValue("$market", market.Value);
                command.Parameters.AddWithValue("$start", period.Start.UtcTicks);
                command.Parameters.AddWithValue("$length", period.Length.Ticks);
                var trades = new List<Trade>();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    trades.Add(SettlementRecordCodec.DecodeTrade((byte[])reader.GetValue(0)));
                }

                return trades;
            },
            snapshot: false,
            cancellationToken);

    /// <summary>
    /// Schema step 6: moves the trades of step 4's <c>trade</c> table (one column per field) into <c>recorded_trade</c>,
    /// keeping their recording order, and sets the sequence counter after them. Idempotent: trades already moved are kept.
    /// </summary>
    internal static void MoveStepFourTrades(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT id, " + StepFourTrades.Columns + " FROM trade ORDER BY id;";
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = InsertSql;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var market = insert.Parameters.Add("$market", SqliteType.Text);
        var start = insert.Parameters.Add("$start", SqliteType.Integer);
        var length = insert.Parameters.Add("$length", SqliteType.Integer);
        var sequence = insert.Parameters.Add("$sequence", SqliteType.Integer);
        var content = insert.Parameters.Add("$content", SqliteType.Blob);
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                var trade = StepFourTrades.Read(reader, first: 1);
                id.Value = trade.Id.Value;
                market.Value = trade.Market.Value;
                start.Value = trade.Period.Start.UtcTicks;
                length.Value = trade.Period.Length.Ticks;
                sequence.Value = reader.GetInt64(0);
                content.Value = SettlementRecordCodec.EncodeTrade(trade);
                insert.ExecuteNonQuery();
            }
        }

        using var counter = connection.CreateCommand();
        counter.Transaction = transaction;
        counter.CommandText = """
            UPDATE trade_counter SET last_sequence = max(last_sequence, (SELECT coalesce(max(sequence), 0) FROM recorded_trade)) WHERE id = 1;
            DROP INDEX IF EXISTS trade_by_period;
            DROP TABLE IF EXISTS trade;
            """;
        counter.ExecuteNonQuery();
    }

    private static int Append(SqliteWriteContext context, EncodedTrade[] trades)
    {
        // Sequence numbers (recording order) for every trade of the write; those of trades recorded before stay unused.
        var take = context.Statement("UPDATE trade_counter SET last_sequence = last_sequence + $count WHERE id = 1 RETURNING last_sequence;", "$count");
        take.Parameters[0].Value = (long)trades.Length;
        var sequence = (long)take.ExecuteScalar()! - trades.Length;

        // One statement per trade and no look-up first: a trade id recorded before is skipped by the insert itself
        // (ON CONFLICT DO NOTHING), and only those are read back and compared.
        var insert = context.RawStatement(InsertSql);
        var inserted = 0;
        List<EncodedTrade>? recorded = null;
        foreach (var trade in trades)
        {
            insert.Bind(1, trade.Id);
            insert.Bind(2, trade.Trade.Market.Value);
            insert.Bind(3, trade.Trade.Period.Start.UtcTicks);
            insert.Bind(4, trade.Trade.Period.Length.Ticks);
            insert.Bind(5, ++sequence);
            insert.Bind(6, trade.Content);
            if (insert.Execute() == 1)
            {
                inserted++;
            }
            else
            {
                // Recorded before (a write's own ids are distinct): compared below, once every row is in.
                (recorded ??= []).Add(trade);
            }
        }

        if (recorded is not null)
        {
            // Same content is "already exists" (not counted); other content refuses the whole write: throwing rolls back
            // the write's savepoint (or transaction), so nothing of it stays.
            var find = context.Statement(FindSql, "$id");
            foreach (var trade in recorded)
            {
                find.Parameters[0].Value = trade.Id;
                var bytes = (byte[])find.ExecuteScalar()!;
                if (!bytes.AsSpan().SequenceEqual(trade.Content))
                {
                    // Equal trades may differ in bytes (an instant's offset is kept, equality ignores it): compare as trades.
                    AlreadyExistsOrConflict(SettlementRecordCodec.DecodeTrade(bytes), trade.Trade, "trade", trade.Id);
                }
            }
        }

        return inserted;
    }

    /// <summary>A trade, its id and its bytes, worked out before the write is queued.</summary>
    private sealed record EncodedTrade(Trade Trade, string Id, byte[] Content);
}
