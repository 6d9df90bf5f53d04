using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Commitments;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Ethereum.Contracts;

/// <summary>
/// What the chain recorded about a settled batch: the <c>BatchSettled</c> event of <c>BatchSettlementV2</c>, read back with
/// <see cref="EthereumSettlementProvider.GetSettlementAsync"/> or <see cref="EthereumSettlementProvider.FindSettlementsAsync"/>.
/// </summary>
/// <remarks>
/// Check it against the batch the journal keeps with <see cref="Matches"/> (recomputes the whole commitment), or one payout
/// with <see cref="PayoutProof.Verify"/> against <see cref="Commitment"/>. Immutable and thread-safe.
/// </remarks>
public sealed record BatchSettlementRecord
{
    /// <summary>Gets the contract that emitted the event.</summary>
    public required EthereumAddress Contract { get; init; }

    /// <summary>Gets the paying account (the event's indexed payer).</summary>
    public required SettlementAccount Payer { get; init; }

    /// <summary>Gets the batch number whose once-only bit the batch set.</summary>
    public required UInt256 BatchNumber { get; init; }

    /// <summary>Gets the commitment to the payout list (see <see cref="BatchCommitment"/>).</summary>
    public required BatchCommitment Commitment { get; init; }

    /// <summary>Gets the transaction that settled the batch.</summary>
    public required ChainTransactionId TransactionId { get; init; }

    /// <summary>Gets the block that includes the transaction.</summary>
    public required ulong BlockNumber { get; init; }

    /// <summary>Gets the hash of that block (<c>0x</c> and 64 hex digits), to notice a reorganisation.</summary>
    public required string BlockHash { get; init; }

    /// <summary>Gets keccak256 of the batch id, as indexed in the event.</summary>
    internal Bytes32 BatchKey { get; init; }

    /// <summary>Gets the packed payout words the transaction paid (from its call data), or <see langword="null"/> when it
    /// did not call the contract directly.</summary>
    internal IReadOnlyList<UInt256>? PaidPayouts { get; init; }

    /// <summary>Gets the token the transaction paid (the zero address for ether), when <see cref="PaidPayouts"/> is known.</summary>
    internal EthereumAddress PaidToken { get; init; }

    /// <summary>Whether this settlement is of the batch with id <paramref name="batchId"/> (compares keccak256 of the id).</summary>
    /// <param name="batchId">The batch id.</param>
    /// <returns><see langword="true"/> when the event carries that id's key.</returns>
    public bool IsFor(SettlementBatchId batchId) => BatchKey.Equals(CommitmentHashing.BatchKey(batchId));

    /// <summary>
    /// Whether this settlement is exactly <paramref name="batch"/>: same id and payer; the payees, amounts and asset the
    /// transaction paid (read from its call data, which the contract pays all or nothing) are the batch's, in order; and
    /// the commitment equals <see cref="BatchCommitment.Compute"/> of the batch, so the references match too.
    /// </summary>
    /// <param name="batch">The batch as the journal keeps it.</param>
    /// <returns><see langword="true"/> when the chain settled exactly this batch; <see langword="false"/> otherwise, and also
    /// when the transaction did not call the contract directly (a multisig, say), whose call data the adapter does not
    /// read: compare <see cref="Commitment"/> with <see cref="BatchCommitment.Compute"/> then.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is <see langword="null"/>.</exception>
    public bool Matches(SettlementBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!IsFor(batch.Id)
            || batch.Payer.ChainId != Payer.ChainId
            || !EthereumAddress.TryParse(batch.Payer.Address, out var payer) || !EthereumAddress.TryParse(Payer.Address, out var recorded) || payer != recorded
            || PaidPayouts is not { } paid || paid.Count != batch.Payouts.Count
            || PaidToken != CommitmentHashing.TokenOf(batch.Asset))
        {
            return false;
        }

        for (var i = 0; i < paid.Count; i++)
        {
            var payout = batch.Payouts[i];
            var amount = CommitmentHashing.AmountOf(payout.Amount);
            if (amount > BatchSettlementV2Contract.MaxAmount
                || !EthereumAddress.TryParse(payout.Payee.Address, out var payee)
                || BatchSettlementV2Contract.PackPayout(payee, amount) != paid[i])
            {
                return false;
            }
        }

        return BatchCommitment.Compute(batch) == Commitment;
    }
}
