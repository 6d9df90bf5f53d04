using System.Globalization;

namespace EnergySettlement.Cli.Input;

/// <summary>Parses ISO 8601 instants that carry an explicit offset.</summary>
internal static class Timestamps
{
    /// <summary>Parses an ISO 8601 instant with a <c>Z</c> or <c>±hh:mm</c> offset.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The instant in UTC (offset zero), when valid.</param>
    /// <returns><see langword="true"/> when the text is such an instant.</returns>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim();
        var time = t.IndexOf('T', StringComparison.Ordinal);
        var hasOffset = time > 0 && (t.EndsWith('Z') || t.IndexOf('+', time) > 0 || t.IndexOf('-', time) > 0);
        if (!hasOffset || !DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        value = parsed.ToUniversalTime();
        return true;
    }
}
