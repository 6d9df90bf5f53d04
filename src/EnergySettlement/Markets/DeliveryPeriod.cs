using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace EnergySettlement;

/// <summary>
/// A UTC interval in which energy is delivered, aligned to whole multiples of its length since the Unix epoch
/// (so 15-minute periods start at :00, :15, :30 and :45). Written as an ISO 8601 interval
/// <c>2026-11-24T10:15:00Z/PT15M</c>.
/// </summary>
/// <remarks>The length is whole seconds, at most one day, and divides a day evenly. Immutable and thread-safe.</remarks>
public readonly struct DeliveryPeriod : IEquatable<DeliveryPeriod>, IComparable<DeliveryPeriod>
{
    /// <summary>The default period length: 15 minutes.</summary>
    public static readonly TimeSpan DefaultLength = TimeSpan.FromMinutes(15);

    private DeliveryPeriod(DateTimeOffset start, TimeSpan length)
    {
        Start = start;
        Length = length;
    }

    /// <summary>Gets the start (inclusive), in UTC.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Gets the length.</summary>
    public TimeSpan Length { get; }

    /// <summary>Gets the end (exclusive), in UTC.</summary>
    public DateTimeOffset End => Start + Length;

    /// <summary>Gets the period that follows this one.</summary>
    public DeliveryPeriod Next => new(End, Length);

    /// <summary>Equality.</summary>
    public static bool operator ==(DeliveryPeriod left, DeliveryPeriod right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(DeliveryPeriod left, DeliveryPeriod right) => !left.Equals(right);

    /// <summary>Ordering by start, then length.</summary>
    public static bool operator <(DeliveryPeriod left, DeliveryPeriod right) => left.CompareTo(right) < 0;

    /// <summary>Ordering by start, then length.</summary>
    public static bool operator >(DeliveryPeriod left, DeliveryPeriod right) => left.CompareTo(right) > 0;

    /// <summary>Ordering by start, then length.</summary>
    public static bool operator <=(DeliveryPeriod left, DeliveryPeriod right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering by start, then length.</summary>
    public static bool operator >=(DeliveryPeriod left, DeliveryPeriod right) => left.CompareTo(right) >= 0;

    /// <summary>Creates the period that starts at <paramref name="start"/>.</summary>
    /// <param name="start">The start; must be UTC (offset zero) and aligned to <paramref name="length"/>.</param>
    /// <param name="length">The length; whole seconds, positive, at most a day and dividing a day evenly.</param>
    /// <returns>The period.</returns>
    /// <exception cref="ArgumentException">The start is not UTC or not aligned, or the length is not allowed.</exception>
    public static DeliveryPeriod Create(DateTimeOffset start, TimeSpan length)
    {
        if (TryValidate(start, length) is { } error)
        {
            throw new ArgumentException(error, nameof(start));
        }

        return new DeliveryPeriod(start, length);
    }

    /// <summary>Returns the period of length <paramref name="length"/> that contains <paramref name="instant"/>.</summary>
    /// <param name="instant">Any instant (converted to UTC).</param>
    /// <param name="length">The period length.</param>
    /// <returns>The containing period.</returns>
    /// <exception cref="ArgumentException">The length is not allowed.</exception>
    public static DeliveryPeriod Containing(DateTimeOffset instant, TimeSpan length)
    {
        if (LengthError(length) is { } error)
        {
            throw new ArgumentException(error, nameof(length));
        }

        var utc = instant.ToUniversalTime();
        var sinceEpoch = utc.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var floor = sinceEpoch - (((sinceEpoch % length.Ticks) + length.Ticks) % length.Ticks);
        return new DeliveryPeriod(new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + floor, TimeSpan.Zero), length);
    }

    /// <summary>Parses an ISO 8601 interval: <c>start/duration</c> (<c>2026-11-24T10:15:00Z/PT15M</c>) or <c>start/end</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The period.</returns>
    /// <exception cref="FormatException">The text is not such an interval, not UTC, not aligned, or has a length that is not allowed.</exception>
    public static DeliveryPeriod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var period, out var error) ? period : throw new FormatException(error);
    }

    /// <summary>Tries to parse an ISO 8601 interval; see <see cref="Parse(string)"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="period">The period, when valid.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out DeliveryPeriod period) => TryParse(text, out period, out _);

    /// <summary>Whether <paramref name="instant"/> falls inside the period.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns><see langword="true"/> when Start ≤ instant &lt; End.</returns>
    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    /// <inheritdoc />
    public bool Equals(DeliveryPeriod other) => Start == other.Start && Length == other.Length;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DeliveryPeriod other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Start.UtcTicks, Length.Ticks);

    /// <inheritdoc />
    public int CompareTo(DeliveryPeriod other)
    {
        var byStart = Start.CompareTo(other.Start);
        return byStart != 0 ? byStart : Length.CompareTo(other.Length);
    }

    /// <summary>Formats as an ISO 8601 <c>start/duration</c> interval, for example <c>2026-11-24T10:15:00Z/PT15M</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "/" + FormatDuration(Length);

    private static bool TryParse(string? text, out DeliveryPeriod period, out string error)
    {
        period = default;
        error = $"'{text}' is not a delivery period: expected an ISO 8601 UTC interval such as '2026-11-24T10:15:00Z/PT15M'.";
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash < 0)
        {
            return false;
        }

        if (!TryParseUtc(text[..slash], out var start))
        {
            return false;
        }

        var second = text[(slash + 1)..];
        TimeSpan length;
        if (second.StartsWith('P'))
        {
            if (!TryParseDuration(second, out length))
            {
                return false;
            }
        }
        else if (TryParseUtc(second, out var end))
        {
            length = end - start;
        }
        else
        {
            return false;
        }

        if (TryValidate(start, length) is { } invalid)
        {
            error = $"'{text}' is not a delivery period: {invalid}";
            return false;
        }

        period = new DeliveryPeriod(start, length);
        return true;
    }

    private static bool TryParseUtc(string text, out DateTimeOffset value)
    {
        // Only an explicit 'Z' is accepted: a local time or another offset is a different instant than the writer meant.
        value = default;
        return text.EndsWith('Z') &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static string? TryValidate(DateTimeOffset start, TimeSpan length)
    {
        if (LengthError(length) is { } error)
        {
            return error;
        }

        if (start.Offset != TimeSpan.Zero)
        {
            return $"the start {start:O} must be in UTC (offset zero).";
        }

        return (start.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % length.Ticks == 0
            ? null
            : $"the start {start:O} is not aligned to the period length {FormatDuration(length)}.";
    }

    private static string? LengthError(TimeSpan length) =>
        length <= TimeSpan.Zero || length > TimeSpan.FromDays(1) || length.Ticks % TimeSpan.TicksPerSecond != 0 || TimeSpan.FromDays(1).Ticks % length.Ticks != 0
            ? $"the period length {length} must be whole seconds, positive, at most one day, and divide a day evenly."
            : null;

    private static string FormatDuration(TimeSpan length)
    {
        if (length == TimeSpan.FromDays(1))
        {
            return "P1D";
        }

        var text = new StringBuilder("PT");
        if (length.Hours > 0)
        {
            text.Append(length.Hours.ToString(CultureInfo.InvariantCulture)).Append('H');
        }

        if (length.Minutes > 0)
        {
            text.Append(length.Minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
        }

        if (length.Seconds > 0)
        {
            text.Append(length.Seconds.ToString(CultureInfo.InvariantCulture)).Append('S');
        }

        return text.ToString();
    }

    private static bool TryParseDuration(string text, out TimeSpan length)
    {
        length = TimeSpan.Zero;
        if (text == "P1D")
        {
            length = TimeSpan.FromDays(1);
            return true;
        }

        if (!text.StartsWith("PT", StringComparison.Ordinal) || text.Length < 4)
        {
            return false;
        }

        long number = -1;
        var lastUnit = 0;
        foreach (var c in text.AsSpan(2))
        {
            if (char.IsAsciiDigit(c))
            {
                number = (number < 0 ? 0 : number * 10) + (c - '0');
                if (number > 86_400)
                {
                    return false;
                }

                continue;
            }

            var (unit, rank) = c switch { 'H' => (TimeSpan.FromHours(1), 1), 'M' => (TimeSpan.FromMinutes(1), 2), 'S' => (TimeSpan.FromSeconds(1), 3), _ => (TimeSpan.Zero, 0) };
            if (rank <= lastUnit || number < 0)
            {
                return false;
            }

            length += unit * number;
            lastUnit = rank;
            number = -1;
        }

        return number < 0 && length > TimeSpan.Zero;
    }
}
