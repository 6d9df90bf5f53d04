using System.Globalization;
using EnergySettlement.Chains;

namespace EnergySettlement.Settlement.Journal;

/// <summary>
/// A batch as the <see cref="ISettlementJournal"/> holds it: the planned record and every transition since, with what
/// follows from them — the current state and attempt, and each transaction's bytes and last known chain state.
/// </summary>
/// <remarks>
/// Storage implementations only store and return records and transitions; everything derived here is computed in this
/// class, the same for every store. Immutable and thread-safe.
/// </remarks>
public sealed class BatchHistory
{
    private readonly List<JournaledTransaction> _transactions = [];

    /// <summary>Creates the history from a batch's record and its transitions.</summary>
    /// <param name="record">The planned record.</param>
    /// <param name="transitions">The transitions, numbered 1, 2, 3, … in order, all of this batch.</param>
    /// <exception cref="ArgumentException">A transition belongs to another batch, is out of order, or names a transaction
    /// that was never recorded.</exception>
    public BatchHistory(SettlementBatchRecord record, IReadOnlyList<BatchTransition> transitions)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(transitions);
        Record = record;
        Transitions = transitions;
        var index = new Dictionary<ChainTransactionId, int>();
        for (var i = 0; i < transitions.Count; i++)
        {
            var t = transitions[i] ?? throw new ArgumentException("A transition is null.", nameof(transitions));
            if (t.BatchId != record.Id || t.Sequence != i + 1)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Transition {i + 1} of batch {record.Id} is numbered {t.Sequence} of batch {t.BatchId}; transitions must be the batch's own, numbered 1, 2, 3, … in order."),
                    nameof(transitions));
            }

            Apply(t, index);
        }
    }

    /// <summary>Gets the planned record.</summary>
    public SettlementBatchRecord Record { get; }

    /// <summary>Gets every transition, in order.</summary>
    public IReadOnlyList<BatchTransition> Transitions { get; }

    /// <summary>Gets the batch id.</summary>
    public SettlementBatchId Id => Record.Id;

    /// <summary>Gets the batch.</summary>
    public SettlementBatch Batch => Record.Batch;

    /// <summary>Gets the current state: the state the last transition left the batch in (<see cref="BatchState.Planned"/> without transitions).</summary>
    public BatchState State => Transitions.Count == 0 ? BatchState.Planned : Transitions[^1].State;

    /// <summary>Gets the current attempt: 0 until the batch is first re-planned.</summary>
    public int Attempt => Transitions.Count == 0 ? 0 : Transitions[^1].Attempt;

    /// <summary>Gets the sequence number the next transition must have.</summary>
    public int NextSequence => Transitions.Count + 1;

    /// <summary>Gets when the batch last changed (planned, or its last transition).</summary>
    public DateTimeOffset LastChangedAt => Transitions.Count == 0 ? Record.PlannedAt : Transitions[^1].At;

    /// <summary>Gets every transaction recorded for the batch, in the order recorded, over all attempts.</summary>
    public IReadOnlyList<JournaledTransaction> Transactions => _transactions;

    /// <summary>Gets the transactions of the current attempt that are not dead, in the order recorded.</summary>
    public IReadOnlyList<JournaledTransaction> LiveTransactions => _transactions.Where(t => t.Attempt == Attempt && !t.IsDead).ToArray();

    /// <summary>Gets the transaction that paid the batch, once the batch is <see cref="BatchState.Final"/>.</summary>
    public JournaledTransaction? SettledBy => State == BatchState.Final
        ? _transactions.LastOrDefault(t => t.PaysBatch && t.ChainState == SettlementState.Final)
        : null;

    /// <summary>Gets when the batch first became <see cref="BatchState.Final"/> in its current run (after its last reorg, if any),
    /// or <see langword="null"/> when it is not final.</summary>
    public DateTimeOffset? FinalAt
    {
        get
        {
            if (State != BatchState.Final)
            {
                return null;
            }

            var at = Transitions[^1].At;
            for (var i = Transitions.Count - 1; i >= 0 && Transitions[i].State == BatchState.Final; i--)
            {
                at = Transitions[i].At;
            }

            return at;
        }
    }

    /// <summary>Finds a recorded transaction of the batch by id.</summary>
    /// <param name="id">The transaction id.</param>
    /// <returns>The transaction, or <see langword="null"/> when the batch has none with that id.</returns>
    public JournaledTransaction? FindTransaction(ChainTransactionId id) => _transactions.LastOrDefault(t => t.Id == id);

    private void Apply(BatchTransition t, Dictionary<ChainTransactionId, int> index)
    {
        switch (t.Kind)
        {
            case BatchTransitionKind.Prepared or BatchTransitionKind.Accelerated:
                var transaction = t.Transaction ?? throw new ArgumentException($"Transition {t.Sequence} of batch {t.BatchId} ({t.Kind}) carries no transaction.", nameof(t));
                var recorded = new JournaledTransaction
                {
                    Transaction = transaction,
                    Role = t.Role ?? TransactionRole.Original,
                    Attempt = t.Attempt,
                    RecordedAt = t.At,
                    Accelerates = t.Accelerates,
                };
                if (index.TryGetValue(transaction.TransactionId, out var at))
                {
                    // The same transaction prepared again in a later attempt (a provider that rebuilds identical bytes): it
                    // lives again in the new attempt, with its chain history kept.
                    _transactions[at] = _transactions[at] with { Attempt = t.Attempt, IsAbandoned = false, IsReleased = false };
                }
                else
                {
                    index.Add(transaction.TransactionId, _transactions.Count);
                    _transactions.Add(recorded);
                }

                break;
            case BatchTransitionKind.Submitted:
                Update(t, index, x => x with { FirstSubmittedAt = x.FirstSubmittedAt ?? t.At });
                break;
            case BatchTransitionKind.Observed:
                Update(t, index, x => x with
                {
                    ChainState = t.ChainState,
                    ObservedAt = t.At,
                    Confirmations = t.Confirmations,
                    BlockHash = t.BlockHash,
                    BlockNumber = t.BlockNumber,
                    DroppedSince = t.ChainState == SettlementState.Dropped ? x.DroppedSince ?? t.At : null,
                });
                break;
            case BatchTransitionKind.Abandoned:
                Update(t, index, x => x with { IsAbandoned = true });
                break;
            case BatchTransitionKind.Released:
                Update(t, index, x => x with { IsReleased = true });
                break;
            case BatchTransitionKind.Replanned or BatchTransitionKind.Blocked:
                break;
            default:
                throw new ArgumentException($"Transition {t.Sequence} of batch {t.BatchId} has an unknown kind {t.Kind}.", nameof(t));
        }
    }

    private void Update(BatchTransition t, Dictionary<ChainTransactionId, int> index, Func<JournaledTransaction, JournaledTransaction> change)
    {
        if (t.TransactionId is not { } id || !index.TryGetValue(id, out var at))
        {
            throw new ArgumentException($"Transition {t.Sequence} of batch {t.BatchId} ({t.Kind}) names transaction {t.TransactionId}, which the batch never recorded.", nameof(t));
        }

        _transactions[at] = change(_transactions[at]);
    }
}
