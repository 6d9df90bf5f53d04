namespace EnergySettlement;

/// <summary>The shared syntax of the SDK's text identifiers (participants, meters, markets).</summary>
internal static class Identifier
{
    public const int MaxLength = 128;

    /// <summary>Returns <paramref name="value"/> when it is 1 to 128 characters of <c>[A-Za-z0-9._:@-]</c>; throws otherwise.</summary>
    public static string Validate(string value, string kind, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (!IsValid(value))
        {
            throw new ArgumentException($"'{value}' is not a valid {kind}: expected 1 to {MaxLength} characters of [A-Za-z0-9._:@-].", paramName);
        }

        return value;
    }

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '@' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
