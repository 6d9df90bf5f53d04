using System.Globalization;
using EnergySettlement.Settlement.Journal;
using EnergySettlement.Settlement.Readings;

namespace EnergySettlement.PostgreSql.Settlement;

/// <summary>The settlement journal's record keys as text (for <see cref="IdempotencyConflictException.Key"/>) and the
/// conflict every store raises, worded as the in-memory journal words it.</summary>
internal static class JournalKeys
{
    public static string Reading(RecordedReading reading) =>
        string.Create(CultureInfo.InvariantCulture, $"{reading.Meter}/{reading.Period.Start.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}#{reading.Revision}");

    public static string Transition(BatchTransition transition) =>
        string.Create(CultureInfo.InvariantCulture, $"{transition.BatchId}#{transition.Sequence}");

    /// <summary>"Already exists" when the recorded content equals the offered; a conflict otherwise.</summary>
    public static JournalWriteOutcome Same<T>(T recorded, T offered, string store, string key)
        where T : IEquatable<T> =>
        recorded.Equals(offered)
            ? JournalWriteOutcome.AlreadyExists
            : throw new IdempotencyConflictException(store, key, $"The {store} {key} is already recorded with other content; the same key must always name the same record.");
}
