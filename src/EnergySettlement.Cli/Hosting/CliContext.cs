using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace EnergySettlement.Cli.Hosting;

/// <summary>
/// Where a command writes and what stops it: the output and error writers, a Spectre.Console view of the output (with
/// colours and live progress only on a terminal), and a cancellation token that Ctrl-C (SIGINT) and SIGTERM cancel.
/// Tests create one over <see cref="StringWriter"/>s and run commands in-process.
/// </summary>
internal sealed class CliContext : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly List<IDisposable> _owned = [];

    private CliContext(TextWriter output, TextWriter error, bool isTerminal, CancellationTokenSource cancellation)
    {
        Out = output;
        Error = error;
        IsTerminal = isTerminal;
        _cancellation = cancellation;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        if (!isTerminal)
        {
            // Plain text for files, pipes and tests: wide enough that tables do not wrap.
            Console.Profile.Width = 160;
        }
    }

    /// <summary>Gets where results go (standard output).</summary>
    public TextWriter Out { get; }

    /// <summary>Gets where problems go (standard error).</summary>
    public TextWriter Error { get; }

    /// <summary>Gets the rich view of <see cref="Out"/>: tables, markup, progress. Colourless and static unless <see cref="IsTerminal"/>.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Gets whether the output is an interactive terminal (colours and a live progress bar) rather than a file, a pipe or a test.</summary>
    public bool IsTerminal { get; }

    /// <summary>Gets or sets the least severe log record written to <see cref="Error"/>. The default is <see cref="LogLevel.Warning"/>; <c>--verbose</c> lowers it to <see cref="LogLevel.Information"/>.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;

    /// <summary>Creates a logger factory that writes the SDK's log records at <see cref="MinimumLogLevel"/> or above to <see cref="Error"/>.</summary>
    /// <returns>The factory; the caller disposes it.</returns>
    public ILoggerFactory CreateLoggerFactory()
    {
        var level = MinimumLogLevel;
        return LoggerFactory.Create(b => b.SetMinimumLevel(level).AddProvider(new CliLoggerProvider(Error)));
    }

    /// <summary>Gets the token that Ctrl-C, SIGTERM (or a test) cancels.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Creates the context of the real process: the console's streams, cancelled by Ctrl-C (SIGINT) and SIGTERM.</summary>
    /// <returns>The context; dispose it on exit.</returns>
    public static CliContext ForConsole()
    {
        var isTerminal = !System.Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null or "";
        var context = new CliContext(System.Console.Out, System.Console.Error, isTerminal, new CancellationTokenSource());
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            // Cancel instead of dying, so the command can stop between journal writes; a second Ctrl-C still ends the process.
            context._owned.Add(PosixSignalRegistration.Create(signal, c =>
            {
                if (!context._cancellation.IsCancellationRequested)
                {
                    c.Cancel = true;
                    context._cancellation.Cancel();
                }
            }));
        }

        return context;
    }

    /// <summary>Creates a context over the given writers, never a terminal, for tests and embedding.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Cancels the command, as Ctrl-C would.</param>
    /// <returns>The context.</returns>
    public static CliContext ForWriters(TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        new(output, error, isTerminal: false, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken));

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _cancellation.Dispose();
    }
}
