namespace EnergySettlement.Settlement;

/// <summary>The id of a <see cref="CarriedAmount"/>, derived from its content (<c>cf-</c> and 32 hex digits).</summary>
/// <remarks>1 to 128 characters of <c>[A-Za-z0-9._:@-]</c>. Immutable; equality is ordinal. Thread-safe.</remarks>
public readonly record struct CarriedAmountId
{
    private readonly string? _value;

    /// <summary>Creates the id from its text (as read back from a journal).</summary>
    /// <param name="value">The id text.</param>
    /// <exception cref="ArgumentException">The text is empty, too long, or has characters outside <c>[A-Za-z0-9._:@-]</c>.</exception>
    public CarriedAmountId(string value) => _value = Identifier.Validate(value, "carried amount id", nameof(value));

    /// <summary>Gets the id text.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the id text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Value;
}
