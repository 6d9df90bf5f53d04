namespace EnergySettlement;

/// <summary>A price of energy: an amount of money per kilowatt-hour, in the asset's smallest unit.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public readonly struct Price : IEquatable<Price>, IComparable<Price>
{
    private const long WattHoursPerKilowattHour = 1000;

    /// <summary>Creates a price.</summary>
    /// <param name="perKilowattHour">The money paid for one kWh.</param>
    public Price(Money perKilowattHour) => PerKilowattHour = perKilowattHour;

    /// <summary>Gets the money paid for one kWh.</summary>
    public Money PerKilowattHour { get; }

    /// <summary>Gets the asset the price is quoted in.</summary>
    public Asset Asset => PerKilowattHour.Asset;

    /// <summary>Equality.</summary>
    public static bool operator ==(Price left, Price right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Price left, Price right) => !left.Equals(right);

    /// <summary>Ordering (same asset only).</summary>
    /// <exception cref="ArgumentException">The assets differ.</exception>
    public static bool operator <(Price left, Price right) => left.CompareTo(right) < 0;

    /// <summary>Ordering (same asset only).</summary>
    /// <exception cref="ArgumentException">The assets differ.</exception>
    public static bool operator >(Price left, Price right) => left.CompareTo(right) > 0;

    /// <summary>Ordering (same asset only).</summary>
    /// <exception cref="ArgumentException">The assets differ.</exception>
    public static bool operator <=(Price left, Price right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering (same asset only).</summary>
    /// <exception cref="ArgumentException">The assets differ.</exception>
    public static bool operator >=(Price left, Price right) => left.CompareTo(right) >= 0;

    /// <summary>Parses <c>0.25 USDC/kWh</c> or <c>0.25/kWh</c> in display units of <paramref name="asset"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="asset">The asset.</param>
    /// <returns>The price.</returns>
    /// <exception cref="FormatException">The text is not an amount followed by <c>/kWh</c>.</exception>
    public static Price Parse(string text, Asset asset)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(asset);
        const string suffix = "/kWh";
        if (!text.EndsWith(suffix, StringComparison.Ordinal) || !Money.TryParse(text[..^suffix.Length], asset, out var money))
        {
            throw new FormatException($"'{text}' is not a price: expected an amount of {asset.Symbol} per kWh such as '0.25 {asset.Symbol}/kWh'.");
        }

        return new Price(money);
    }

    /// <summary>The cost of <paramref name="energy"/> at this price: price × Wh / 1000, rounded once as named.</summary>
    /// <param name="energy">The energy.</param>
    /// <param name="rounding">How a fraction of the smallest unit is rounded.</param>
    /// <returns>The cost, in the price's asset.</returns>
    /// <exception cref="OverflowException">The product does not fit in 128 bits.</exception>
    public Money CostOf(Energy energy, RoundingMode rounding) =>
        PerKilowattHour.MultiplyDivide(energy.WattHours, WattHoursPerKilowattHour, rounding);

    /// <inheritdoc />
    public bool Equals(Price other) => PerKilowattHour.Equals(other.PerKilowattHour);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Price other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => PerKilowattHour.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(Price other) => PerKilowattHour.CompareTo(other.PerKilowattHour);

    /// <summary>Formats as <c>0.25000000 DASH/kWh</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => PerKilowattHour + "/kWh";
}
