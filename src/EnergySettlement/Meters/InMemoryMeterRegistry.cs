using System.Collections.Concurrent;

namespace EnergySettlement.Meters;

/// <summary>An <see cref="IMeterRegistry"/> held in memory: the default, filled from <see cref="EnergySettlementOptions.Meters"/>.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryMeterRegistry : IMeterRegistry
{
    private readonly ConcurrentDictionary<MeterId, MeterRegistration> _meters = new();

    /// <summary>Creates a registry holding <paramref name="registrations"/>.</summary>
    /// <param name="registrations">The meters.</param>
    /// <exception cref="ArgumentException">A meter is registered twice or a registration is invalid.</exception>
    public InMemoryMeterRegistry(IEnumerable<MeterRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        foreach (var registration in registrations)
        {
            Add(registration);
        }
    }

    /// <summary>Adds a meter.</summary>
    /// <param name="registration">The registration.</param>
    /// <exception cref="ArgumentException">The meter is already registered or its rated power is not positive.</exception>
    public void Add(MeterRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (registration.RatedPowerWatts <= 0)
        {
            throw new ArgumentException($"Meter '{registration.Meter}' needs a positive rated power; found {registration.RatedPowerWatts} W.", nameof(registration));
        }

        if (!_meters.TryAdd(registration.Meter, registration))
        {
            throw new ArgumentException($"Meter '{registration.Meter}' is already registered.", nameof(registration));
        }
    }

    /// <inheritdoc />
    public MeterRegistration? Find(MeterId meter) => _meters.TryGetValue(meter, out var registration) ? registration : null;
}
