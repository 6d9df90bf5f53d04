using System.CommandLine;
using EnergySettlement.Cli.Commands;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Cli.Hosting;

/// <summary>
/// Builds the <c>energy-settle</c> root command and runs a command line against it. Each subcommand is a class under
/// <c>Commands/</c> with a static <c>Create(CliContext)</c> factory, registered below by one line.
/// </summary>
internal static class RootCommandFactory
{
    /// <summary>The command's name, as installed by <c>dotnet tool install</c>.</summary>
    public const string ToolName = "energy-settle";

    /// <summary>Gets the option every command takes: <c>--verbose</c> also writes the SDK's informational log records to standard error.</summary>
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Also write the SDK's informational log records (orders, batches, recovery) to standard error; warnings and errors are always written.",
        Recursive = true,
    };

    /// <summary>Builds the root command with every subcommand.</summary>
    /// <param name="context">Where the commands write and what cancels them.</param>
    /// <returns>The root command.</returns>
    public static RootCommand Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = new RootCommand(
            "energy-settle: runs a peer-to-peer energy market end to end with the EnergySettlement SDK — orders, matching, " +
            "signed meter readings, and settlement on a chain, each payment exactly once.");

        root.Options.Add(Verbose);

        // One line per command.
        root.Subcommands.Add(DemoCommand.Create(context));
        return root;
    }

    /// <summary>
    /// Parses <paramref name="args"/> and runs the chosen command. A usage error prints what is wrong and exits with
    /// <see cref="ExitCodes.UsageError"/> before anything runs; exceptions that escape a command become the documented exit codes.
    /// </summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="context">Where to write; its token is Ctrl-C.</param>
    /// <returns>The process exit code (one of <see cref="ExitCodes"/>).</returns>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var root = Create(context);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await context.Error.WriteLineAsync($"{ToolName}: {error.Message}").ConfigureAwait(false);
            }

            var command = parsed.CommandResult.Command == root ? ToolName : $"{ToolName} {parsed.CommandResult.Command.Name}";
            await context.Error.WriteLineAsync($"Run '{command} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        if (parsed.GetValue(Verbose))
        {
            context.MinimumLogLevel = LogLevel.Information;
        }

        var configuration = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,

            // The context handles Ctrl-C and SIGTERM (it cancels the token; commands stop between journal writes).
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parsed.InvokeAsync(configuration, context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync($"{ToolName}: cancelled. Whatever was journaled is safe; 'energy-settle recover' finishes it.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (CliException e)
        {
            await context.Error.WriteLineAsync($"{ToolName}: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (ChainUnavailableException e)
        {
            await context.Error.WriteLineAsync($"{ToolName}: chain {e.ChainId} unavailable: {e.Message}").ConfigureAwait(false);
            return ExitCodes.ChainUnavailable;
        }
        catch (InvalidDataException e)
        {
            await context.Error.WriteLineAsync($"{ToolName}: invalid data: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InputError;
        }
        catch (EnergySettlementException e)
        {
            await context.Error.WriteLineAsync($"{ToolName}: settlement failed ({e.GetType().Name}, transient: {e.IsTransient}): {e.Message}").ConfigureAwait(false);
            return ExitCodes.SettlementFailed;
        }
    }
}
