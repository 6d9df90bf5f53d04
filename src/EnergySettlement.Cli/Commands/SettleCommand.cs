using System.CommandLine;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Cli.Settle;

namespace EnergySettlement.Cli.Commands;

/// <summary><c>energy-settle settle</c>: settles a user's own trades and meter readings (docs/cli.md, "Settling your own files").</summary>
internal static class SettleCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="context">Where it writes and what cancels it.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var trades = FileOption("--trades", "The trades to settle: CSV or JSON (docs/cli.md).");
        var readings = FileOption("--readings", "The meter readings of the trades' periods: CSV or JSON (docs/cli.md).");
        var config = FileOption("--config", "The settlement config: market, participants and accounts, meters, netting, prices, fees, chain (JSON).");
        var journal = FileOption("--journal", "The SQLite settlement journal; created when it does not exist. Keep it: status and recover read it.");
        var command = new Command("settle", "Settles your own trades and meter readings: checks every record and rehearses the whole settlement " +
            "before writing anything, then pays each batch exactly once through the SDK's settlement service and SQLite journal.")
        {
            trades, readings, config, journal,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var files = new SettleFiles(Path(parsed, trades), Path(parsed, readings), Path(parsed, config), Path(parsed, journal));
            using var loggers = context.CreateLoggerFactory();
            return await SettleCommands.RunAsync(() =>
                new FileSettlement(context.Out, TimeProvider.System, loggers).SettleAsync(files, cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>A required file option.</summary>
    /// <param name="name">The option.</param>
    /// <param name="description">What the file holds.</param>
    /// <returns>The option.</returns>
    internal static Option<FileInfo> FileOption(string name, string description) =>
        new(name) { Description = description, HelpName = "FILE", Required = true };

    /// <summary>The path as the user gave it (messages name files as typed).</summary>
    /// <param name="parsed">The parse result.</param>
    /// <param name="option">The option.</param>
    /// <returns>The path.</returns>
    internal static string Path(ParseResult parsed, Option<FileInfo> option) =>
        parsed.GetResult(option)?.Tokens is [{ } token] ? token.Value : parsed.GetValue(option)!.FullName;
}
