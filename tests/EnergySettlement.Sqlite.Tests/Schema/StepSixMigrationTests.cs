using System.Globalization;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite.Schema;
using EnergySettlement.Sqlite.Settlement;
using EnergySettlement.Storage.Contracts.Settlement;
using EnergySettlement.Trading;
using Microsoft.Data.Sqlite;

namespace EnergySettlement.Sqlite.Tests.Schema;

/// <summary>
/// A journal written by a package at schema version 5 (trades one column per field in <c>trade</c>, obligation ids in
/// <c>obligation</c>, participants in <c>plan_participant</c>) opens, migrates to step 6 and keeps every guarantee for
/// what it held: same content is "already exists", other content a conflict, an obligation is settled once.
/// </summary>
public sealed class StepSixMigrationTests : IAsyncLifetime
{
    private readonly TemporaryJournalFile _file = new();
    private readonly RecordedPlan _plan = JournalSamples.Plan();
    private readonly Trade[] _trades = [JournalSamples.Trade(1), JournalSamples.Trade(2), JournalSamples.Trade(3, JournalSamples.Period.Next)];

    public Task InitializeAsync()
    {
        WriteVersionFiveJournal();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return _file.DeleteAsync();
    }

    [Fact]
    public async Task MigrateAsync_VersionFiveJournal_MovesItsTablesAndDropsTheOldOnes()
    {
        await using (var journal = await _file.OpenAsync())
        {
            Assert.Equal(SqliteJournal.LatestSchemaVersion, await journal.MigrateAsync());
        }

        var tables = Query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name;");
        Assert.DoesNotContain("trade", tables);
        Assert.DoesNotContain("obligation", tables);
        Assert.DoesNotContain("plan_participant", tables);
        Assert.Equal(["2"], Query("SELECT count(*) FROM recorded_trade WHERE period_start_ticks = " + JournalSamples.Period.Start.UtcTicks.ToString(CultureInfo.InvariantCulture) + ";"));
        Assert.Equal([_plan.Plan.Obligations.Count.ToString(CultureInfo.InvariantCulture)], Query("SELECT count(*) FROM settled_obligation;"));
    }

    [Fact]
    public async Task MovedTrades_ReadBackInRecordingOrder_AndNewTradesFollowThem()
    {
        await using var journal = await _file.OpenAsync();
        ISettlementJournal settlement = journal;
        var later = JournalSamples.Trade(4);

        Assert.Equal(1, await settlement.AppendTradesAsync([later]));

        Assert.Equal([_trades[0], _trades[1], later], await settlement.GetTradesAsync(JournalSamples.Market, JournalSamples.Period));
        Assert.Equal([_trades[2]], await settlement.GetTradesAsync(JournalSamples.Market, JournalSamples.Period.Next));
    }

    [Fact]
    public async Task MovedTrades_SameContent_AlreadyExists_OtherContent_ConflictsAndWritesNothing()
    {
        await using var journal = await _file.OpenAsync();
        ISettlementJournal settlement = journal;

        Assert.Equal(0, await settlement.AppendTradesAsync([_trades[1], _trades[0]]));
        var changed = JournalSamples.Trade(2, wattHours: 900);
        Assert.Equal(_trades[1].Id, changed.Id);
        await Assert.ThrowsAsync<IdempotencyConflictException>(() => settlement.AppendTradesAsync([JournalSamples.Trade(5), changed]));

        Assert.Equal([_trades[0], _trades[1]], await settlement.GetTradesAsync(JournalSamples.Market, JournalSamples.Period));
    }

    [Fact]
    public async Task MovedPlan_ItsObligationsAreSettledOnce_AndItsParticipantsFindIt()
    {
        await using var journal = await _file.OpenAsync();
        ISettlementJournal settlement = journal;

        // A two-period window from the same period plans the same obligations for it: settled already, by the moved plan.
        var overlapping = JournalSamples.Plan(periods: 2);
        Assert.Contains(overlapping.Plan.Obligations, o => o.Id == _plan.Plan.Obligations[0].Id);
        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(() => settlement.AppendPlanAsync(overlapping));
        Assert.Contains(_plan.Plan.Obligations.Select(o => o.Id.Value), id => id == conflict.Key);
        Assert.Null(await settlement.GetPlanAsync(overlapping.WindowId));

        Assert.Equal(JournalWriteOutcome.AlreadyExists, await settlement.AppendPlanAsync(_plan));
        var buyer = _plan.Plan.Obligations[0].Payer;
        var found = await settlement.GetPlansForParticipantAsync(buyer, JournalSamples.Period.Start, JournalSamples.Period.End);
        Assert.Equal([_plan.WindowId], found.Select(p => p.WindowId));
    }

    /// <summary>Writes what a version-5 package wrote: steps 1 to 5, a plan with its obligation and participant rows,
    /// and trades one column per field.</summary>
    private void WriteVersionFiveJournal()
    {
        using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL; CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT;");
        foreach (var step in SqliteSchema.Steps.Where(s => s.Version <= 5))
        {
            Execute(connection, step.Sql);
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"INSERT INTO schema_migration VALUES ({step.Version}, 'step', '2026-01-01T00:00:00Z');"));
        }

        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA application_id = {SqliteSchema.ApplicationId}; UPDATE journal_counter SET last_position = 1;"));
        var p = _plan.Plan;
        Execute(
            connection,
            "INSERT INTO settlement_plan VALUES (1, $window, $market, $start, $at, 0, $content);",
            ("$window", _plan.WindowId.Value),
            ("$market", p.Window.Market.Value),
            ("$start", p.Window.Start.UtcTicks),
            ("$at", _plan.PlannedAt.UtcTicks),
            ("$content", SettlementRecordCodec.EncodePlan(_plan)));
        foreach (var obligation in p.Obligations)
        {
            Execute(connection, "INSERT INTO obligation VALUES ($id, 1);", ("$id", obligation.Id.Value));
        }

        foreach (var participant in p.Obligations.SelectMany(o => new[] { o.Payer.Value, o.Payee.Value }).Distinct())
        {
            Execute(connection, "INSERT INTO plan_participant VALUES ($participant, 1);", ("$participant", participant));
        }

        foreach (var t in _trades)
        {
            var price = t.Price.PerKilowattHour;
            var fee = t.NetworkFee!.Value.PerKilowattHour;
            Execute(
                connection,
                "INSERT INTO trade (trade_id, " + StepFourTrades.Columns + ") VALUES ($id, $market, $start, $length, $buyer, $seller, $buyOrder, $sellOrder, $price, $asset, $decimals, $symbol, $quantity, $at, $offset, $buyerZone, $sellerZone, $fee, $asset, $decimals, $symbol);",
                ("$id", t.Id.Value),
                ("$market", t.Market.Value),
                ("$start", t.Period.Start.UtcTicks),
                ("$length", t.Period.Length.Ticks),
                ("$buyer", t.Buyer.Value),
                ("$seller", t.Seller.Value),
                ("$buyOrder", t.BuyOrder.Value),
                ("$sellOrder", t.SellOrder.Value),
                ("$price", price.Amount.ToString(CultureInfo.InvariantCulture)),
                ("$asset", price.Asset.Id.ToString()),
                ("$decimals", (long)price.Asset.Decimals),
                ("$symbol", price.Asset.Symbol),
                ("$quantity", t.Quantity.WattHours),
                ("$at", t.ExecutedAt.UtcTicks),
                ("$offset", (long)t.ExecutedAt.Offset.TotalMinutes),
                ("$buyerZone", t.BuyerZone!.Value.Value),
                ("$sellerZone", t.SellerZone!.Value.Value),
                ("$fee", fee.Amount.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private List<string> Query(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return rows;
    }
}
