namespace EnergySettlement.Meters;

/// <summary>Looks up meters: who owns one, its capacity, its key. Hosts back it with their asset database.</summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IMeterRegistry
{
    /// <summary>Finds a meter's registration.</summary>
    /// <param name="meter">The meter.</param>
    /// <returns>The registration, or <see langword="null"/> when the meter is unknown.</returns>
    MeterRegistration? Find(MeterId meter);
}
