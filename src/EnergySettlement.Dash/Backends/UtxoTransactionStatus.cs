namespace EnergySettlement.Dash.Backends;

/// <summary>Where a transaction stands as a backend reports it.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record UtxoTransactionStatus
{
    /// <summary>Gets the status of a transaction the backend does not know (never seen, or gone from its mempool).</summary>
    public static UtxoTransactionStatus Unknown { get; } = new() { IsKnown = false };

    /// <summary>Gets whether the backend knows the transaction (in its mempool or in a block).</summary>
    public required bool IsKnown { get; init; }

    /// <summary>Gets the number of confirmations (0 in the mempool).</summary>
    public int Confirmations { get; init; }

    /// <summary>Gets the hash of the including block, when in a block.</summary>
    public string? BlockHash { get; init; }

    /// <summary>Gets the height of the including block, when in a block.</summary>
    public long? BlockHeight { get; init; }

    /// <summary>Gets whether a masternode quorum has locked the transaction (Dash InstantSend, DIP-0010).</summary>
    public bool IsInstantLocked { get; init; }

    /// <summary>Gets whether the including block is chain-locked (Dash ChainLocks, DIP-0008).</summary>
    public bool IsChainLocked { get; init; }
}
