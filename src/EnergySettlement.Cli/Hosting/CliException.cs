namespace EnergySettlement.Cli.Hosting;

/// <summary>
/// A failure a command reports to the user with a clear message and a documented exit code (an input file with a bad
/// row, a chain that cannot be started). <see cref="RootCommandFactory.InvokeAsync"/> prints the message and exits with <see cref="ExitCode"/>.
/// </summary>
internal sealed class CliException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="exitCode">One of <see cref="ExitCodes"/>.</param>
    /// <param name="message">What went wrong and, where it helps, what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public CliException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException) => ExitCode = exitCode;

    /// <summary>Gets the process exit code to use.</summary>
    public int ExitCode { get; }
}
