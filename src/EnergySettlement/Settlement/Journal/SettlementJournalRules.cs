using System.Globalization;

namespace EnergySettlement.Settlement;

/// <summary>
/// The input rules and wording every <see cref="ISettlementJournal"/> shares, for implementations: the built-in journals
/// (memory, SQLite, PostgreSQL) use these, so a refusal reads the same whichever journal a host runs, and a custom journal
/// can keep the same contract.
/// </summary>
/// <remarks>Thread-safe: every member is a pure function.</remarks>
public static class SettlementJournalRules
{
    /// <summary>Refuses a reading no journal can key: null, without its meter reading, no meter, a negative revision.</summary>
    /// <param name="reading">The reading offered.</param>
    /// <param name="parameterName">The caller's parameter, named in the exception.</param>
    /// <exception cref="ArgumentNullException">The reading or its meter reading is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The revision is negative.</exception>
    /// <exception cref="ArgumentException">The meter id is not set.</exception>
    public static void CheckReading(RecordedReading reading, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(reading, parameterName);
        ArgumentNullException.ThrowIfNull(reading.Reading, parameterName);
        ArgumentOutOfRangeException.ThrowIfNegative(reading.Revision, parameterName);
        if (reading.Meter == default)
        {
            throw new ArgumentException("The reading's meter id must be set.", parameterName);
        }
    }

    /// <summary>The error for a reading whose revision would leave a gap after the revisions already recorded.</summary>
    /// <param name="reading">The reading offered.</param>
    /// <param name="recorded">How many revisions of its meter and period are recorded (so the next is this number).</param>
    /// <param name="parameterName">The caller's parameter, named in the exception.</param>
    /// <returns>The exception to throw.</returns>
    public static ArgumentException RevisionGap(RecordedReading reading, long recorded, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"Reading revision {reading.Revision} of meter {reading.Meter} for {reading.Period} would leave a gap: {recorded} revision(s) are recorded, so the next is {recorded}."),
            parameterName);
    }

    /// <summary>A reading's key as text (<c>meter/periodStart#revision</c>), for <see cref="IdempotencyConflictException.Key"/>.</summary>
    /// <param name="reading">The reading.</param>
    /// <returns>The key.</returns>
    public static string ReadingKey(RecordedReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return string.Create(CultureInfo.InvariantCulture, $"{reading.Meter}/{reading.Period.Start.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}#{reading.Revision}");
    }

    /// <summary>A batch transition's key as text (<c>batch#sequence</c>), for <see cref="IdempotencyConflictException.Key"/>.</summary>
    /// <param name="transition">The transition.</param>
    /// <returns>The key.</returns>
    public static string TransitionKey(BatchTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return string.Create(CultureInfo.InvariantCulture, $"{transition.BatchId}#{transition.Sequence}");
    }

    /// <summary>The answer to a record offered under a key that is recorded already: "already exists" when the content is
    /// the same, an <see cref="IdempotencyConflictException"/> otherwise — never a silent success.</summary>
    /// <typeparam name="T">The record type; equality is its content equality.</typeparam>
    /// <param name="recorded">What the journal holds under the key.</param>
    /// <param name="offered">What is offered under the same key.</param>
    /// <param name="store">The kind of record, as the error names it (for example <c>meter reading</c>).</param>
    /// <param name="key">The key as text.</param>
    /// <returns><see cref="JournalWriteOutcome.AlreadyExists"/>.</returns>
    /// <exception cref="IdempotencyConflictException">The content differs.</exception>
    public static JournalWriteOutcome AlreadyExistsOrConflict<T>(T recorded, T offered, string store, string key)
        where T : IEquatable<T> =>
        recorded.Equals(offered)
            ? JournalWriteOutcome.AlreadyExists
            : throw new IdempotencyConflictException(store, key, $"The {store} {key} is already recorded with other content; the same key must always name the same record.");
}
