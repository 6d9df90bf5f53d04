namespace EnergySettlement.Trading;

/// <summary>
/// One accepted market command in an <see cref="IOrderJournal"/>: its place in the market's sequence and the market
/// operator's encoding of it. Stores keep the payload as opaque bytes; the market operator writes and reads it.
/// </summary>
/// <remarks>Immutable and thread-safe. Equality compares the payload by content.</remarks>
public sealed record OrderJournalEntry
{
    /// <summary>Gets the entry's position in its market's journal: 1, 2, 3, … without gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets when the command was accepted (from the operator's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>Gets the command, in the market operator's encoding.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Value equality, comparing the payload by content (not by buffer identity).</summary>
    /// <param name="other">The other entry.</param>
    /// <returns><see langword="true"/> when sequence, time and every payload byte are equal.</returns>
    public bool Equals(OrderJournalEntry? other) =>
        other is not null && Sequence == other.Sequence && RecordedAt == other.RecordedAt && Payload.Span.SequenceEqual(other.Payload.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Sequence, RecordedAt, Payload.Length);
}
