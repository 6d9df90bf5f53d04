namespace EnergySettlement.Settlement.Journal;

/// <summary>How a transaction recorded for a batch relates to the batch's payouts.</summary>
public enum TransactionRole
{
    /// <summary>The transaction prepared for the batch's attempt: it pays the payouts.</summary>
    Original = 0,

    /// <summary>A fee-bumped replacement of a stuck transaction at the same account sequence: it pays the same payouts
    /// instead, and whichever of the two the chain includes settles the batch.</summary>
    Replacement = 1,

    /// <summary>A child that spends a stuck transaction's change and pays for both: it pays nobody; the stuck transaction
    /// still settles the batch.</summary>
    ChildPaysForParent = 2,
}
