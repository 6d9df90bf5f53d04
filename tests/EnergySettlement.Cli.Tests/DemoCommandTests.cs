using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Settlement;
using EnergySettlement.Sqlite;

namespace EnergySettlement.Cli.Tests;

/// <summary>The demo command in-process, through the real root command: exit codes, report, chart, journal.</summary>
public sealed partial class DemoCommandTests
{
    [Fact]
    public async Task Demo_SmallNeighbourhood_ExitsZeroAndTheJsonReportBalances()
    {
        using var folder = new TempFolder();
        var json = folder.File("report.json");

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--homes", "6", "--periods", "16", "--seed", "7", "--json", json);

        Assert.True(exit == ExitCodes.Ok, output + error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        Assert.Equal("neighbourhood", root.GetProperty("scenario").GetString());
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        Assert.Equal(16, root.GetProperty("periods").GetArrayLength());
        var homes = root.GetProperty("homes").EnumerateArray().ToList();
        Assert.Equal(6, homes.Count);
        Assert.Equal(["feeder-a", "feeder-b"], root.GetProperty("market").GetProperty("zones").EnumerateArray().Select(z => z.GetString()));
        var settlement = root.GetProperty("settlement");
        Assert.True(settlement.GetProperty("ok").GetBoolean());
        Assert.Equal(settlement.GetProperty("totalPaid").GetString(), settlement.GetProperty("totalReceived").GetString());
        Assert.Equal(settlement.GetProperty("batches").GetInt32(), settlement.GetProperty("finalBatches").GetInt32());
        Assert.True(settlement.GetProperty("batches").GetInt32() > 0);

        // What each home's balance did on the chain is exactly its bill: what it owed minus what it was owed.
        foreach (var home in homes)
        {
            Assert.Equal(-Decimal(home, "billWithPeerTrading"), Decimal(home, "balanceChange"));
        }

        Assert.Equal(Decimal(root.GetProperty("energy"), "load"), root.GetProperty("periods").EnumerateArray().Sum(p => Decimal(p, "load")));
    }

    [Fact]
    public async Task Demo_WithAJournal_SettlesEveryObligationExactlyOnce()
    {
        using var folder = new TempFolder();
        var journalPath = folder.File("demo.db");
        var json = folder.File("report.json");

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--homes", "8", "--periods", "12", "--journal", journalPath, "--json", json);

        Assert.True(exit == ExitCodes.Ok, output + error);

        // Read the journal back on its own and check it against the chain balances the report shows.
        await using var sqlite = new SqliteJournal(new SqliteJournalOptions { Path = journalPath });
        ISettlementJournal journal = sqlite;
        var plans = new Dictionary<SettlementWindowId, RecordedPlan>();
        var market = new MarketId("sunny-street");
        for (var p = 0; p < 12; p++)
        {
            var period = DeliveryPeriod.Create(new DateTimeOffset(2026, 6, 21, 0, 0, 0, TimeSpan.Zero).AddMinutes(15 * p), TimeSpan.FromMinutes(15));
            foreach (var plan in await journal.GetPlansCoveringAsync(market, period))
            {
                plans[plan.WindowId] = plan;
            }
        }

        Assert.Equal(3, plans.Count);
        var obligations = plans.Values.SelectMany(p => p.Plan.Obligations).ToList();
        var legs = plans.Values.SelectMany(p => p.Plan.Batches).SelectMany(b => b.Legs).ToList();
        Assert.NotEmpty(obligations);
        var inLegs = legs.SelectMany(l => l.Obligations).GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(inLegs, entry => Assert.Equal(1, entry.Value));
        var pairsPaid = legs.Select(l => Pair(l.Payer.Value, l.Payee.Value)).ToHashSet();
        Assert.All(obligations.Where(o => !inLegs.ContainsKey(o.Id)), o => Assert.DoesNotContain(Pair(o.Payer.Value, o.Payee.Value), pairsPaid));

        var batches = await journal.GetOpenBatchesAsync(DateTimeOffset.MinValue);
        Assert.Equal(plans.Values.Sum(p => p.Plan.Batches.Count), batches.Count);
        Assert.All(batches, b =>
        {
            Assert.Equal(BatchState.Final, b.State);
            Assert.Single(b.Transactions, t => t.PaysBatch && t.ChainState == EnergySettlement.Chains.SettlementState.Final);
        });

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        foreach (var home in report.RootElement.GetProperty("homes").EnumerateArray())
        {
            var id = new ParticipantId(home.GetProperty("id").GetString()!);
            var owed = obligations.Where(o => o.Payee == id).Sum(o => (decimal)o.Amount.Amount) - obligations.Where(o => o.Payer == id).Sum(o => (decimal)o.Amount.Amount);
            Assert.Equal(owed / 1_000_000m, Decimal(home, "balanceChange"));
        }
    }

    [Fact]
    public async Task Demo_DefaultRun_CrossZoneBuyersPayTheInterZoneFeeToTheGridOperatorAndIntraZoneBuyersNone()
    {
        using var folder = new TempFolder();
        var journalPath = folder.File("grid.db");
        var json = folder.File("grid.json");

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--journal", journalPath, "--json", json);

        Assert.True(exit == ExitCodes.Ok, output + error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        var market = root.GetProperty("market");
        var fees = market.GetProperty("networkFees").EnumerateArray().ToList();
        Assert.Equal(2, fees.Count);
        Assert.All(fees, f => Assert.Equal(0.015m, Decimal(f, "perKwh")));

        // The journal is the record: every plan, its deliveries (with each trade's zones and fee) and its obligations.
        await using var sqlite = new SqliteJournal(new SqliteJournalOptions { Path = journalPath });
        ISettlementJournal journal = sqlite;
        var plans = new Dictionary<SettlementWindowId, RecordedPlan>();
        for (var p = 0; p < 96; p++)
        {
            foreach (var plan in await journal.GetPlansCoveringAsync(new MarketId("sunny-street"), PeriodAt(p)))
            {
                plans[plan.WindowId] = plan;
            }
        }

        Assert.Equal(24, plans.Count);
        var gridOperator = new ParticipantId("grid-operator");
        var obligations = plans.Values.SelectMany(p => p.Plan.Obligations).ToList();
        var deliveries = plans.Values.SelectMany(p => p.Plan.Deliveries).Where(d => d.Delivered.WattHours > 0).ToList();
        Assert.DoesNotContain(obligations, o => o.Reason == ObligationReason.GridFee);
        Assert.Contains(deliveries, d => d.Trade.SellerZone != d.Trade.BuyerZone);
        Assert.Contains(deliveries, d => d.Trade.SellerZone == d.Trade.BuyerZone);
        Assert.All(deliveries, d =>
        {
            Assert.NotNull(d.Trade.SellerZone);
            Assert.NotNull(d.Trade.BuyerZone);
            var expected = d.Trade.SellerZone == d.Trade.BuyerZone ? 0m : 0.015m;
            Assert.Equal(expected, (decimal)(d.Trade.NetworkFee?.PerKilowattHour.Amount ?? 0) / 1_000_000m);
        });

        // Per buyer and period: the network-fee obligation to the grid operator is 0.015/kWh of the energy delivered to
        // it across zones, and a buyer that bought only inside its zone owes none.
        var byBuyerAndPeriod = deliveries.GroupBy(d => (d.Trade.Buyer, d.Trade.Period)).ToList();
        Assert.Contains(byBuyerAndPeriod, g => g.All(d => d.Trade.SellerZone == d.Trade.BuyerZone));
        foreach (var group in byBuyerAndPeriod)
        {
            var acrossWh = group.Where(d => d.Trade.SellerZone != d.Trade.BuyerZone).Sum(d => d.Delivered.WattHours);
            var owed = obligations.Where(o => o.Reason == ObligationReason.NetworkFee && o.Payer == group.Key.Buyer && o.Period == group.Key.Period).ToList();
            if (acrossWh == 0)
            {
                Assert.Empty(owed);
            }
            else
            {
                var fee = Assert.Single(owed);
                Assert.Equal(gridOperator, fee.Payee);
                Assert.Equal(acrossWh * 15L, (long)fee.Amount.Amount);
            }
        }

        Assert.Equal(byBuyerAndPeriod.Count(g => g.Any(d => d.Trade.SellerZone != d.Trade.BuyerZone)), obligations.Count(o => o.Reason == ObligationReason.NetworkFee));

        // The report's zone pairs say the same: fees only across zones, adding up to the settlement's network fees.
        var pairs = root.GetProperty("zonePairs").EnumerateArray().ToList();
        Assert.Equal(4, pairs.Count);
        foreach (var pair in pairs)
        {
            var across = pair.GetProperty("from").GetString() != pair.GetProperty("to").GetString();
            Assert.Equal(across ? 0.015m : 0m, Decimal(pair, "networkFeePerKwh"));
            Assert.Equal(Decimal(pair, "delivered") * (across ? 0.015m : 0m) / 1_000m, Decimal(pair, "networkFees"));
        }

        var settlement = root.GetProperty("settlement");
        var networkFees = obligations.Where(o => o.Reason == ObligationReason.NetworkFee).Sum(o => (decimal)o.Amount.Amount) / 1_000_000m;
        Assert.True(networkFees > 0);
        Assert.Equal(networkFees, Decimal(settlement, "networkFees"));
        Assert.Equal(networkFees, pairs.Sum(p => Decimal(p, "networkFees")));
        Assert.Equal(networkFees, root.GetProperty("homes").EnumerateArray().Sum(h => Decimal(h, "networkFees")));
        var energy = root.GetProperty("energy");
        Assert.Equal(Decimal(energy, "tradedAcrossZones"), pairs.Where(p => p.GetProperty("from").GetString() != p.GetProperty("to").GetString()).Sum(p => Decimal(p, "traded")));
        Assert.Equal(Decimal(energy, "tradedInsideZones"), pairs.Where(p => p.GetProperty("from").GetString() == p.GetProperty("to").GetString()).Sum(p => Decimal(p, "traded")));
        Assert.True(settlement.GetProperty("ok").GetBoolean());
        Assert.True(settlement.GetProperty("paidEqualsReceived").GetBoolean());
        Assert.Equal(settlement.GetProperty("totalPaid").GetString(), settlement.GetProperty("totalReceived").GetString());
    }

    [Fact]
    public async Task Demo_DefaultRun_NeverExceedsTheTransferLimitAndItBindsAtMidday()
    {
        using var folder = new TempFolder();
        var json = folder.File("limits.json");

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--json", json);

        Assert.True(exit == ExitCodes.Ok, output + error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        var limits = root.GetProperty("market").GetProperty("transferLimits").EnumerateArray()
            .ToDictionary(l => (l.GetProperty("from").GetString()!, l.GetProperty("to").GetString()!), l => l.GetProperty("perPeriod").GetInt64());
        Assert.Equal(2, limits.Count);
        Assert.All(limits.Values, limit => Assert.True(limit > 0));
        var atLimitMidday = 0;
        var transfers = 0;
        foreach (var period in root.GetProperty("periods").EnumerateArray())
        {
            var hour = period.GetProperty("start").GetDateTimeOffset().Hour;
            foreach (var transfer in period.GetProperty("transfers").EnumerateArray())
            {
                transfers++;
                var key = (transfer.GetProperty("from").GetString()!, transfer.GetProperty("to").GetString()!);
                Assert.NotEqual(key.Item1, key.Item2);
                var energy = transfer.GetProperty("energy").GetInt64();
                Assert.True(energy <= limits[key], $"{period.GetProperty("start")}: {energy} Wh {key} is over the limit {limits[key]} Wh.");
                atLimitMidday += energy == limits[key] && hour is >= 10 and < 15 ? 1 : 0;
            }
        }

        Assert.True(transfers > 0);
        Assert.True(atLimitMidday > 0, "The transfer limit never binds at midday with the default seed.");
        Assert.Equal(root.GetProperty("energy").GetProperty("tradedAcrossZones").GetInt64(),
            root.GetProperty("periods").EnumerateArray().SelectMany(p => p.GetProperty("transfers").EnumerateArray()).Sum(t => t.GetProperty("energy").GetInt64()));
        Assert.True(root.GetProperty("settlement").GetProperty("paidEqualsReceived").GetBoolean());
    }

    [Fact]
    public async Task Demo_TwoHomesScenario_SettlesBetweenTheTwoTestHomes()
    {
        using var folder = new TempFolder();
        var json = folder.File("two.json");

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--scenario", "two-homes", "--periods", "96", "--json", json);

        Assert.True(exit == ExitCodes.Ok, output + error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(["test-home-1", "test-home-2"], report.RootElement.GetProperty("homes").EnumerateArray().Select(h => h.GetProperty("id").GetString()));
        Assert.True(report.RootElement.GetProperty("energy").GetProperty("peerToPeer").GetInt64() > 0);

        // Both test homes are on feeder-a: everything is traded inside the zone and no network fee is owed.
        Assert.Equal(0, report.RootElement.GetProperty("energy").GetProperty("tradedAcrossZones").GetInt64());
        Assert.True(report.RootElement.GetProperty("energy").GetProperty("tradedInsideZones").GetInt64() > 0);
        Assert.Equal(0m, Decimal(report.RootElement.GetProperty("settlement"), "networkFees"));
        Assert.DoesNotContain("NetworkFee", report.RootElement.GetProperty("settlement").GetProperty("obligationsByReason").EnumerateObject().Select(p => p.Name));
        Assert.Contains("test-home-2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_SameSeed_GivesTheSameOutput()
    {
        var first = await CliRunner.RunAsync("demo", "--homes", "5", "--periods", "8", "--seed", "42");
        var second = await CliRunner.RunAsync("demo", "--homes", "5", "--periods", "8", "--seed", "42");
        var other = await CliRunner.RunAsync("demo", "--homes", "5", "--periods", "8", "--seed", "43");

        Assert.Equal(ExitCodes.Ok, first.Exit);
        Assert.Equal(WithoutElapsed(first.Output), WithoutElapsed(second.Output));
        Assert.NotEqual(WithoutElapsed(first.Output), WithoutElapsed(other.Output));
    }

    [Theory]
    [InlineData("day.png")]
    [InlineData("day.svg")]
    public async Task Demo_Chart_WritesAValidImage(string name)
    {
        using var folder = new TempFolder();
        var chart = folder.File(name);

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--homes", "4", "--periods", "8", "--chart", chart);

        Assert.True(exit == ExitCodes.Ok, output + error);
        var bytes = await File.ReadAllBytesAsync(chart);
        if (name.EndsWith(".png", StringComparison.Ordinal))
        {
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            Assert.True(bytes.Length > 10_000, $"A 1200x600 chart of {bytes.Length} bytes is suspiciously small.");
        }
        else
        {
            var svg = Encoding.UTF8.GetString(bytes);
            Assert.Contains("<svg", svg, StringComparison.Ordinal);
            Assert.EndsWith("</svg>", svg.TrimEnd(), StringComparison.Ordinal);
            Assert.Contains("load (kW)", svg, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Demo_JournalThatExists_IsAnInputErrorAndLeavesItAlone()
    {
        using var folder = new TempFolder();
        var journal = folder.File("old.db");
        await File.WriteAllTextAsync(journal, "not mine");

        var (exit, _, error) = await CliRunner.RunAsync("demo", "--periods", "4", "--journal", journal);

        Assert.Equal(ExitCodes.InputError, exit);
        Assert.Contains("already exists", error, StringComparison.Ordinal);
        Assert.Equal("not mine", await File.ReadAllTextAsync(journal));
    }

    [Fact]
    public async Task Demo_OutputInAMissingFolder_IsAUsageError()
    {
        var (exit, _, error) = await CliRunner.RunAsync("demo", "--json", "/nonexistent-folder-energy-settle/report.json");

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_CancelledWhileRunning_Exits130()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var (exit, _, error) = await CliRunner.RunAsync(cancellation.Token, "demo", "--homes", "40", "--periods", "672");

        Assert.Equal(ExitCodes.Cancelled, exit);
        Assert.Contains("cancelled", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_Verbose_WritesTheSdksLogToStandardErrorOnly()
    {
        var quiet = await CliRunner.RunAsync("demo", "--homes", "3", "--periods", "4");
        var verbose = await CliRunner.RunAsync("demo", "--homes", "3", "--periods", "4", "--verbose");

        Assert.Equal(ExitCodes.Ok, verbose.Exit);
        Assert.Equal(string.Empty, quiet.Error);
        Assert.Contains("info: EnergySettlement.Settlement.SettlementService[", verbose.Error, StringComparison.Ordinal);
        Assert.Equal(WithoutElapsed(quiet.Output), WithoutElapsed(verbose.Output));
    }

    private static DeliveryPeriod PeriodAt(int index) =>
        DeliveryPeriod.Create(new DateTimeOffset(2026, 6, 21, 0, 0, 0, TimeSpan.Zero).AddMinutes(15 * index), TimeSpan.FromMinutes(15));

    private static string WithoutElapsed(string output) => ElapsedLine().Replace(output, "Elapsed: …");

    private static decimal Decimal(JsonElement element, string property) =>
        element.GetProperty(property) is { ValueKind: JsonValueKind.String } text
            ? decimal.Parse(text.GetString()!, CultureInfo.InvariantCulture)
            : element.GetProperty(property).GetDecimal();

    private static (string, string) Pair(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);

    [GeneratedRegex(@"Elapsed: [0-9.]+ s")]
    private static partial Regex ElapsedLine();
}
