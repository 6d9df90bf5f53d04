namespace EnergySettlement.Matching.Sharing;

/// <summary>
/// The grid's prices for a delivery period, as seen by a community: the retail price it pays for imports
/// (λ_buy in Zhou et al. 2018) and the feed-in price it receives for exports (λ_sell).
/// </summary>
/// <remarks>
/// Prices are integers in the asset's smallest money unit per kWh (for example cents/kWh, or wei/kWh). The feed-in
/// price is at least 0 and at most the retail price, the setting the sharing mechanisms assume. Thread-safe (immutable).
/// </remarks>
public readonly struct GridTariff : IEquatable<GridTariff>
{
    /// <summary>Creates a tariff.</summary>
    /// <param name="retailPricePerKwh">What the grid charges per kWh imported (smallest money units per kWh).</param>
    /// <param name="feedInPricePerKwh">What the grid pays per kWh exported (smallest money units per kWh).</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="feedInPricePerKwh"/> is negative, or above <paramref name="retailPricePerKwh"/>.
    /// </exception>
    public GridTariff(long retailPricePerKwh, long feedInPricePerKwh)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(feedInPricePerKwh);
        ArgumentOutOfRangeException.ThrowIfLessThan(retailPricePerKwh, feedInPricePerKwh);
        RetailPricePerKwh = retailPricePerKwh;
        FeedInPricePerKwh = feedInPricePerKwh;
    }

    /// <summary>Gets the retail (import) price, λ_buy, in smallest money units per kWh.</summary>
    public long RetailPricePerKwh { get; }

    /// <summary>Gets the feed-in (export) price, λ_sell, in smallest money units per kWh.</summary>
    public long FeedInPricePerKwh { get; }

    /// <summary>Compares two tariffs.</summary>
    /// <param name="left">The first tariff.</param>
    /// <param name="right">The second tariff.</param>
    /// <returns><see langword="true"/> when both prices are equal.</returns>
    public static bool operator ==(GridTariff left, GridTariff right) => left.Equals(right);

    /// <summary>Compares two tariffs.</summary>
    /// <param name="left">The first tariff.</param>
    /// <param name="right">The second tariff.</param>
    /// <returns><see langword="true"/> when a price differs.</returns>
    public static bool operator !=(GridTariff left, GridTariff right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(GridTariff other) =>
        RetailPricePerKwh == other.RetailPricePerKwh && FeedInPricePerKwh == other.FeedInPricePerKwh;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is GridTariff other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(RetailPricePerKwh, FeedInPricePerKwh);

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"retail {RetailPricePerKwh}/kWh, feed-in {FeedInPricePerKwh}/kWh");
}
