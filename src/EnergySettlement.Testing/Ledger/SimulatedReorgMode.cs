namespace EnergySettlement.Testing;

/// <summary>What a <see cref="SimulatedChain.Reorg"/> does with the transactions of the blocks it removes.</summary>
public enum SimulatedReorgMode
{
    /// <summary>The transactions go back to the mempool (status Pending) and are included again by the next block that can take them.</summary>
    ReturnToMempool = 0,

    /// <summary>The transactions are forgotten by the node (status Dropped, or Conflicted once their slot or batch is taken by another transaction); re-submitting the same bytes brings them back.</summary>
    Drop = 1,
}
