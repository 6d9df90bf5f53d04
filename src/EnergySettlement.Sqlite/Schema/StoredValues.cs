using System.Globalization;

namespace EnergySettlement.Sqlite.Schema;

/// <summary>How domain values are written to columns and read back exactly: instants as UTC ticks plus the offset in
/// minutes (so the offset survives), 128-bit amounts as decimal text, nonces as signed 64-bit integers.</summary>
internal static class StoredValues
{
    public static long Ticks(DateTimeOffset value) => value.UtcTicks;

    public static long OffsetMinutes(DateTimeOffset value) => (long)value.Offset.TotalMinutes;

    public static DateTimeOffset Instant(long utcTicks, long offsetMinutes) =>
        new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    public static string Amount(Int128 value) => value.ToString(CultureInfo.InvariantCulture);

    public static Int128 Amount(string text) => Int128.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>Rebuilds an asset from its stored id, decimals and symbol.</summary>
    public static Asset Asset(string id, long decimals, string symbol) => new(AssetId.Parse(id), checked((int)decimals), symbol);

    /// <summary>A value or <see cref="DBNull"/>, for nullable columns.</summary>
    public static object OrNull(object? value) => value ?? DBNull.Value;

    /// <summary>An unsigned number no larger than <see cref="long.MaxValue"/>, as SQLite stores it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is larger.</exception>
    public static object Unsigned(ulong? value, string what) => value switch
    {
        null => DBNull.Value,
        <= long.MaxValue => (long)value.Value,
        _ => throw new ArgumentOutOfRangeException(what, value, $"{what} above {long.MaxValue} cannot be stored by the SQLite journal."),
    };

    /// <summary>A nonce as the signed integer SQLite stores; nonces above <see cref="long.MaxValue"/> (2^63 − 1, more
    /// transactions than any account will ever send) are refused rather than stored out of order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sequence is above <see cref="long.MaxValue"/>.</exception>
    public static long Sequence(ulong sequence, string paramName) =>
        sequence <= long.MaxValue
            ? (long)sequence
            : throw new ArgumentOutOfRangeException(paramName, sequence, $"Sequence numbers above {long.MaxValue} are not supported by the SQLite journal.");
}
