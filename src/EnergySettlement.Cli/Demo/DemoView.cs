using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Cli.Hosting;
using Spectre.Console;

namespace EnergySettlement.Cli.Demo;

/// <summary>Prints the demo with Spectre.Console: tables, a live progress bar on a terminal, colours only there.</summary>
internal sealed class DemoView(CliContext context)
{
    private readonly IAnsiConsole _console = context.Console;

    public void Introduction(DemoOptions options, MarketDefinition market, List<Home> homes, IDemoChain chain, IReadOnlyDictionary<string, SettlementAccount> accounts, string journalPath)
    {
        _console.Write(new Rule($"[bold]energy-settle demo[/] — {Escape(options.Scenario == DemoScenario.TwoHomes ? "two test homes" : $"{homes.Count} homes")}, seed {options.Seed}").LeftJustified());
        _console.MarkupLine(Escape(string.Create(CultureInfo.InvariantCulture,
            $"Market '{market.Id}': continuous trading of {market.PeriodLength.TotalMinutes:0}-minute periods, gate closure {market.GateClosureLead.TotalMinutes:0} min ahead, {options.Periods} periods from {DemoRun.DayStart:yyyy-MM-dd HH:mm} UTC")));
        _console.MarkupLine(Escape($"Prices in {market.QuoteAsset.Symbol} on chain '{chain.Name}' ({accounts.Values.First().ChainId}); settlement hourly through the SDK's settlement service, journal: {(options.JournalPath is null ? "a temporary SQLite file" : journalPath)}"));
        var table = new Table().Border(TableBorder.Rounded).Title("Homes");
        table.AddColumns("home", "kind", "zone", "solar kWp", "battery kWh", "settlement account");
        foreach (var home in homes)
        {
            table.AddRow(
                Escape(home.Participant.Value),
                home.Kind.ToString(),
                Escape(home.Zone.Value),
                home.SolarWattsPeak == 0 ? "-" : (home.SolarWattsPeak / 1000.0).ToString("0.0", CultureInfo.InvariantCulture),
                home.BatteryWattHours == 0 ? "-" : (home.BatteryWattHours / 1000.0).ToString("0.0", CultureInfo.InvariantCulture),
                Escape(accounts[home.Participant.Value].ToString()));
        }

        _console.Write(table);
    }

    /// <summary>Runs the steps, with a live progress bar on a terminal and silently elsewhere.</summary>
    public async Task RunWithProgressAsync(int steps, Func<Action<string>, Task> body)
    {
        if (!context.IsTerminal)
        {
            await body(_ => { }).ConfigureAwait(false);
            return;
        }

        await _console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("starting the market", maxValue: steps);
                await body(description =>
                {
                    task.Description = Escape(description);
                    task.Increment(1);
                }).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    public void Summary(DemoReport report)
    {
        var asset = report.Asset;
        var e = report.Energy;
        var rejections = report.Meters.Rejections.Count == 0 ? "none" : string.Join("; ", report.Meters.Rejections);
        _console.MarkupLine(Escape($"Meters: {report.Meters.Accepted} signed readings accepted; rejected: {rejections}"));

        var energy = new Table().Border(TableBorder.Rounded).Title("Energy over the run (kWh)");
        energy.AddColumns("load", "solar", "imported", "exported", "peer to peer", "from grid", "to grid", "peer share of imports");
        foreach (var column in energy.Columns)
        {
            column.RightAligned();
        }

        energy.AddRow(DemoFormat.Kwh(e.Load), DemoFormat.Kwh(e.Solar), DemoFormat.Kwh(e.Imported), DemoFormat.Kwh(e.Exported), DemoFormat.Kwh(e.PeerToPeer),
            DemoFormat.Kwh(e.FromGrid), DemoFormat.Kwh(e.ToGrid), e.Imported == 0 ? "-" : (100.0 * e.PeerToPeer / e.Imported).ToString("0.0", CultureInfo.InvariantCulture) + " %");
        _console.Write(energy);
        _console.MarkupLine(Escape($"Prices ({asset}/kWh): peer to peer average {e.AveragePeerPricePerKwh ?? "-"} (from {e.MinPeerPricePerKwh ?? "-"} to {e.MaxPeerPricePerKwh ?? "-"}); " +
            $"grid {report.Market.GridPricePerKwh}, feed-in {report.Market.FeedInPricePerKwh}"));

        var zones = new Table().Border(TableBorder.Rounded).Title($"Peer trades by zone (seller's zone -> buyer's zone; kWh and {asset} unless marked)");
        zones.AddColumns("from", "to", "trades", "traded", "delivered", "network fee/kWh", "network fees", "transfer limit Wh/period", "max Wh in a period", "periods at limit");
        foreach (var pair in report.ZonePairs)
        {
            zones.AddRow(Escape(pair.From), Escape(pair.To), pair.Trades.ToString(CultureInfo.InvariantCulture), DemoFormat.Kwh(pair.Traded), DemoFormat.Kwh(pair.Delivered),
                pair.NetworkFeePerKwh, pair.NetworkFees, pair.TransferLimitPerPeriod is { } limit ? limit.ToString(CultureInfo.InvariantCulture) : "-",
                pair.From == pair.To ? "-" : pair.MaxTransferInAPeriod.ToString(CultureInfo.InvariantCulture), pair.From == pair.To ? "-" : pair.PeriodsAtTransferLimit.ToString(CultureInfo.InvariantCulture));
        }

        _console.Write(zones);
        _console.MarkupLine(Escape($"Zones {string.Join(", ", report.Market.Zones)}: {DemoFormat.Kwh(e.TradedInsideZones)} kWh traded inside a zone (no network fee), " +
            $"{DemoFormat.Kwh(e.TradedAcrossZones)} kWh across zones (network fee to {report.Market.GridOperator})"));

        var hours = new Table().Border(TableBorder.Rounded).Title("By hour (kWh)");
        hours.AddColumns("hour", "load", "solar", "peer to peer", "trades", $"avg price {report.Asset}/kWh", "from grid", "to grid");
        foreach (var hour in report.Periods.GroupBy(p => p.Start.ToString("MM-dd HH:00", CultureInfo.InvariantCulture)))
        {
            var peer = hour.Sum(p => p.PeerToPeer);

            // For display only: the hour's volume-weighted price from the periods' exact averages.
            var weighted = hour.Where(p => p.AveragePricePerKwh is not null).Sum(p => decimal.Parse(p.AveragePricePerKwh!, CultureInfo.InvariantCulture) * p.PeerToPeer);
            hours.AddRow(hour.Key, DemoFormat.Kwh(hour.Sum(p => p.Load)), DemoFormat.Kwh(hour.Sum(p => p.Solar)), DemoFormat.Kwh(peer),
                hour.Sum(p => p.Trades).ToString(CultureInfo.InvariantCulture), peer == 0 ? "-" : (weighted / peer).ToString("0.000", CultureInfo.InvariantCulture),
                DemoFormat.Kwh(hour.Sum(p => p.FromGrid)), DemoFormat.Kwh(hour.Sum(p => p.ToGrid)));
        }

        _console.Write(hours);

        var bills = new Table().Border(TableBorder.Rounded).Title($"Bills ({asset}; negative = earned)");
        bills.AddColumns("home", "kind", "zone", "imported kWh", "exported kWh", "bought p2p", "sold p2p", "with peer trading", "grid only", "saving", "network fees", "on chain");
        foreach (var home in report.Homes)
        {
            bills.AddRow(Escape(home.Id), home.Kind, Escape(home.Zone), DemoFormat.Kwh(home.Imported), DemoFormat.Kwh(home.Exported), DemoFormat.Kwh(home.BoughtPeerToPeer),
                DemoFormat.Kwh(home.SoldPeerToPeer), home.BillWithPeerTrading, home.BillWithoutPeerTrading, home.Saving, home.NetworkFees, home.BalanceChange);
        }

        _console.Write(bills);

        var s = report.Settlement;
        var reasons = string.Join(", ", s.ObligationsByReason.Select(r => $"{r.Key} {r.Value}"));
        _console.MarkupLine(Escape($"Settlement: {s.Windows} hourly windows, {s.Obligations} obligations ({reasons} {asset}), network fees {s.NetworkFees} {asset}, " +
            $"imbalances {DemoFormat.Kwh(s.ImbalanceShortfall)} kWh short / {DemoFormat.Kwh(s.ImbalanceSurplus)} kWh surplus"));
        _console.MarkupLine(Escape(string.Create(CultureInfo.InvariantCulture,
            $"  {s.Legs} net legs in {s.Batches} batches, {s.Transactions} transactions, {s.FinalBatches} final; time to finality {s.MinSecondsToFinality:0.#}-{s.MaxSecondsToFinality:0.#} s (average {s.AverageSecondsToFinality:0.#} s, chain clock)")));
        _console.MarkupLine(Escape($"  paid {s.TotalPaid} {asset}, received {s.TotalReceived} {asset}"));
        foreach (var problem in s.Problems)
        {
            _console.MarkupLine($"  [red]problem:[/] {Escape(problem)}");
        }

        _console.MarkupLine(s.Ok
            ? "[green]OK[/]: every obligation settled exactly once, every batch final, every balance changed by exactly its legs, paid = received."
            : "[red]FAILED[/]: the settlement does not balance (see the problems above).");
        _console.MarkupLine(Escape(string.Create(CultureInfo.InvariantCulture, $"Elapsed: {report.ElapsedSeconds:0.00} s")));
    }

    public void Wrote(string what, string path) => _console.MarkupLine(Escape($"Wrote the {what} to {path}"));

    private static string Escape(string text) => Markup.Escape(text);
}
