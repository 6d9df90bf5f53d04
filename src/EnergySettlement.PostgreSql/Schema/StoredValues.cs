using System.Numerics;

namespace EnergySettlement.PostgreSql.Schema;

/// <summary>How domain values are written to columns and read back exactly: instants as UTC ticks plus the offset in
/// minutes (<c>timestamptz</c> keeps neither the 100 ns ticks nor the offset), 128-bit amounts as <c>numeric(39,0)</c>,
/// nonces and block numbers as <c>bigint</c>.</summary>
internal static class StoredValues
{
    public static long Ticks(DateTimeOffset value) => value.UtcTicks;

    public static short OffsetMinutes(DateTimeOffset value) => (short)value.Offset.TotalMinutes;

    public static DateTimeOffset Instant(long utcTicks, short offsetMinutes) =>
        new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    public static BigInteger Amount(Int128 value) => (BigInteger)value;

    public static Int128 Amount(BigInteger value) => (Int128)value;

    /// <summary>Rebuilds an asset from its stored id, decimals and symbol.</summary>
    public static Asset Asset(string id, short decimals, string symbol) => new(AssetId.Parse(id), decimals, symbol);

    /// <summary>An unsigned number no larger than <see cref="long.MaxValue"/>, as PostgreSQL's <c>bigint</c> holds it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is larger.</exception>
    public static long? Unsigned(ulong? value, string what) => value switch
    {
        null => null,
        <= long.MaxValue => (long)value.Value,
        _ => throw new ArgumentOutOfRangeException(what, value, $"{what} above {long.MaxValue} cannot be stored by the PostgreSQL journal."),
    };

    /// <summary>A nonce as the signed integer PostgreSQL stores; nonces above <see cref="long.MaxValue"/> (2^63 − 1, more
    /// transactions than any account will ever send) are refused rather than stored out of order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sequence is above <see cref="long.MaxValue"/>.</exception>
    public static long Sequence(ulong sequence, string paramName) =>
        sequence <= long.MaxValue
            ? (long)sequence
            : throw new ArgumentOutOfRangeException(paramName, sequence, $"Sequence numbers above {long.MaxValue} are not supported by the PostgreSQL journal.");
}
