using EnergySettlement.Chains;

namespace EnergySettlement.Coins;

/// <summary>
/// Durable record of which coins (unspent outputs) each in-flight settlement batch spends, so that two batches never
/// select the same coin and a restart neither double-selects a coin nor strands one. UTXO chain adapters reserve before
/// they sign; the settlement journal's storage packages implement it in the same database
/// (<c>EnergySettlement.Sqlite</c>, <c>EnergySettlement.PostgreSql</c>); <see cref="InMemoryCoinReservationStore"/> is for tests.
/// </summary>
/// <remarks>
/// <para>Rules every implementation keeps (the storage contract tests check them): a reservation is all or none;
/// reserving the same coins for the same batch again succeeds and changes nothing; reserving other coins for a batch that
/// holds a live reservation throws <see cref="IdempotencyConflictException"/>; a coin held by another batch (live or
/// spent) refuses the whole reservation; <see cref="ReleaseAsync"/> frees a live reservation (never a spent one) so the
/// batch may reserve anew.</para>
/// <para>Implementations must be thread-safe, and a completed write must survive a process crash.</para>
/// </remarks>
public interface ICoinReservationStore
{
    /// <summary>Reserves every coin for <paramref name="batch"/>, or none.</summary>
    /// <param name="batch">The batch whose transaction will spend the coins.</param>
    /// <param name="coins">The coins, in spending order; at least one, no outpoint twice.</param>
    /// <param name="reservedAt">When (from the caller's <see cref="TimeProvider"/>).</param>
    /// <param name="cancellationToken">Cancels the write (it may still have completed).</param>
    /// <returns><see cref="CoinReservationResult.Reserved"/>, or a refusal naming the coins other batches hold.</returns>
    /// <exception cref="IdempotencyConflictException">The batch already holds a live reservation of other coins.</exception>
    /// <exception cref="ArgumentException">No coins, or an outpoint twice.</exception>
    Task<CoinReservationResult> ReserveAsync(SettlementBatchId batch, IReadOnlyList<ReservedCoin> coins, DateTimeOffset reservedAt, CancellationToken cancellationToken = default);

    /// <summary>Finds the batch's reservation (live or spent), to rebuild the same transaction from the same coins.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The reservation, or <see langword="null"/> when the batch holds none.</returns>
    Task<CoinReservation?> FindAsync(SettlementBatchId batch, CancellationToken cancellationToken = default);

    /// <summary>Loads every reservation (live and spent) that holds a coin of <paramref name="owner"/>, so coin selection skips them.</summary>
    /// <param name="owner">The address whose coins are asked about.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The reservations, oldest first.</returns>
    Task<IReadOnlyList<CoinReservation>> LoadAsync(SettlementAccount owner, CancellationToken cancellationToken = default);

    /// <summary>Frees the batch's live reservation: its transaction is provably dead or was never sent. No-op when the
    /// batch holds none; a spent reservation stays.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the release is durable.</returns>
    Task ReleaseAsync(SettlementBatchId batch, CancellationToken cancellationToken = default);

    /// <summary>Marks the batch's reservation spent: its transaction is final. No-op when already spent.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the mark is durable.</returns>
    /// <exception cref="InvalidOperationException">The batch holds no reservation.</exception>
    Task MarkSpentAsync(SettlementBatchId batch, CancellationToken cancellationToken = default);
}
