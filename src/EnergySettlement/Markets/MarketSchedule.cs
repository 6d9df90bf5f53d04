using System.Globalization;

namespace EnergySettlement;

/// <summary>
/// When a market matches: continuously until gate closure, in call auctions every few minutes, or in one day-ahead
/// auction per delivery day. Declared on <see cref="MarketDefinition.Schedule"/>; the market operator runs it from its
/// <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// <para>Periodic auctions clear at the whole multiples of <see cref="AuctionInterval"/> since the Unix epoch (so a
/// 5-minute interval clears at :00, :05, :10, …) while a book is open, and once more at its gate closure.</para>
/// <para>A day-ahead auction clears every period of UTC delivery day D at <see cref="AuctionTime"/> (UTC) on day D − 1;
/// that instant is the gate closure of all of them, and <see cref="MarketDefinition.GateClosureLead"/> is not used.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed record MarketSchedule
{
    private MarketSchedule(MarketScheduleKind kind, TimeSpan auctionInterval, TimeOnly auctionTime)
    {
        Kind = kind;
        AuctionInterval = auctionInterval;
        AuctionTime = auctionTime;
    }

    /// <summary>Gets continuous trading until gate closure (the default of a market).</summary>
    public static MarketSchedule Continuous { get; } = new(MarketScheduleKind.Continuous, TimeSpan.Zero, default);

    /// <summary>Gets the kind of schedule.</summary>
    public MarketScheduleKind Kind { get; }

    /// <summary>Gets the time between two periodic auctions; zero for other kinds.</summary>
    public TimeSpan AuctionInterval { get; }

    /// <summary>Gets the UTC time of day of the day-ahead auction; midnight for other kinds.</summary>
    public TimeOnly AuctionTime { get; }

    /// <summary>Gets whether books collect orders for call auctions rather than matching continuously.</summary>
    public bool IsAuction => Kind != MarketScheduleKind.Continuous;

    /// <summary>Creates a schedule of call auctions every <paramref name="interval"/>, plus one at each book's gate closure.</summary>
    /// <param name="interval">The time between auctions: whole seconds, positive, at most a day, dividing a day evenly.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The interval is not allowed.</exception>
    public static MarketSchedule PeriodicAuction(TimeSpan interval)
    {
        if (IntervalError(interval) is { } error)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, error);
        }

        return new MarketSchedule(MarketScheduleKind.PeriodicAuction, interval, default);
    }

    /// <summary>Creates a schedule with one auction per UTC delivery day, held at <paramref name="auctionTime"/> (UTC) the day before.</summary>
    /// <param name="auctionTime">The UTC time of day of the auction (for example 12:00), in whole seconds.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time has a fraction of a second.</exception>
    public static MarketSchedule DayAheadAuction(TimeOnly auctionTime)
    {
        if (auctionTime.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(auctionTime), auctionTime, "The auction time must be whole seconds.");
        }

        return new MarketSchedule(MarketScheduleKind.DayAheadAuction, TimeSpan.Zero, auctionTime);
    }

    /// <summary>Checks the schedule and returns every problem found (empty when valid).</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Kind))
        {
            errors.Add($"Schedule kind {Kind} is not defined.");
        }
        else if (Kind == MarketScheduleKind.PeriodicAuction && IntervalError(AuctionInterval) is { } error)
        {
            errors.Add(error);
        }

        return errors;
    }

    /// <summary>Describes the schedule, for example <c>periodic auction every 00:05:00</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind switch
    {
        MarketScheduleKind.PeriodicAuction => string.Create(CultureInfo.InvariantCulture, $"periodic auction every {AuctionInterval}"),
        MarketScheduleKind.DayAheadAuction => string.Create(CultureInfo.InvariantCulture, $"day-ahead auction at {AuctionTime:HH\\:mm\\:ss} UTC"),
        _ => "continuous",
    };

    private static string? IntervalError(TimeSpan interval) =>
        interval <= TimeSpan.Zero || interval > TimeSpan.FromDays(1) || interval.Ticks % TimeSpan.TicksPerSecond != 0 || TimeSpan.FromDays(1).Ticks % interval.Ticks != 0
            ? $"The auction interval {interval} must be whole seconds, positive, at most a day, and divide a day evenly."
            : null;
}
