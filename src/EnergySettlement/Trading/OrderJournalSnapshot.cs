namespace EnergySettlement.Trading;

/// <summary>
/// The state of a market's books after a given <see cref="OrderJournalEntry.Sequence"/>, in the market operator's
/// encoding: replay starts from the latest snapshot and applies only the entries after it.
/// </summary>
/// <remarks>Immutable and thread-safe. Equality compares the state by content.</remarks>
public sealed record OrderJournalSnapshot
{
    /// <summary>Gets the last journal entry the snapshot includes.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets when the snapshot was taken.</summary>
    public required DateTimeOffset TakenAt { get; init; }

    /// <summary>Gets the books' state, in the market operator's encoding.</summary>
    public required ReadOnlyMemory<byte> State { get; init; }

    /// <summary>Value equality, comparing the state by content (not by buffer identity).</summary>
    /// <param name="other">The other snapshot.</param>
    /// <returns><see langword="true"/> when sequence, time and every state byte are equal.</returns>
    public bool Equals(OrderJournalSnapshot? other) =>
        other is not null && Sequence == other.Sequence && TakenAt == other.TakenAt && State.Span.SequenceEqual(other.State.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Sequence, TakenAt, State.Length);
}
