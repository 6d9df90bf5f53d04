using EnergySettlement.Chains;

namespace EnergySettlement.Sequencing;

/// <summary>An <see cref="ISequencedTransactionStore"/> in process memory: for tests and for hosts that accept losing nonces on a crash.</summary>
/// <remarks>Thread-safe. Nothing survives the process: use <see cref="FileSequencedTransactionStore"/> or the journal in production.</remarks>
public sealed class InMemorySequencedTransactionStore : ISequencedTransactionStore
{
    private readonly SequenceLedger _ledger = new();
    private readonly object _gate = new();

    /// <inheritdoc />
    public Task<AccountSequenceState> LoadAsync(SettlementAccount account, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_ledger.Load(account));
        }
    }

    /// <inheritdoc />
    public Task RecordAsync(SequencedTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _ledger.Record(transaction);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CompleteAsync(SettlementAccount account, ulong sequence, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _ledger.Complete(account, sequence);
        }

        return Task.CompletedTask;
    }
}
