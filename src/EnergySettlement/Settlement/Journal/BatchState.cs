namespace EnergySettlement.Settlement.Journal;

/// <summary>
/// Where a settlement batch stands in the <see cref="ISettlementJournal"/>: the state its latest
/// <see cref="BatchTransition"/> left it in. Each state is written before the action it enables.
/// </summary>
/// <remarks>
/// The path of a healthy batch is <see cref="Planned"/> → <see cref="Prepared"/> → <see cref="Submitted"/> →
/// <see cref="Included"/> → <see cref="Final"/>. A batch whose transactions are provably dead (conflicted, failed, or
/// dropped past the timeout) goes to <see cref="Dead"/>, has their resources released, and is re-planned
/// (<see cref="Planned"/> again, with the next attempt number and the same batch id, so a chain that refuses a batch id
/// twice still refuses it). A batch the chain refuses before anything is sent waits in <see cref="Blocked"/>.
/// A closed set.
/// </remarks>
public enum BatchState
{
    /// <summary>Recorded with its payouts; no live transaction. Next: prepare (build and sign).</summary>
    Planned = 0,

    /// <summary>A signed transaction and its chain transaction id are recorded. Next: submit those exact bytes.</summary>
    Prepared = 1,

    /// <summary>The transaction was sent (accepted, or already known to the node). Next: watch its status; accelerate it when stuck.</summary>
    Submitted = 2,

    /// <summary>In a block, with fewer confirmations than the chain's finality rule. Next: wait for finality.</summary>
    Included = 3,

    /// <summary>Paid: a transaction of the batch is final under the chain's rule. A receipt is issued.</summary>
    Final = 4,

    /// <summary>Every transaction of the current attempt is provably dead. Next: release their resources, then re-plan.</summary>
    Dead = 5,

    /// <summary>Preparing or sending was refused for a reason that will not pass by itself soon (insufficient funds, a
    /// payout the chain rejects): nothing is in flight. Retried after a delay; operators are told.</summary>
    Blocked = 6,
}
