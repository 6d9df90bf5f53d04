using EnergySettlement.Chains;

namespace EnergySettlement.Sequencing;

/// <summary>
/// Durable record of the transactions each account has signed, by sequence number. Chain adapters with account
/// sequence numbers (Ethereum nonces) write here before broadcasting; the settlement journal implements it in a later
/// release. Ships with <see cref="InMemorySequencedTransactionStore"/> (tests) and <see cref="FileSequencedTransactionStore"/>.
/// </summary>
/// <remarks>Implementations must be thread-safe, and a completed <see cref="RecordAsync"/> must survive a process crash.</remarks>
public interface ISequencedTransactionStore
{
    /// <summary>Loads what is known about an account.</summary>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The account's next sequence and outstanding transactions.</returns>
    Task<AccountSequenceState> LoadAsync(SettlementAccount account, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a signed transaction durably. Recording the same (account, sequence, transaction id) again is a no-op;
    /// a different transaction id at the same sequence is recorded beside the first (a replacement).
    /// </summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="cancellationToken">Cancels the write (it may still have completed).</param>
    /// <returns>A task that completes when the record is durable.</returns>
    /// <exception cref="InvalidOperationException">The same transaction id was recorded with different bytes or sequence.</exception>
    Task RecordAsync(SequencedTransaction transaction, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a sequence number as settled on chain (one of its transactions was included and final): its transactions are
    /// no longer outstanding. <see cref="AccountSequenceState.NextSequence"/> never goes down.
    /// </summary>
    /// <param name="account">The account.</param>
    /// <param name="sequence">The sequence number.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the mark is durable.</returns>
    Task CompleteAsync(SettlementAccount account, ulong sequence, CancellationToken cancellationToken = default);
}
