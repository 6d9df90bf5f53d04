using EnergySettlement.Chains;

namespace EnergySettlement.Settlement.Journal;

/// <summary>
/// What the journal knows about one transaction of a batch, folded from the batch's <see cref="BatchTransition"/>s: its
/// signed bytes, role, attempt, whether it was sent, and what the chain last said about it.
/// </summary>
/// <remarks>Immutable and thread-safe; a snapshot taken when the <see cref="BatchHistory"/> was built.</remarks>
public sealed record JournaledTransaction
{
    /// <summary>Gets the signed transaction, exactly as recorded before it was first sent.</summary>
    public required PreparedTransaction Transaction { get; init; }

    /// <summary>Gets how the transaction relates to the batch's payouts.</summary>
    public required TransactionRole Role { get; init; }

    /// <summary>Gets the attempt the transaction belongs to.</summary>
    public required int Attempt { get; init; }

    /// <summary>Gets when it was recorded (prepared or accelerated).</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>Gets the stuck transaction this one accelerates, for a replacement or a child.</summary>
    public ChainTransactionId? Accelerates { get; init; }

    /// <summary>Gets when it was first sent, or <see langword="null"/> when it never was.</summary>
    public DateTimeOffset? FirstSubmittedAt { get; init; }

    /// <summary>Gets the chain state last observed, or <see langword="null"/> when never observed.</summary>
    public SettlementState? ChainState { get; init; }

    /// <summary>Gets when the chain state was last observed to change.</summary>
    public DateTimeOffset? ObservedAt { get; init; }

    /// <summary>Gets the confirmations last observed.</summary>
    public int Confirmations { get; init; }

    /// <summary>Gets the including block's hash, when last observed included or final.</summary>
    public string? BlockHash { get; init; }

    /// <summary>Gets the including block's height, when last observed included or final.</summary>
    public ulong? BlockNumber { get; init; }

    /// <summary>Gets when it was first observed dropped without having been seen pending or included since, or
    /// <see langword="null"/> when it is not dropped.</summary>
    public DateTimeOffset? DroppedSince { get; init; }

    /// <summary>Gets whether it was given up (dropped past the timeout, or refused when sent).</summary>
    public bool IsAbandoned { get; init; }

    /// <summary>Gets whether its resources were released through the chain provider.</summary>
    public bool IsReleased { get; init; }

    /// <summary>Gets the transaction id.</summary>
    public ChainTransactionId Id => Transaction.TransactionId;

    /// <summary>Gets whether the transaction will never settle the batch: abandoned, released, or observed conflicted or failed.</summary>
    public bool IsDead => IsAbandoned || IsReleased || ChainState is SettlementState.Conflicted or SettlementState.Failed;

    /// <summary>Gets whether the transaction pays the batch's payouts (an original or a replacement, not a child).</summary>
    public bool PaysBatch => Role != TransactionRole.ChildPaysForParent;
}
