namespace EnergySettlement.Settlement;

/// <summary>
/// The id of a <see cref="SettlementWindow"/>: market, first period and period count, written as
/// <c>market/2026-06-21T11:00:00Z/4xPT15M</c>. Derived from the window, so replanning a window gives the same id.
/// </summary>
/// <remarks>Immutable; equality is ordinal. Thread-safe.</remarks>
public readonly record struct SettlementWindowId
{
    private readonly string? _value;

    /// <summary>Creates the id from its text (as read back from a journal).</summary>
    /// <param name="value">The id text, 1 to 256 characters.</param>
    /// <exception cref="ArgumentException">The text is empty, blank or longer than 256 characters.</exception>
    public SettlementWindowId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.Length > 256)
        {
            throw new ArgumentException($"A settlement window id has at most 256 characters; found {value.Length}.", nameof(value));
        }

        _value = value;
    }

    /// <summary>Gets the id text.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the id text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Value;
}
