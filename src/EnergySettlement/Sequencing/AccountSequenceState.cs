using EnergySettlement.Chains;

namespace EnergySettlement.Sequencing;

/// <summary>What an <see cref="ISequencedTransactionStore"/> knows about one account.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record AccountSequenceState
{
    /// <summary>Gets the account.</summary>
    public required SettlementAccount Account { get; init; }

    /// <summary>Gets one more than the highest sequence number ever recorded for the account (0 when none).</summary>
    public required ulong NextSequence { get; init; }

    /// <summary>Gets every recorded transaction not yet completed, ordered by sequence, then by recording order.</summary>
    public required IReadOnlyList<SequencedTransaction> Outstanding { get; init; }
}
