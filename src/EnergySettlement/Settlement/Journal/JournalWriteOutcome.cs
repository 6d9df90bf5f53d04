namespace EnergySettlement.Settlement.Journal;

/// <summary>How a write to the <see cref="ISettlementJournal"/> ended when it did not throw.</summary>
public enum JournalWriteOutcome
{
    /// <summary>The record is new and now durable.</summary>
    Added = 0,

    /// <summary>The same record (same key, same content) was already durable: a repeated write, which is success.</summary>
    AlreadyExists = 1,
}
