namespace EnergySettlement.Trading;

/// <summary>
/// A trade's id, derived from its content: market, delivery period, buy and sell order, and execution time
/// (<c>market/periodStart/buy-sell@ticks</c>), so that replaying the same orders gives the same ids and settlement can
/// reference trades without a registry.
/// </summary>
/// <remarks>Immutable; equality is ordinal. Thread-safe.</remarks>
public readonly record struct TradeId
{
    private readonly string? _value;

    /// <summary>Creates the id from its text.</summary>
    /// <param name="value">The id text, 1 to 256 characters.</param>
    /// <exception cref="ArgumentException">The text is empty or too long.</exception>
    public TradeId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.Length > 256)
        {
            throw new ArgumentException($"A trade id has at most 256 characters; found {value.Length}.", nameof(value));
        }

        _value = value;
    }

    /// <summary>Gets the id text.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the id text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Value;
}
