namespace EnergySettlement.Trading;

/// <summary>
/// Gives each <see cref="ParticipantId"/> a small dense index, the matching engine's compact form of a participant, and
/// back. Indices are assigned in order of first use and never change, so a replay assigns the same ones.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class ParticipantDirectory
{
    private readonly Dictionary<ParticipantId, int> _indices = [];
    private readonly List<ParticipantId> _participants = [];
    private readonly object _gate = new();

    /// <summary>Gets how many participants have an index.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _participants.Count;
            }
        }
    }

    /// <summary>Returns the participant's index, assigning the next one on first use.</summary>
    /// <param name="participant">The participant.</param>
    /// <returns>The index (0, 1, 2, …).</returns>
    /// <exception cref="ArgumentException">The participant id is the default value.</exception>
    public int IndexOf(ParticipantId participant)
    {
        if (participant == default)
        {
            throw new ArgumentException("The participant id must be set.", nameof(participant));
        }

        lock (_gate)
        {
            if (!_indices.TryGetValue(participant, out var index))
            {
                index = _participants.Count;
                _participants.Add(participant);
                _indices.Add(participant, index);
            }

            return index;
        }
    }

    /// <summary>Returns the participant with an index.</summary>
    /// <param name="index">The index.</param>
    /// <returns>The participant.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No participant has that index.</exception>
    public ParticipantId ParticipantAt(int index)
    {
        lock (_gate)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _participants.Count);
            return _participants[index];
        }
    }
}
