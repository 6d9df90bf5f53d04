namespace EnergySettlement;

/// <summary>
/// What is paid: a CAIP-19 <see cref="AssetId"/>, the number of decimals between the display unit and the smallest
/// unit (8 for DASH, 18 for ether), and a display symbol.
/// </summary>
/// <remarks>
/// Two assets are equal when id and decimals are equal; the symbol is for display only.
/// Immutable and thread-safe.
/// </remarks>
public sealed class Asset : IEquatable<Asset>
{
    /// <summary>The largest supported number of decimals (10^30 smallest units per display unit).</summary>
    public const int MaxDecimals = 30;

    /// <summary>Creates an asset.</summary>
    /// <param name="id">The CAIP-19 asset id.</param>
    /// <param name="decimals">Decimals of the smallest unit, 0 to <see cref="MaxDecimals"/>.</param>
    /// <param name="symbol">The display symbol, for example <c>DASH</c> or <c>ETH</c>: 1 to 11 letters or digits.</param>
    /// <exception cref="ArgumentException">The id is the default value, or decimals or symbol are out of range.</exception>
    public Asset(AssetId id, int decimals, string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (id == default)
        {
            throw new ArgumentException("The asset id must name an asset.", nameof(id));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, MaxDecimals);
        if (symbol.Length is 0 or > 11 || !symbol.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"The symbol '{symbol}' must be 1 to 11 ASCII letters or digits.", nameof(symbol));
        }

        Id = id;
        Decimals = decimals;
        Symbol = symbol;
        UnitsPerWhole = Pow10(decimals);
    }

    /// <summary>Gets the CAIP-19 id.</summary>
    public AssetId Id { get; }

    /// <summary>Gets the number of decimals: one display unit is 10^Decimals smallest units.</summary>
    public int Decimals { get; }

    /// <summary>Gets the display symbol.</summary>
    public string Symbol { get; }

    /// <summary>Gets 10^<see cref="Decimals"/>: the smallest units in one display unit.</summary>
    public Int128 UnitsPerWhole { get; }

    /// <summary>Equality by id and decimals.</summary>
    public static bool operator ==(Asset? left, Asset? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Asset? left, Asset? right) => !(left == right);

    /// <inheritdoc />
    public bool Equals(Asset? other) => other is not null && Id == other.Id && Decimals == other.Decimals;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Asset);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Decimals);

    /// <summary>Returns the symbol and id, for example <c>ETH (eip155:1/slip44:60)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Symbol} ({Id})";

    private static Int128 Pow10(int exponent)
    {
        Int128 result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
