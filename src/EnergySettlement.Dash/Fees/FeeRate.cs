using System.Globalization;

namespace EnergySettlement.Dash.Fees;

/// <summary>
/// A fee rate in the chain's smallest unit (duffs on Dash) per 1,000 bytes of serialised transaction, as Dash Core and
/// Bitcoin Core write it (<c>-minrelaytxfee</c>, <c>estimatesmartfee</c> × 10⁸).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public readonly struct FeeRate : IEquatable<FeeRate>, IComparable<FeeRate>
{
    /// <summary>Creates a rate.</summary>
    /// <param name="perKilobyte">Smallest units per 1,000 bytes; 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is negative.</exception>
    public FeeRate(long perKilobyte)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perKilobyte);
        PerKilobyte = perKilobyte;
    }

    /// <summary>Gets the rate in smallest units per 1,000 bytes.</summary>
    public long PerKilobyte { get; }

    /// <summary>Equality.</summary>
    public static bool operator ==(FeeRate left, FeeRate right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(FeeRate left, FeeRate right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(FeeRate left, FeeRate right) => left.PerKilobyte < right.PerKilobyte;

    /// <summary>Ordering.</summary>
    public static bool operator >(FeeRate left, FeeRate right) => left.PerKilobyte > right.PerKilobyte;

    /// <summary>Ordering.</summary>
    public static bool operator <=(FeeRate left, FeeRate right) => left.PerKilobyte <= right.PerKilobyte;

    /// <summary>Ordering.</summary>
    public static bool operator >=(FeeRate left, FeeRate right) => left.PerKilobyte >= right.PerKilobyte;

    /// <summary>The larger of two rates.</summary>
    /// <param name="left">A rate.</param>
    /// <param name="right">Another rate.</param>
    /// <returns>The larger.</returns>
    public static FeeRate Max(FeeRate left, FeeRate right) => left >= right ? left : right;

    /// <summary>The smaller of two rates.</summary>
    /// <param name="left">A rate.</param>
    /// <param name="right">Another rate.</param>
    /// <returns>The smaller.</returns>
    public static FeeRate Min(FeeRate left, FeeRate right) => left <= right ? left : right;

    /// <summary>
    /// The fee for a transaction of <paramref name="bytes"/> bytes: rate × bytes / 1,000, rounded up
    /// (<see cref="RoundingMode.Ceiling"/>), so it is never below what a node that truncates (Dash Core's
    /// <c>CFeeRate::GetFee</c>) asks for.
    /// </summary>
    /// <param name="bytes">The serialised size; 0 or more.</param>
    /// <returns>The fee in smallest units.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative.</exception>
    public long GetFee(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return checked((PerKilobyte * bytes) + 999) / 1000;
    }

    /// <summary>The rate a transaction pays: fee × 1,000 / bytes, rounded down (<see cref="RoundingMode.Floor"/>), as Dash
    /// Core's <c>CFeeRate(fee, size)</c> does.</summary>
    /// <param name="fee">The fee in smallest units; 0 or more.</param>
    /// <param name="bytes">The serialised size; more than 0.</param>
    /// <returns>The rate.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The fee is negative or the size is not positive.</exception>
    public static FeeRate FromFee(long fee, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fee);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        return new FeeRate(checked(fee * 1000) / bytes);
    }

    /// <inheritdoc />
    public bool Equals(FeeRate other) => PerKilobyte == other.PerKilobyte;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FeeRate other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => PerKilobyte.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(FeeRate other) => PerKilobyte.CompareTo(other.PerKilobyte);

    /// <summary>Returns the rate as <c>N/kB</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{PerKilobyte}/kB");
}
