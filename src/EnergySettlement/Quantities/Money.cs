namespace EnergySettlement;

/// <summary>
/// An amount of an <see cref="EnergySettlement.Asset"/> in its smallest unit (duffs, wei, token base units) as an
/// <see cref="Int128"/>. Arithmetic never mixes assets and is overflow-checked; divisions name their rounding.
/// </summary>
/// <remarks>Immutable and thread-safe. The default value has no asset and may only be compared or formatted.</remarks>
public readonly struct Money : IEquatable<Money>, IComparable<Money>
{
    private readonly Asset? _asset;

    /// <summary>Creates an amount in smallest units.</summary>
    /// <param name="amount">The amount in the asset's smallest unit.</param>
    /// <param name="asset">The asset.</param>
    public Money(Int128 amount, Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        Amount = amount;
        _asset = asset;
    }

    /// <summary>Gets the amount in the asset's smallest unit.</summary>
    public Int128 Amount { get; }

    /// <summary>Gets the asset.</summary>
    /// <exception cref="InvalidOperationException">This is the default value, which has no asset.</exception>
    public Asset Asset => _asset ?? throw new InvalidOperationException("This Money is the default value and has no asset.");

    /// <summary>Gets whether the amount is zero.</summary>
    public bool IsZero => Amount == Int128.Zero;

    /// <summary>Gets whether the amount is below zero.</summary>
    public bool IsNegative => Amount < Int128.Zero;

    /// <summary>Adds two amounts of the same asset.</summary>
    /// <exception cref="ArgumentException">The assets differ.</exception>
    /// <exception cref="OverflowException">The sum does not fit.</exception>
    public static Money operator +(Money left, Money right) => new(checked(left.Amount + right.Amount), SameAsset(left, right));

    /// <summary>Subtracts two amounts of the same asset.</summary>
    /// <exception cref="ArgumentException">The assets differ.</exception>
    /// <exception cref="OverflowException">The difference does not fit.</exception>
    public static Money operator -(Money left, Money right) => new(checked(left.Amount - right.Amount), SameAsset(left, right));

    /// <summary>Negates an amount.</summary>
    /// <exception cref="OverflowException">The amount is <see cref="Int128.MinValue"/>.</exception>
    public static Money operator -(Money value) => new(checked(-value.Amount), value.Asset);

    /// <summary>Multiplies an amount by a whole factor.</summary>
    /// <exception cref="OverflowException">The product does not fit.</exception>
    public static Money operator *(Money value, long factor) => new(checked(value.Amount * factor), value.Asset);

    /// <summary>Equality: same asset and amount.</summary>
    public static bool operator ==(Money left, Money right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Money left, Money right) => !left.Equals(right);

    /// <summary>Ordering of amounts of the same asset.</summary>
    /// <exception cref="ArgumentException">The assets differ.</exception>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Ordering of amounts of the same asset.</summary>
    /// <exception cref="ArgumentException">The assets differ.</exception>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Ordering of amounts of the same asset.</summary>
    /// <exception cref="ArgumentException">The assets differ.</exception>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering of amounts of the same asset.</summary>
    /// <exception cref="ArgumentException">The assets differ.</exception>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    /// <summary>Zero of an asset.</summary>
    /// <param name="asset">The asset.</param>
    /// <returns>Zero.</returns>
    public static Money Zero(Asset asset) => new(Int128.Zero, asset);

    /// <summary>Parses a decimal amount in display units of <paramref name="asset"/>, such as <c>0.00012345</c>,
    /// optionally followed by the asset's symbol (<c>0.00012345 DASH</c>).</summary>
    /// <param name="text">The text (invariant culture, '.' as decimal separator).</param>
    /// <param name="asset">The asset whose decimals apply.</param>
    /// <returns>The amount.</returns>
    /// <exception cref="FormatException">Not a number, a different symbol, more significant decimals than the asset has, or too large.</exception>
    public static Money Parse(string text, Asset asset)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, asset, out var money)
            ? money
            : throw new FormatException($"'{text}' is not an amount of {asset.Symbol}: expected a decimal number with at most {asset.Decimals} decimals, optionally followed by ' {asset.Symbol}'.");
    }

    /// <summary>Tries to parse an amount; see <see cref="Parse(string, Asset)"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="asset">The asset.</param>
    /// <param name="money">The amount, when valid.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse(string? text, Asset asset, out Money money)
    {
        ArgumentNullException.ThrowIfNull(asset);
        money = default;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var space = span.IndexOf(' ');
        if (space >= 0)
        {
            if (!span[(space + 1)..].Trim().SequenceEqual(asset.Symbol))
            {
                return false;
            }

            span = span[..space];
        }

        if (!DecimalText.TryParseScaled(span, asset.Decimals, out var amount))
        {
            return false;
        }

        money = new Money(amount, asset);
        return true;
    }

    /// <summary>Divides by a whole divisor with an explicit rounding rule.</summary>
    /// <param name="divisor">The divisor; not zero.</param>
    /// <param name="rounding">How an inexact result is rounded to the smallest unit.</param>
    /// <returns>The quotient.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="divisor"/> is zero.</exception>
    public Money Divide(long divisor, RoundingMode rounding) => new(IntegerDivision.Divide(Amount, divisor, rounding), Asset);

    /// <summary>Multiplies by <paramref name="numerator"/>/<paramref name="denominator"/> exactly, then rounds once.</summary>
    /// <param name="numerator">The numerator.</param>
    /// <param name="denominator">The denominator; not zero.</param>
    /// <param name="rounding">How an inexact result is rounded.</param>
    /// <returns>The scaled amount.</returns>
    /// <exception cref="OverflowException">The intermediate product does not fit in 128 bits.</exception>
    public Money MultiplyDivide(long numerator, long denominator, RoundingMode rounding) =>
        new(IntegerDivision.Divide(checked(Amount * numerator), denominator, rounding), Asset);

    /// <summary>
    /// Splits this amount into parts proportional to <paramref name="weights"/> so that the parts add up exactly to this
    /// amount (largest-remainder method: each part is first rounded toward zero, then the leftover smallest units go one
    /// each to the parts with the largest remainders, ties to the lower index).
    /// </summary>
    /// <param name="weights">Non-negative weights, not all zero.</param>
    /// <param name="parts">Receives one part per weight; same length as <paramref name="weights"/>.</param>
    /// <exception cref="ArgumentException">Lengths differ, a weight is negative, or all weights are zero.</exception>
    public void Allocate(ReadOnlySpan<long> weights, Span<Money> parts)
    {
        if (weights.Length != parts.Length)
        {
            throw new ArgumentException($"Expected one part per weight ({weights.Length}), found {parts.Length}.", nameof(parts));
        }

        Int128 total = 0;
        foreach (var w in weights)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(w, nameof(weights));
            total += w;
        }

        if (total == 0)
        {
            throw new ArgumentException("At least one weight must be positive.", nameof(weights));
        }

        var asset = Asset;
        var remainders = new Int128[weights.Length];
        Int128 assigned = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            (var share, remainders[i]) = Int128.DivRem(checked(Amount * weights[i]), total);
            parts[i] = new Money(share, asset);
            assigned += share;
        }

        // Leftover units keep the amount's sign; hand them out by largest |remainder|, ties to the lower index.
        var leftover = Amount - assigned;
        var step = leftover < 0 ? Int128.NegativeOne : Int128.One;
        var order = Enumerable.Range(0, weights.Length)
            .OrderByDescending(i => Int128.Abs(remainders[i]))
            .ThenBy(i => i)
            .ToArray();
        for (var k = 0; leftover != 0; k++, leftover -= step)
        {
            var i = order[k];
            parts[i] = new Money(parts[i].Amount + step, asset);
        }
    }

    /// <inheritdoc />
    public bool Equals(Money other) => Amount == other.Amount && _asset == other._asset;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Amount, _asset);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The assets differ.</exception>
    public int CompareTo(Money other) => SameAsset(this, other) is not null ? Amount.CompareTo(other.Amount) : 0;

    /// <summary>Formats in display units with all the asset's decimals and its symbol, for example <c>0.00012345 DASH</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        _asset is null ? Amount.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{DecimalText.FormatScaled(Amount, _asset.Decimals)} {_asset.Symbol}";

    private static Asset SameAsset(Money left, Money right)
    {
        var asset = left.Asset;
        if (asset != right.Asset)
        {
            throw new ArgumentException($"Cannot combine amounts of different assets: {asset} and {right.Asset}.");
        }

        return asset;
    }
}
