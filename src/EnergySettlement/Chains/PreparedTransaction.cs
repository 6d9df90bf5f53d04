namespace EnergySettlement.Chains;

/// <summary>
/// A built and signed transaction for a <see cref="SettlementBatch"/>, not yet sent: what the journal stores before
/// submission so that recovery after a crash re-sends exactly the same bytes.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record PreparedTransaction
{
    /// <summary>Gets the batch this transaction pays.</summary>
    public required SettlementBatchId BatchId { get; init; }

    /// <summary>Gets the chain.</summary>
    public required ChainId ChainId { get; init; }

    /// <summary>Gets the paying account (the batch's payer), so that errors and journals can name it.</summary>
    public required SettlementAccount Payer { get; init; }

    /// <summary>Gets the transaction id as the chain will show it.</summary>
    public required ChainTransactionId TransactionId { get; init; }

    /// <summary>Gets the signed transaction bytes, ready to broadcast.</summary>
    public required ReadOnlyMemory<byte> RawTransaction { get; init; }

    /// <summary>Gets the fee the transaction pays at most, in the chain's native asset.</summary>
    public required Money MaxFee { get; init; }

    /// <summary>Gets the paying account's sequence number the transaction uses (an Ethereum nonce), if the chain has one.</summary>
    public ulong? Sequence { get; init; }

    /// <summary>Value equality, comparing the raw transaction bytes by content (not by buffer identity).</summary>
    /// <param name="other">The other value.</param>
    /// <returns><see langword="true"/> when every field and every byte is equal.</returns>
    public bool Equals(PreparedTransaction? other) =>
        other is not null && BatchId == other.BatchId && ChainId == other.ChainId && Payer == other.Payer && TransactionId == other.TransactionId && MaxFee == other.MaxFee && Sequence == other.Sequence && RawTransaction.Span.SequenceEqual(other.RawTransaction.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TransactionId, RawTransaction.Length);
}
