namespace EnergySettlement.Trading;

/// <summary>
/// Looks up who may trade: the market operator rejects orders of participants it cannot find
/// (<see cref="OrderRejectionReason.UnknownParticipant"/>). Hosts back it with their customer database, or use
/// <see cref="InMemoryParticipantRegistry"/> (the default, filled from <see cref="EnergySettlementOptions.Participants"/>).
/// </summary>
/// <remarks>Implementations must be thread-safe and fast: the operator calls <see cref="Find"/> once per order entry.</remarks>
public interface IParticipantRegistry
{
    /// <summary>Finds a participant's registration.</summary>
    /// <param name="participant">The participant.</param>
    /// <returns>The registration, or <see langword="null"/> when the participant is not registered.</returns>
    ParticipantRegistration? Find(ParticipantId participant);
}
