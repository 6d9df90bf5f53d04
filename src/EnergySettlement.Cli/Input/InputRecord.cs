using System.Globalization;

namespace EnergySettlement.Cli.Input;

/// <summary>
/// One row of an input file — a CSV record or an object of a JSON array — as named text values, with the line it starts
/// on. Field names match ignoring case and underscores, so <c>period_start</c> (CSV) and <c>periodStart</c> (JSON) are one field.
/// </summary>
internal sealed class InputRecord
{
    private readonly Dictionary<string, string?> _values;

    /// <summary>Creates a record.</summary>
    /// <param name="file">The file.</param>
    /// <param name="line">The 1-based line the record starts on.</param>
    /// <param name="values">The values by normalised field name; <see langword="null"/> or empty for an absent value.</param>
    public InputRecord(string file, long line, Dictionary<string, string?> values)
    {
        File = file;
        Line = line;
        _values = values;
    }

    /// <summary>Gets the file.</summary>
    public string File { get; }

    /// <summary>Gets the 1-based line the record starts on.</summary>
    public long Line { get; }

    /// <summary>Normalises a field name: lower case without underscores, dashes or spaces.</summary>
    /// <param name="name">The name as written.</param>
    /// <returns>The key.</returns>
    public static string Key(string name) =>
        string.Concat(name.Where(c => c is not ('_' or '-' or ' '))).ToLowerInvariant();

    /// <summary>Gets an optional value: <see langword="null"/> when absent or empty.</summary>
    /// <param name="name">The field's name.</param>
    /// <returns>The trimmed text, or <see langword="null"/>.</returns>
    public string? Optional(string name) =>
        _values.TryGetValue(Key(name), out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Gets a required value.</summary>
    /// <param name="name">The field's name.</param>
    /// <returns>The trimmed text.</returns>
    /// <exception cref="InputFileException">The value is absent or empty.</exception>
    public string Required(string name) => Optional(name) ?? throw Error($"'{name}' is missing or empty.");

    /// <summary>Creates the error for this record.</summary>
    /// <param name="reason">What was expected and what was found.</param>
    /// <param name="innerException">The cause, if any.</param>
    /// <returns>The exception, to throw.</returns>
    public InputFileException Error(string reason, Exception? innerException = null) => new(File, Line, reason, innerException);

    /// <summary>Reads a required timestamp: ISO 8601 with an explicit offset (<c>2026-06-21T11:00:00Z</c> or
    /// <c>2026-06-21T13:00:00+02:00</c>), returned in UTC. A time without an offset is refused: a meter export in local time
    /// would otherwise shift every reading silently.</summary>
    /// <param name="name">The field's name.</param>
    /// <returns>The instant, offset zero.</returns>
    public DateTimeOffset Timestamp(string name)
    {
        var text = Required(name);
        if (!Timestamps.TryParse(text, out var value))
        {
            throw Error($"'{name}' must be an ISO 8601 time with an offset, such as 2026-06-21T11:00:00Z; found '{text}'.");
        }

        return value;
    }

    /// <summary>Reads a required whole number.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="minimum">The smallest value allowed.</param>
    /// <returns>The number.</returns>
    public long Integer(string name, long minimum) =>
        OptionalInteger(name, minimum) ?? throw Error($"'{name}' is missing or empty.");

    /// <summary>Reads an optional whole number.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="minimum">The smallest value allowed.</param>
    /// <returns>The number, or <see langword="null"/> when absent.</returns>
    public long? OptionalInteger(string name, long minimum)
    {
        if (Optional(name) is not { } text)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"'{name}' must be a whole number; found '{text}'.");
        }

        if (value < minimum)
        {
            throw Error(string.Create(CultureInfo.InvariantCulture, $"'{name}' must be at least {minimum}; found {value}."));
        }

        return value;
    }

    /// <summary>Reads a required price per kWh in display units of <paramref name="asset"/> (<c>0.12</c> or <c>0.12/kWh</c>).</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="asset">The market's quote asset.</param>
    /// <returns>The price.</returns>
    public Price Price(string name, Asset asset) => OptionalPrice(name, asset) ?? throw Error($"'{name}' is missing or empty.");

    /// <summary>Reads an optional price per kWh; see <see cref="Price"/>.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="asset">The market's quote asset.</param>
    /// <returns>The price, or <see langword="null"/> when absent.</returns>
    public Price? OptionalPrice(string name, Asset asset)
    {
        if (Optional(name) is not { } text)
        {
            return null;
        }

        var amount = text.EndsWith("/kWh", StringComparison.Ordinal) ? text[..^4].TrimEnd() : text;
        if (!Money.TryParse(amount, asset, out var money))
        {
            throw Error($"'{name}' must be a price in {asset.Symbol} per kWh with at most {asset.Decimals} decimals, such as 0.12; found '{text}'.");
        }

        return new Price(money);
    }

    /// <summary>Reads a required identifier (participant, meter, zone: letters, digits and <c>-_.:</c>).</summary>
    /// <typeparam name="T">The identifier type.</typeparam>
    /// <param name="name">The field's name.</param>
    /// <param name="create">Creates the identifier; throws <see cref="ArgumentException"/> when the text is not one.</param>
    /// <returns>The identifier.</returns>
    public T Identifier<T>(string name, Func<string, T> create)
        where T : struct =>
        OptionalIdentifier(name, create) is { } id ? id : throw Error($"'{name}' is missing or empty.");

    /// <summary>Reads an optional identifier; see <see cref="Identifier{T}"/>.</summary>
    /// <typeparam name="T">The identifier type.</typeparam>
    /// <param name="name">The field's name.</param>
    /// <param name="create">Creates the identifier.</param>
    /// <returns>The identifier, or <see langword="null"/> when absent.</returns>
    public T? OptionalIdentifier<T>(string name, Func<string, T> create)
        where T : struct
    {
        if (Optional(name) is not { } text)
        {
            return null;
        }

        try
        {
            return create(text);
        }
        catch (ArgumentException ex)
        {
            throw Error($"'{name}' is not valid: {ex.Message}", ex);
        }
    }
}
