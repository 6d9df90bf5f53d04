using System.CommandLine;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Cli.Settle;

namespace EnergySettlement.Cli.Commands;

/// <summary><c>energy-settle status</c>: what a settlement journal holds, batch by batch.</summary>
internal static class StatusCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="context">Where it writes and what cancels it.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        var journal = SettleCommand.FileOption("--journal", "The SQLite settlement journal to read.");
        var command = new Command("status", "Shows every batch in a settlement journal: state, payer, payouts, amount, transaction and block.")
        {
            journal,
        };
        command.SetAction(async (parsed, cancellationToken) => await SettleCommands.RunAsync(async () =>
        {
            using var loggers = context.CreateLoggerFactory();
            await new JournalStatus(context.Console, context.Out, context.IsTerminal, TimeProvider.System, loggers).ShowAsync(SettleCommand.Path(parsed, journal), cancellationToken).ConfigureAwait(false);
            return SettleOutcome.Settled;
        }).ConfigureAwait(false));
        return command;
    }
}
