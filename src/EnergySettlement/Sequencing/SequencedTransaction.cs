using EnergySettlement.Chains;

namespace EnergySettlement.Sequencing;

/// <summary>
/// A signed transaction that uses one of an account's sequence numbers (an Ethereum nonce), recorded durably before it is
/// broadcast so that a restart neither reuses the number nor forgets the bytes.
/// </summary>
/// <remarks>Several transactions may share a sequence number: a fee-bumped replacement is recorded beside the original,
/// and whichever the chain includes wins. Immutable and thread-safe.</remarks>
public sealed record SequencedTransaction
{
    /// <summary>Gets the signing account.</summary>
    public required SettlementAccount Account { get; init; }

    /// <summary>Gets the sequence number (nonce) the transaction uses.</summary>
    public required ulong Sequence { get; init; }

    /// <summary>Gets the transaction id.</summary>
    public required ChainTransactionId TransactionId { get; init; }

    /// <summary>Gets the signed bytes, to re-broadcast unchanged after a restart or a drop.</summary>
    public required ReadOnlyMemory<byte> RawTransaction { get; init; }

    /// <summary>Gets the settlement batch the transaction pays, if any.</summary>
    public SettlementBatchId? BatchId { get; init; }

    /// <summary>Gets when the transaction was signed (from the injected <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset SignedAt { get; init; }

    /// <summary>Value equality, comparing the raw transaction bytes by content (not by buffer identity).</summary>
    /// <param name="other">The other value.</param>
    /// <returns><see langword="true"/> when every field and every byte is equal.</returns>
    public bool Equals(SequencedTransaction? other) =>
        other is not null && Account == other.Account && Sequence == other.Sequence && TransactionId == other.TransactionId && BatchId == other.BatchId && SignedAt == other.SignedAt && RawTransaction.Span.SequenceEqual(other.RawTransaction.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TransactionId, RawTransaction.Length);
}
