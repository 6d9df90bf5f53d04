namespace EnergySettlement.Chains;

/// <summary>The answer to <see cref="ChainSettlementProvider.GetStatusAsync"/>: where a prepared transaction stands.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record SettlementStatus
{
    /// <summary>Gets the state.</summary>
    public required SettlementState State { get; init; }

    /// <summary>Gets the transaction id that was asked about.</summary>
    public required ChainTransactionId TransactionId { get; init; }

    /// <summary>Gets the number of blocks that include and follow the transaction's block (1 when just included; 0 when not included).</summary>
    public int Confirmations { get; init; }

    /// <summary>Gets the hash of the including block, when included.</summary>
    public string? BlockHash { get; init; }

    /// <summary>Gets the height of the including block, when included.</summary>
    public ulong? BlockNumber { get; init; }

    /// <summary>Gets the transaction that took this one's place, when <see cref="SettlementState.Conflicted"/> and known.</summary>
    public ChainTransactionId? ReplacedBy { get; init; }

    /// <summary>Gets a human-readable detail (for example why it is conflicted).</summary>
    public string? Detail { get; init; }

    /// <summary>Gets whether the transaction is final.</summary>
    public bool IsFinal => State == SettlementState.Final;
}
