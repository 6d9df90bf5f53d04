namespace EnergySettlement.Chains;

/// <summary>Where a prepared transaction stands on its chain; see <see cref="SettlementStatus"/>.</summary>
/// <remarks>A closed set: every adapter maps its chain's answers onto these values, and the pipeline acts on each.</remarks>
public enum SettlementState
{
    /// <summary>Never seen by the node (for example not yet submitted, or submitted to a node that has not relayed it).</summary>
    Unknown = 0,

    /// <summary>Accepted by the node or mempool, not yet in a block.</summary>
    Pending = 1,

    /// <summary>In a block, with fewer confirmations than the chain's finality rule asks for.</summary>
    Included = 2,

    /// <summary>Final under the chain's finality rule: will not be reversed. Receipts can be issued.</summary>
    Final = 3,

    /// <summary>No longer known to the node and not in the chain: may be re-sent with the same bytes.</summary>
    Dropped = 4,

    /// <summary>Will never be included as it is: replaced, double-spent, or reorged out with its inputs spent elsewhere.</summary>
    Conflicted = 5,

    /// <summary>Included in a block but failed there (for example a contract revert): nothing was paid, the fee was spent,
    /// and the account's sequence number is used. Fix the cause, then prepare the batch again.</summary>
    Failed = 6,
}
