namespace EnergySettlement.Settlement;

/// <summary>
/// A rate between two assets, as two amounts that are worth the same: <see cref="From"/> buys <see cref="To"/>
/// (for example 1.000000 EURC = 0.03330000 DASH), with where the rate came from and when it was observed.
/// Integer throughout: converting multiplies by <c>To</c> and divides by <c>From</c> once, rounding as named.
/// </summary>
/// <remarks>Recorded on every leg it converts, so a payment can be audited later. Immutable and thread-safe.</remarks>
public sealed record ExchangeRate
{
    /// <summary>Creates a rate.</summary>
    /// <param name="from">An amount of the source asset; positive, at most <see cref="long.MaxValue"/> smallest units.</param>
    /// <param name="to">What <paramref name="from"/> is worth in the target asset; positive, at most <see cref="long.MaxValue"/> smallest units.</param>
    /// <param name="source">Where the rate came from (a feed name, an oracle address); 1 to 256 characters.</param>
    /// <param name="observedAt">When the source stated it.</param>
    /// <exception cref="ArgumentException">An amount is not positive or too large, the assets are equal, or the source is empty or too long.</exception>
    public ExchangeRate(Money from, Money to, string source, DateTimeOffset observedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (from == default || to == default || from.Amount <= 0 || to.Amount <= 0 || from.Amount > long.MaxValue || to.Amount > long.MaxValue)
        {
            throw new ArgumentException($"Both amounts of a rate must be positive and fit 64 bits; found {from} = {to}.", nameof(from));
        }

        if (from.Asset == to.Asset)
        {
            throw new ArgumentException($"A rate converts between two assets; both are {from.Asset}.", nameof(to));
        }

        if (source.Length > 256)
        {
            throw new ArgumentException($"A rate source has at most 256 characters; found {source.Length}.", nameof(source));
        }

        From = from;
        To = to;
        Source = source;
        ObservedAt = observedAt;
    }

    /// <summary>Gets the amount of the source asset.</summary>
    public Money From { get; }

    /// <summary>Gets what <see cref="From"/> is worth in the target asset.</summary>
    public Money To { get; }

    /// <summary>Gets where the rate came from.</summary>
    public string Source { get; }

    /// <summary>Gets when the source stated the rate.</summary>
    public DateTimeOffset ObservedAt { get; }

    /// <summary>Converts an amount of the source asset: amount × <see cref="To"/> / <see cref="From"/>, rounded once.</summary>
    /// <param name="amount">An amount of <see cref="From"/>'s asset.</param>
    /// <param name="rounding">How a fraction of the target's smallest unit is rounded.</param>
    /// <returns>The amount in <see cref="To"/>'s asset.</returns>
    /// <exception cref="ArgumentException"><paramref name="amount"/> is not in the source asset.</exception>
    /// <exception cref="OverflowException">The product does not fit in 128 bits.</exception>
    public Money Convert(Money amount, RoundingMode rounding)
    {
        if (amount.Asset != From.Asset)
        {
            throw new ArgumentException($"The rate converts {From.Asset}, not {amount.Asset}.", nameof(amount));
        }

        return new Money(amount.MultiplyDivide((long)To.Amount, (long)From.Amount, rounding).Amount, To.Asset);
    }

    /// <summary>Returns <c>1.000000 EURC = 0.03330000 DASH (source, time)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{From} = {To} ({Source}, {ObservedAt:O})";
}
