using EnergySettlement.Chains;

namespace EnergySettlement.Settlement.Journal;

/// <summary>
/// One step in a batch's life, appended to the <see cref="ISettlementJournal"/> before the action it enables: a
/// transaction prepared (its signed bytes before they are sent), sent, observed on chain, accelerated, abandoned,
/// released, or the batch re-planned or blocked. <see cref="State"/> is the batch's state after the step.
/// </summary>
/// <remarks>
/// <para>A batch's transitions are numbered 1, 2, 3, … without gaps (<see cref="Sequence"/>); the planned
/// <see cref="SettlementBatchRecord"/> is step 0. The key is (batch id, sequence): appending the same transition again is
/// "already exists", and another transition under the same key is an <see cref="IdempotencyConflictException"/> — which
/// is also how two writers racing on one batch are told apart.</para>
/// <para>Immutable and thread-safe. Equality compares content (the transaction's bytes by value) and ignores
/// <see cref="Position"/>, which the journal assigns.</para>
/// </remarks>
public sealed record BatchTransition
{
    /// <summary>Gets the batch.</summary>
    public required SettlementBatchId BatchId { get; init; }

    /// <summary>Gets the step number within the batch: 1 for the first transition after planning, then 2, 3, ….</summary>
    public required int Sequence { get; init; }

    /// <summary>Gets what the step records.</summary>
    public required BatchTransitionKind Kind { get; init; }

    /// <summary>Gets the batch's state after the step.</summary>
    public required BatchState State { get; init; }

    /// <summary>Gets when the step happened (from the service's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Gets the attempt the step belongs to: 0 until the batch is first re-planned, then 1, 2, ….</summary>
    public int Attempt { get; init; }

    /// <summary>Gets the transaction the step is about (every kind but <see cref="BatchTransitionKind.Replanned"/> and
    /// usually <see cref="BatchTransitionKind.Blocked"/>).</summary>
    public ChainTransactionId? TransactionId { get; init; }

    /// <summary>Gets the signed transaction, for <see cref="BatchTransitionKind.Prepared"/> and
    /// <see cref="BatchTransitionKind.Accelerated"/>: exactly the bytes that will be sent, and sent again after a restart.</summary>
    public PreparedTransaction? Transaction { get; init; }

    /// <summary>Gets the transaction's role, for <see cref="BatchTransitionKind.Prepared"/> and <see cref="BatchTransitionKind.Accelerated"/>.</summary>
    public TransactionRole? Role { get; init; }

    /// <summary>Gets the stuck transaction an <see cref="BatchTransitionKind.Accelerated"/> step speeds up.</summary>
    public ChainTransactionId? Accelerates { get; init; }

    /// <summary>Gets the chain state observed, for <see cref="BatchTransitionKind.Observed"/>.</summary>
    public SettlementState? ChainState { get; init; }

    /// <summary>Gets the confirmations observed (0 when not included).</summary>
    public int Confirmations { get; init; }

    /// <summary>Gets the including block's hash, when observed included or final.</summary>
    public string? BlockHash { get; init; }

    /// <summary>Gets the including block's height, when observed included or final.</summary>
    public ulong? BlockNumber { get; init; }

    /// <summary>Gets the transaction that took this one's place, when observed conflicted and the chain says which.</summary>
    public ChainTransactionId? ReplacedBy { get; init; }

    /// <summary>Gets a human-readable detail: why blocked or abandoned, what the node said.</summary>
    public string? Detail { get; init; }

    /// <summary>Gets the journal's position of the transition: assigned when it is first appended, increasing with every
    /// append to the journal (a feed for receipts and audits). 0 on a transition not read back from a journal.</summary>
    public long Position { get; init; }

    /// <summary>Content equality: every field but <see cref="Position"/>, the transaction's bytes by value.</summary>
    /// <param name="other">The other transition.</param>
    /// <returns><see langword="true"/> when the content is equal.</returns>
    public bool Equals(BatchTransition? other) =>
        other is not null
        && BatchId == other.BatchId
        && Sequence == other.Sequence
        && Kind == other.Kind
        && State == other.State
        && At == other.At
        && Attempt == other.Attempt
        && TransactionId == other.TransactionId
        && Equals(Transaction, other.Transaction)
        && Role == other.Role
        && Accelerates == other.Accelerates
        && ChainState == other.ChainState
        && Confirmations == other.Confirmations
        && string.Equals(BlockHash, other.BlockHash, StringComparison.Ordinal)
        && BlockNumber == other.BlockNumber
        && ReplacedBy == other.ReplacedBy
        && string.Equals(Detail, other.Detail, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(BatchId, Sequence, Kind, State, At);
}
