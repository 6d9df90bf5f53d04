using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EnergySettlement;

/// <summary>An amount of electrical energy in whole watt-hours. Never floating point.</summary>
/// <remarks>
/// Arithmetic is overflow-checked (<see cref="OverflowException"/>). Negative values are allowed in arithmetic
/// (net positions); quantities in orders and readings are checked to be non-negative where they are used.
/// Immutable and thread-safe.
/// </remarks>
/// <param name="WattHours">The amount in Wh.</param>
public readonly record struct Energy(long WattHours) : IComparable<Energy>
{
    /// <summary>Zero energy.</summary>
    public static readonly Energy Zero;

    /// <summary>Creates an amount from whole kilowatt-hours.</summary>
    /// <param name="kilowattHours">The amount in kWh.</param>
    /// <returns>The energy.</returns>
    /// <exception cref="OverflowException">The amount does not fit in Wh as a 64-bit integer.</exception>
    public static Energy FromKilowattHours(long kilowattHours) => new(checked(kilowattHours * 1000));

    /// <summary>Adds two amounts.</summary>
    /// <exception cref="OverflowException">The sum does not fit.</exception>
    public static Energy operator +(Energy left, Energy right) => new(checked(left.WattHours + right.WattHours));

    /// <summary>Subtracts two amounts.</summary>
    /// <exception cref="OverflowException">The difference does not fit.</exception>
    public static Energy operator -(Energy left, Energy right) => new(checked(left.WattHours - right.WattHours));

    /// <summary>Negates an amount.</summary>
    /// <exception cref="OverflowException">The value is <see cref="long.MinValue"/> Wh.</exception>
    public static Energy operator -(Energy value) => new(checked(-value.WattHours));

    /// <summary>Ordering.</summary>
    public static bool operator <(Energy left, Energy right) => left.WattHours < right.WattHours;

    /// <summary>Ordering.</summary>
    public static bool operator >(Energy left, Energy right) => left.WattHours > right.WattHours;

    /// <summary>Ordering.</summary>
    public static bool operator <=(Energy left, Energy right) => left.WattHours <= right.WattHours;

    /// <summary>Ordering.</summary>
    public static bool operator >=(Energy left, Energy right) => left.WattHours >= right.WattHours;

    /// <summary>Parses <c>1500 Wh</c>, <c>1.5 kWh</c> or <c>0.0015 MWh</c> (invariant culture; the value must be a whole number of Wh).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The energy.</returns>
    /// <exception cref="FormatException">The text is not a number followed by Wh, kWh or MWh, or is not a whole number of Wh.</exception>
    public static Energy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var energy)
            ? energy
            : throw new FormatException($"'{text}' is not an energy: expected a whole number of Wh such as '1500 Wh', '1.5 kWh' or '0.0015 MWh'.");
    }

    /// <summary>Tries to parse an energy; see <see cref="Parse(string)"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="energy">The energy, when valid.</param>
    /// <returns><see langword="true"/> when the text is a valid energy.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out Energy energy)
    {
        energy = default;
        if (text is null)
        {
            return false;
        }

        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return false;
        }

        int scale = parts[1] switch { "Wh" => 0, "kWh" => 3, "MWh" => 6, _ => -1 };
        if (scale < 0 || !DecimalText.TryParseScaled(parts[0], scale, out var wattHours) || wattHours > long.MaxValue || wattHours < long.MinValue)
        {
            return false;
        }

        energy = new Energy((long)wattHours);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(Energy other) => WattHours.CompareTo(other.WattHours);

    /// <summary>Formats as whole watt-hours, for example <c>1500 Wh</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => WattHours.ToString(CultureInfo.InvariantCulture) + " Wh";
}
