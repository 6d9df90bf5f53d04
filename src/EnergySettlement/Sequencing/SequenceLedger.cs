using EnergySettlement.Chains;

namespace EnergySettlement.Sequencing;

/// <summary>The in-memory state both built-in stores share: apply records and completions, answer loads. Not thread-safe.</summary>
internal sealed class SequenceLedger
{
    private readonly Dictionary<SettlementAccount, AccountEntry> _accounts = [];

    public AccountSequenceState Load(SettlementAccount account)
    {
        if (!_accounts.TryGetValue(account, out var entry))
        {
            return new AccountSequenceState { Account = account, NextSequence = 0, Outstanding = [] };
        }

        return new AccountSequenceState
        {
            Account = account,
            NextSequence = entry.NextSequence,
            Outstanding = entry.Outstanding.OrderBy(t => t.Sequence).ThenBy(t => entry.Order[t.TransactionId]).ToArray(),
        };
    }

    /// <summary>Whether recording <paramref name="transaction"/> would change anything; throws when it conflicts with a record.</summary>
    public bool IsNew(SequencedTransaction transaction)
    {
        if (!_accounts.TryGetValue(transaction.Account, out var entry) || !entry.Known.TryGetValue(transaction.TransactionId, out var existing))
        {
            return true;
        }

        if (existing.Sequence != transaction.Sequence || !existing.RawTransaction.Span.SequenceEqual(transaction.RawTransaction.Span))
        {
            throw new InvalidOperationException(
                $"Transaction {transaction.TransactionId} of {transaction.Account} is already recorded at sequence {existing.Sequence} with other bytes; a transaction id must always name the same bytes.");
        }

        return false;
    }

    /// <summary>Applies a record; returns false when it is a repeat that changes nothing.</summary>
    public bool Record(SequencedTransaction transaction)
    {
        if (!IsNew(transaction))
        {
            return false;
        }

        var entry = Entry(transaction.Account);
        entry.Known.Add(transaction.TransactionId, transaction);
        entry.Order.Add(transaction.TransactionId, entry.Order.Count);
        if (!entry.Completed.Contains(transaction.Sequence))
        {
            entry.Outstanding.Add(transaction);
        }

        entry.NextSequence = Math.Max(entry.NextSequence, transaction.Sequence + 1);
        return true;
    }

    public void Complete(SettlementAccount account, ulong sequence)
    {
        var entry = Entry(account);
        entry.Completed.Add(sequence);
        entry.Outstanding.RemoveAll(t => t.Sequence == sequence);
        entry.NextSequence = Math.Max(entry.NextSequence, sequence + 1);
    }

    private AccountEntry Entry(SettlementAccount account)
    {
        if (!_accounts.TryGetValue(account, out var entry))
        {
            entry = new AccountEntry();
            _accounts.Add(account, entry);
        }

        return entry;
    }

    private sealed class AccountEntry
    {
        public ulong NextSequence { get; set; }

        public List<SequencedTransaction> Outstanding { get; } = [];

        public Dictionary<ChainTransactionId, SequencedTransaction> Known { get; } = [];

        public Dictionary<ChainTransactionId, int> Order { get; } = [];

        public HashSet<ulong> Completed { get; } = [];
    }
}
