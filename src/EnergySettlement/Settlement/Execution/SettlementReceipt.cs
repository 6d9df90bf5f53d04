using EnergySettlement.Chains;

namespace EnergySettlement.Settlement;

/// <summary>
/// Proof that a batch was paid (or, rarely, that a payment reported was reversed): which transaction paid which payouts,
/// where on the chain, and when. Read from the journal, so a host that stores <see cref="Position"/> resumes after a restart
/// without losing or repeating a receipt (see <see cref="SettlementService.WatchReceiptsAsync"/>).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record SettlementReceipt
{
    /// <summary>Gets the journal position of the transition the receipt stands for: a cursor to resume from.</summary>
    public required long Position { get; init; }

    /// <summary>Gets whether the batch was paid or a payment was reversed.</summary>
    public required SettlementReceiptKind Kind { get; init; }

    /// <summary>Gets the batch.</summary>
    public required SettlementBatch Batch { get; init; }

    /// <summary>Gets the transaction that paid (or had paid) the batch.</summary>
    public required ChainTransactionId TransactionId { get; init; }

    /// <summary>Gets the including block's hash, when paid.</summary>
    public string? BlockHash { get; init; }

    /// <summary>Gets the including block's height, when paid.</summary>
    public ulong? BlockNumber { get; init; }

    /// <summary>Gets the confirmations when finality was observed.</summary>
    public int Confirmations { get; init; }

    /// <summary>Gets when the service observed the change (from its <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Gets the batch's attempt that paid (0 unless it was re-planned).</summary>
    public int Attempt { get; init; }
}
