using System.Globalization;
using EnergySettlement.Cli.Hosting;
using ScottPlot;

namespace EnergySettlement.Cli.Demo;

/// <summary>
/// Draws the day with ScottPlot: the neighbourhood's load and solar (kW, average over each period), the energy traded
/// peer to peer per period (bars) and the average peer price (right axis). PNG or SVG by the file's extension.
/// </summary>
internal static class DemoChart
{
    /// <summary>The picture's size in pixels.</summary>
    public const int Width = 1200;

    /// <summary>The picture's height in pixels.</summary>
    public const int Height = 600;

    /// <summary>Draws the report's periods to <paramref name="path"/> (.png or .svg).</summary>
    /// <exception cref="CliException">The file cannot be written (exit code 3).</exception>
    public static void Draw(DemoReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        var periodHours = report.PeriodMinutes / 60.0;
        var hours = report.Periods.Select(p => (p.Start - report.Start).TotalHours + (periodHours / 2)).ToArray();
        double Kw(long wattHours) => wattHours / 1000.0 / periodHours;

        var plot = new Plot();
        var peer = plot.Add.Bars(hours, report.Periods.Select(p => Kw(p.PeerToPeer)).ToArray());
        peer.LegendText = "peer to peer (kW)";
        foreach (var bar in peer.Bars)
        {
            bar.Size = periodHours * 0.8;
            bar.FillColor = Colors.SeaGreen.WithAlpha(0.7);
            bar.LineWidth = 0;
        }

        var load = plot.Add.Scatter(hours, report.Periods.Select(p => Kw(p.Load)).ToArray(), Colors.SteelBlue);
        load.LegendText = "load (kW)";
        load.MarkerSize = 0;
        load.LineWidth = 2;
        var solar = plot.Add.Scatter(hours, report.Periods.Select(p => Kw(p.Solar)).ToArray(), Colors.Orange);
        solar.LegendText = "solar (kW)";
        solar.MarkerSize = 0;
        solar.LineWidth = 2;

        var priced = report.Periods.Select((p, i) => (Hour: hours[i], Price: p.AveragePricePerKwh)).Where(x => x.Price is not null).ToArray();
        if (priced.Length > 0)
        {
            var price = plot.Add.Scatter(priced.Select(x => x.Hour).ToArray(), priced.Select(x => double.Parse(x.Price!, CultureInfo.InvariantCulture)).ToArray(), Colors.Crimson);
            price.LegendText = $"peer price ({report.Asset}/kWh, right)";
            price.MarkerSize = 4;
            price.LineWidth = 1;
            price.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = $"price ({report.Asset}/kWh)";
        }

        plot.Title(string.Create(CultureInfo.InvariantCulture, $"energy-settle demo: {report.Homes.Count} homes, {report.Start:yyyy-MM-dd} (seed {report.Seed}, chain {report.Chain})"));
        plot.XLabel("hour (UTC)");
        plot.YLabel("power (kW)");
        plot.Axes.SetLimitsY(bottom: 0, top: Math.Max(1, report.Periods.Max(p => Math.Max(Kw(p.Load), Kw(p.Solar)))) * 1.1, plot.Axes.Left);
        plot.ShowLegend(Alignment.UpperLeft);
        try
        {
            if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
            {
                plot.SaveSvg(path, Width, Height);
            }
            else
            {
                plot.SavePng(path, Width, Height);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.InputError, $"Cannot write the chart to '{path}': {e.Message}", e);
        }
    }
}
