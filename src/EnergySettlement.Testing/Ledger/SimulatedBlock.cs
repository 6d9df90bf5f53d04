using EnergySettlement.Chains;

namespace EnergySettlement.Testing;

/// <summary>A block of a <see cref="SimulatedChain"/>: its height, hash, parent, time and the transactions it includes.</summary>
/// <remarks>
/// Immutable and thread-safe. A block mined again at the same height after a reorg has a different hash, as on a real
/// chain.
/// </remarks>
public sealed record SimulatedBlock
{
    /// <summary>Gets the height (the genesis block is at 0).</summary>
    public required long Height { get; init; }

    /// <summary>Gets the block hash: 64 lower-case hex digits of a SHA-256 over the parent hash, height, time, a production counter and the transaction ids.</summary>
    public required string Hash { get; init; }

    /// <summary>Gets the parent block's hash (64 zeros for the genesis block).</summary>
    public required string ParentHash { get; init; }

    /// <summary>Gets when the block was mined, from the chain's <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the ids of the included transactions, in inclusion order.</summary>
    public required IReadOnlyList<ChainTransactionId> TransactionIds { get; init; }
}
