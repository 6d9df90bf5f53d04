using System.Collections.Concurrent;

namespace EnergySettlement.Trading;

/// <summary>An <see cref="IParticipantRegistry"/> held in memory: the default, filled from <see cref="EnergySettlementOptions.Participants"/>.</summary>
/// <remarks>Thread-safe. Participants added or removed while markets run take effect for the next order entry; removing a
/// participant does not cancel its resting orders.</remarks>
public sealed class InMemoryParticipantRegistry : IParticipantRegistry
{
    private readonly ConcurrentDictionary<ParticipantId, ParticipantRegistration> _participants = new();

    /// <summary>Creates a registry holding <paramref name="registrations"/>.</summary>
    /// <param name="registrations">The participants.</param>
    /// <exception cref="ArgumentException">A participant is registered twice or a registration is invalid.</exception>
    public InMemoryParticipantRegistry(IEnumerable<ParticipantRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        foreach (var registration in registrations)
        {
            Add(registration);
        }
    }

    /// <summary>Adds a participant.</summary>
    /// <param name="registration">The registration.</param>
    /// <exception cref="ArgumentException">The participant id is not set, the participant is already registered, or its limits are invalid.</exception>
    public void Add(ParticipantRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (registration.Participant == default)
        {
            throw new ArgumentException("The registration's participant id must be set.", nameof(registration));
        }

        if (registration.Limits?.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"Participant '{registration.Participant}' has invalid limits: {string.Join(" ", errors)}", nameof(registration));
        }

        if (!_participants.TryAdd(registration.Participant, registration))
        {
            throw new ArgumentException($"Participant '{registration.Participant}' is already registered.", nameof(registration));
        }
    }

    /// <summary>Removes a participant; its later order entries are rejected as unknown.</summary>
    /// <param name="participant">The participant.</param>
    /// <returns><see langword="true"/> when the participant was registered.</returns>
    public bool Remove(ParticipantId participant) => _participants.TryRemove(participant, out _);

    /// <inheritdoc />
    public ParticipantRegistration? Find(ParticipantId participant) =>
        _participants.TryGetValue(participant, out var registration) ? registration : null;
}
