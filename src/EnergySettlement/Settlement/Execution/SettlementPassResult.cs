using EnergySettlement.Chains;

namespace EnergySettlement.Settlement;

/// <summary>What one pass of the <see cref="SettlementService"/> over the journal's open batches did.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record SettlementPassResult
{
    /// <summary>Gets how many batches the pass looked at: every batch not final, and final ones still watched for reorganisations.</summary>
    public required int Batches { get; init; }

    /// <summary>Gets how many batches moved on (at least one transition journaled).</summary>
    public required int Advanced { get; init; }

    /// <summary>Gets how many batches had nothing to do until their chain moves on (pending, waiting for confirmations, blocked).</summary>
    public required int Waiting { get; init; }

    /// <summary>Gets how many batches wait in the journal because their chain could not be reached.</summary>
    public required int Deferred { get; init; }

    /// <summary>Gets how many batches could not be advanced for another reason (see the log); they are retried next pass.</summary>
    public required int Failed { get; init; }

    /// <summary>Gets the chains that could not be reached in this pass.</summary>
    public required IReadOnlyList<ChainId> UnavailableChains { get; init; }

    /// <summary>Gets whether a journal write failed: the pass stopped there, and nothing the write would have enabled was done.</summary>
    public required bool JournalUnavailable { get; init; }

    /// <summary>Gets the open batches by state after the pass (final ones still watched count as <see cref="BatchState.Final"/>).</summary>
    public required IReadOnlyDictionary<BatchState, int> States { get; init; }

    /// <summary>Gets whether every batch the pass looked at is final.</summary>
    public bool AllFinal => States.All(s => s.Key == BatchState.Final || s.Value == 0);
}
