namespace EnergySettlement;

/// <summary>A part of the grid that orders are located in (a feeder, a transformer, a substation), identified by 1 to 128 characters of <c>[A-Za-z0-9._:@-]</c>.</summary>
/// <remarks>Immutable; equality is ordinal. Thread-safe.</remarks>
public readonly record struct ZoneId
{
    private readonly string? _value;

    /// <summary>Creates the id.</summary>
    /// <param name="value">The id text.</param>
    /// <exception cref="ArgumentException">The text is empty, too long, or has characters outside <c>[A-Za-z0-9._:@-]</c>.</exception>
    public ZoneId(string value) => _value = Identifier.Validate(value, "zone id", nameof(value));

    /// <summary>Gets the id text.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Tries to create the id from text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="id">The id, when valid.</param>
    /// <returns><see langword="true"/> when the text is a valid id.</returns>
    public static bool TryParse(string? text, out ZoneId id)
    {
        id = Identifier.IsValid(text) ? new ZoneId(text!) : default;
        return id._value is not null;
    }

    /// <summary>Returns the id text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Value;
}
