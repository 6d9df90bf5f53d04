using System.CommandLine;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Cli.Settle;

namespace EnergySettlement.Cli.Commands;

/// <summary><c>energy-settle recover</c>: finishes the batches an interrupted or failed run left in a journal, paying none twice.</summary>
internal static class RecoverCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="context">Where it writes and what cancels it.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var journal = SettleCommand.FileOption("--journal", "The SQLite settlement journal to recover.");
        var config = SettleCommand.FileOption("--config", "The settlement config the journal was settled with (it names the chain).");
        var command = new Command("recover", "Finishes every unfinished batch in a settlement journal: re-sends recorded transactions, " +
            "watches them to finality, and re-plans only what is provably dead — never paying a batch twice.")
        {
            journal, config,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var loggers = context.CreateLoggerFactory();
            return await SettleCommands.RunAsync(() =>
                new JournalRecovery(context.Out, TimeProvider.System, loggers)
                    .RecoverAsync(SettleCommand.Path(parsed, journal), SettleCommand.Path(parsed, config), cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }
}
