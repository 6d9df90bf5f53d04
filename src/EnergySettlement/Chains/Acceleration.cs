namespace EnergySettlement.Chains;

/// <summary>
/// The answer to <see cref="ChainSettlementProvider.AccelerateAsync"/>: a signed transaction that gets a stuck one
/// included sooner, to be journaled and then submitted like any prepared transaction.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Acceleration
{
    /// <summary>Gets the accelerating transaction (its <see cref="PreparedTransaction.BatchId"/> is the stuck one's batch).</summary>
    public required PreparedTransaction Transaction { get; init; }

    /// <summary>Gets how the accelerating transaction relates to the stuck one, which says which of the two settles the batch.</summary>
    public required AccelerationKind Kind { get; init; }

    /// <summary>Gets the transaction that was stuck.</summary>
    public required ChainTransactionId Accelerates { get; init; }
}
