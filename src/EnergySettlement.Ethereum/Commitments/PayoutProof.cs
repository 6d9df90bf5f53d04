using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Ethereum.Commitments;

/// <summary>
/// Proves that one payout (payee, amount and reference) belongs to a batch, against the batch's
/// <see cref="BatchCommitment"/> as the chain recorded it, without revealing the other payouts' references: the batch
/// header, the payout's position and the Merkle audit path from its leaf to the root.
/// </summary>
/// <remarks>
/// <para>Make one from the batch the journal keeps with <see cref="Create"/>, hand it to whoever needs to check (a payee,
/// an auditor), and check it with <see cref="Verify"/> against the commitment read from the chain
/// (<see cref="EthereumSettlementProvider.GetSettlementAsync"/>). The constructor rebuilds a proof from stored parts.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class PayoutProof
{
    /// <summary>Creates a proof from its parts (for example read back from storage).</summary>
    /// <param name="batchId">The batch's id.</param>
    /// <param name="payer">The paying account.</param>
    /// <param name="payout">The payout proven.</param>
    /// <param name="index">Its position in the batch, from 0.</param>
    /// <param name="payoutCount">The number of payouts in the batch.</param>
    /// <param name="path">The audit path: sibling subtree roots from the leaf upwards.</param>
    /// <exception cref="ArgumentNullException"><paramref name="payout"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <paramref name="payoutCount"/>, or the count is not positive.</exception>
    public PayoutProof(SettlementBatchId batchId, SettlementAccount payer, Payout payout, int index, int payoutCount, IEnumerable<MerkleNode> path)
    {
        ArgumentNullException.ThrowIfNull(payout);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(payoutCount);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, payoutCount);
        BatchId = batchId;
        Payer = payer;
        Payout = payout;
        Index = index;
        PayoutCount = payoutCount;
        Path = path.ToArray().AsReadOnly();
    }

    /// <summary>Gets the batch's id.</summary>
    public SettlementBatchId BatchId { get; }

    /// <summary>Gets the paying account.</summary>
    public SettlementAccount Payer { get; }

    /// <summary>Gets the payout proven; its amount's asset is the batch's asset.</summary>
    public Payout Payout { get; }

    /// <summary>Gets the payout's position in the batch, from 0.</summary>
    public int Index { get; }

    /// <summary>Gets the number of payouts in the batch.</summary>
    public int PayoutCount { get; }

    /// <summary>Gets the audit path: the roots of the sibling subtrees from the payout's leaf up to the root (about log2 of the count).</summary>
    public IReadOnlyList<MerkleNode> Path { get; }

    /// <summary>Creates the proof of one payout of a batch.</summary>
    /// <param name="batch">The batch, as settled (same payouts, same order, same references).</param>
    /// <param name="index">The payout's position, from 0.</param>
    /// <returns>The proof.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a position in the batch.</exception>
    /// <exception cref="ArgumentException">The batch is not on an EVM chain or not in the native coin or an ERC-20 token.</exception>
    public static PayoutProof Create(SettlementBatch batch, int index)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, batch.Payouts.Count);
        var leaves = new Bytes32[batch.Payouts.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            leaves[i] = CommitmentHashing.Leaf(batch.Payouts[i]);
        }

        var path = new List<Bytes32>();
        CommitmentHashing.Path(leaves, index, path);
        return new PayoutProof(batch.Id, batch.Payer, batch.Payouts[index], index, leaves.Length, path.Select(p => new MerkleNode(p)));
    }

    /// <summary>
    /// Checks the proof against a commitment: true only when the payout, at this position of a batch of this many payouts,
    /// with this id, payer and asset, is what the commitment was computed from.
    /// </summary>
    /// <param name="commitment">The commitment, as read from the chain.</param>
    /// <returns>Whether the proof holds.</returns>
    /// <exception cref="ArgumentException">The payer is not on an EVM chain or an address is not a valid Ethereum address.</exception>
    public bool Verify(BatchCommitment commitment)
    {
        var path = new Bytes32[Path.Count];
        for (var i = 0; i < path.Length; i++)
        {
            path[i] = Path[i].Value;
        }

        var root = CommitmentHashing.RootFromPath(CommitmentHashing.Leaf(Payout), Index, PayoutCount, path);
        return root is { } r && BatchCommitment.FromRoot(BatchId, Payer, Payout.Amount.Asset, PayoutCount, r) == commitment;
    }
}
