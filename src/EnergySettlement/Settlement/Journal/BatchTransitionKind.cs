namespace EnergySettlement.Settlement.Journal;

/// <summary>What a <see cref="BatchTransition"/> records.</summary>
/// <remarks>A closed set: the service writes each kind at one step of its state machine (see <see cref="BatchState"/>).</remarks>
public enum BatchTransitionKind
{
    /// <summary>A transaction was built and signed for the batch (<see cref="BatchTransition.Transaction"/>, role
    /// <see cref="TransactionRole.Original"/>); written before it is sent.</summary>
    Prepared = 1,

    /// <summary>A transaction was sent to its node: <see cref="BatchTransition.Detail"/> says accepted or already known.</summary>
    Submitted = 2,

    /// <summary>A transaction's chain status changed (<see cref="BatchTransition.ChainState"/>, with block and confirmations when included).</summary>
    Observed = 3,

    /// <summary>An accelerating transaction was signed for a stuck one (<see cref="BatchTransition.Transaction"/>, role
    /// <see cref="TransactionRole.Replacement"/> or <see cref="TransactionRole.ChildPaysForParent"/>,
    /// <see cref="BatchTransition.Accelerates"/>); written before it is sent.</summary>
    Accelerated = 4,

    /// <summary>A transaction is given up as dead although the chain did not say so: dropped for longer than the timeout,
    /// or refused when sent. It is never sent again.</summary>
    Abandoned = 5,

    /// <summary>A dead transaction's resources (reserved coins, for example) were released through the chain provider.</summary>
    Released = 6,

    /// <summary>The batch was re-planned after its transactions died: a new attempt starts (<see cref="BatchTransition.Attempt"/>).</summary>
    Replanned = 7,

    /// <summary>Preparing or sending was refused; <see cref="BatchTransition.Detail"/> says why. Nothing is in flight.</summary>
    Blocked = 8,
}
