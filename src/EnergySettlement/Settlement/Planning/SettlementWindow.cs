using System.Globalization;

namespace EnergySettlement.Settlement;

/// <summary>
/// What one settlement run settles: a market and a contiguous run of its delivery periods (for example the four
/// 15-minute periods of an hour, or the 96 of a day). Each participant makes or receives its payments for the whole
/// window at once.
/// </summary>
/// <remarks>Immutable and thread-safe. Equality by market, first period and count.</remarks>
public sealed record SettlementWindow
{
    /// <summary>The most periods one window may span: 31 days of 15-minute periods.</summary>
    public const int MaxPeriods = 31 * 96;

    /// <summary>Creates a window.</summary>
    /// <param name="market">The market.</param>
    /// <param name="firstPeriod">The first delivery period.</param>
    /// <param name="periodCount">How many consecutive periods, 1 to <see cref="MaxPeriods"/>.</param>
    /// <exception cref="ArgumentException">The market id or the first period is the default value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="periodCount"/> is out of range.</exception>
    public SettlementWindow(MarketId market, DeliveryPeriod firstPeriod, int periodCount)
    {
        if (market == default)
        {
            throw new ArgumentException("The market id must be set.", nameof(market));
        }

        if (firstPeriod == default)
        {
            throw new ArgumentException("The first period must be set.", nameof(firstPeriod));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(periodCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(periodCount, MaxPeriods);
        Market = market;
        FirstPeriod = firstPeriod;
        PeriodCount = periodCount;
    }

    /// <summary>Gets the market.</summary>
    public MarketId Market { get; }

    /// <summary>Gets the first delivery period.</summary>
    public DeliveryPeriod FirstPeriod { get; }

    /// <summary>Gets the number of consecutive periods.</summary>
    public int PeriodCount { get; }

    /// <summary>Gets the period length.</summary>
    public TimeSpan PeriodLength => FirstPeriod.Length;

    /// <summary>Gets the start of the first period (inclusive, UTC).</summary>
    public DateTimeOffset Start => FirstPeriod.Start;

    /// <summary>Gets the end of the last period (exclusive, UTC).</summary>
    public DateTimeOffset End => FirstPeriod.Start + (FirstPeriod.Length * PeriodCount);

    /// <summary>Gets the last delivery period.</summary>
    public DeliveryPeriod LastPeriod => DeliveryPeriod.Create(End - PeriodLength, PeriodLength);

    /// <summary>Gets the window's id, derived from market, first period and count.</summary>
    public SettlementWindowId Id => new(string.Create(CultureInfo.InvariantCulture, $"{Market}/{FirstPeriod.Start.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}/{PeriodCount}x{FormatLength(PeriodLength)}"));

    /// <summary>Gets the window's periods, in order.</summary>
    public IEnumerable<DeliveryPeriod> Periods
    {
        get
        {
            var period = FirstPeriod;
            for (var i = 0; i < PeriodCount; i++, period = period.Next)
            {
                yield return period;
            }
        }
    }

    /// <summary>Whether <paramref name="period"/> is one of the window's periods (same length, inside the window).</summary>
    /// <param name="period">The period.</param>
    /// <returns><see langword="true"/> when the window contains the period.</returns>
    public bool Contains(DeliveryPeriod period) => period.Length == PeriodLength && period.Start >= Start && period.End <= End;

    /// <summary>Returns the window's id text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Id.Value;

    private static string FormatLength(TimeSpan length)
    {
        // DeliveryPeriod's ISO text ends with its duration ("…Z/PT15M"); reuse it rather than format durations twice.
        var text = DeliveryPeriod.Create(DateTimeOffset.UnixEpoch, length).ToString();
        return text[(text.IndexOf('/', StringComparison.Ordinal) + 1)..];
    }
}
