using System.Globalization;

namespace EnergySettlement.Cli.Input;

/// <summary>
/// An input file (trades, readings or settlement config) is unreadable or breaks a rule: says which file, which line
/// (1-based; 0 when the problem is the file as a whole) or which JSON path, and why. Thrown before anything is written or
/// paid.
/// </summary>
internal sealed class InputFileException : EnergySettlementException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The file as the user named it.</param>
    /// <param name="line">The 1-based line, or 0 when no line applies.</param>
    /// <param name="reason">What was expected and what was found.</param>
    /// <param name="innerException">The cause, if any.</param>
    public InputFileException(string file, long line, string reason, Exception? innerException = null)
        : base(Format(file, line, reason), innerException)
    {
        File = file;
        Line = line;
        Reason = reason;
    }

    /// <summary>Gets the file as the user named it.</summary>
    public string File { get; }

    /// <summary>Gets the 1-based line the problem is on, or 0 when it concerns the file as a whole.</summary>
    public long Line { get; }

    /// <summary>Gets what was expected and what was found.</summary>
    public string Reason { get; }

    private static string Format(string file, long line, string reason) =>
        line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{file}:{line}: {reason}") : $"{file}: {reason}";
}
