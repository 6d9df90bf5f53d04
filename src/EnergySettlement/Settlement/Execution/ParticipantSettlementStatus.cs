using EnergySettlement.Chains;

namespace EnergySettlement.Settlement;

/// <summary>
/// What <see cref="SettlementService.GetParticipantStatusAsync"/> reports for one participant over a range of windows:
/// what its obligations say it owes and is owed, what is still carried forward, and the state of each batch that pays
/// it or that it pays.
/// </summary>
/// <remarks>Immutable; read from the journal at one moment (a later pass may have moved a batch on).</remarks>
public sealed class ParticipantSettlementStatus
{
    /// <summary>Creates the status.</summary>
    /// <param name="participant">The participant.</param>
    /// <param name="owes">The sums of the obligations it pays, one per asset.</param>
    /// <param name="isOwed">The sums of the obligations it is paid, one per asset.</param>
    /// <param name="batches">The batches with a leg naming it.</param>
    public ParticipantSettlementStatus(ParticipantId participant, IReadOnlyList<Money> owes, IReadOnlyList<Money> isOwed, IReadOnlyList<ParticipantBatchStatus> batches)
    {
        ArgumentNullException.ThrowIfNull(owes);
        ArgumentNullException.ThrowIfNull(isOwed);
        ArgumentNullException.ThrowIfNull(batches);
        Participant = participant;
        Owes = owes;
        IsOwed = isOwed;
        Batches = batches;
    }

    /// <summary>Gets the participant.</summary>
    public ParticipantId Participant { get; }

    /// <summary>Gets the sum of the obligations (originals and adjustments) the participant pays, one entry per asset,
    /// in the order the assets first appear; gross, before netting and before anything carried forward.</summary>
    public IReadOnlyList<Money> Owes { get; }

    /// <summary>Gets the sum of the obligations the participant is paid, one entry per asset, like <see cref="Owes"/>.</summary>
    public IReadOnlyList<Money> IsOwed { get; }

    /// <summary>Gets every batch of the windows with a leg that the participant pays or is paid, in plan order.</summary>
    public IReadOnlyList<ParticipantBatchStatus> Batches { get; }

    /// <summary>Gets whether every batch is <see cref="BatchState.Final"/>.</summary>
    public bool AllFinal => Batches.All(b => b.State == BatchState.Final);
}

/// <summary>One batch in a <see cref="ParticipantSettlementStatus"/>: what it moves for the participant and its state.</summary>
public sealed class ParticipantBatchStatus
{
    /// <summary>Creates the entry.</summary>
    /// <param name="window">The window that planned the batch.</param>
    /// <param name="batchId">The batch.</param>
    /// <param name="pays">What the participant pays through it.</param>
    /// <param name="receives">What the participant receives through it.</param>
    /// <param name="state">The batch's state in the journal.</param>
    public ParticipantBatchStatus(SettlementWindowId window, SettlementBatchId batchId, Money pays, Money receives, BatchState state)
    {
        Window = window;
        BatchId = batchId;
        Pays = pays;
        Receives = receives;
        State = state;
    }

    /// <summary>Gets the window that planned the batch.</summary>
    public SettlementWindowId Window { get; }

    /// <summary>Gets the batch's id.</summary>
    public SettlementBatchId BatchId { get; }

    /// <summary>Gets what the participant pays through the batch: the sum of its legs with the participant as payer (zero when none).</summary>
    public Money Pays { get; }

    /// <summary>Gets what the participant receives through the batch: the sum of its legs with the participant as payee (zero when none).</summary>
    public Money Receives { get; }

    /// <summary>Gets the batch's state in the journal when it was read.</summary>
    public BatchState State { get; }
}
