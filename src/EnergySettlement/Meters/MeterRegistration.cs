using EnergySettlement.Chains;

namespace EnergySettlement.Meters;

/// <summary>What the SDK knows about a meter: whose it is, how much power it can measure, and the key it signs readings with.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record MeterRegistration
{
    /// <summary>Gets the meter.</summary>
    public required MeterId Meter { get; init; }

    /// <summary>Gets the participant whose connection the meter measures.</summary>
    public required ParticipantId Participant { get; init; }

    /// <summary>Gets the highest power the meter's connection can carry, in watts, in either direction. Must be positive.</summary>
    public required long RatedPowerWatts { get; init; }

    /// <summary>Gets the meter's public key (for P-256: SEC1 uncompressed, 65 bytes), or empty when the meter does not sign.</summary>
    public ReadOnlyMemory<byte> PublicKey { get; init; }

    /// <summary>Gets the algorithm the meter signs with.</summary>
    /// <value>The default is <see cref="SignatureAlgorithm.P256"/>, as DLMS/COSEM security suite 1 meters use.</value>
    public SignatureAlgorithm SignatureAlgorithm { get; init; } = SignatureAlgorithm.P256;

    /// <summary>The most energy the meter can measure in one direction in <paramref name="periodLength"/>: rated power × time,
    /// rounded up to a whole Wh so a meter running exactly at its rating is never rejected.</summary>
    /// <param name="periodLength">The interval length.</param>
    /// <returns>The limit.</returns>
    /// <exception cref="OverflowException">The limit does not fit in 64 bits of Wh.</exception>
    public Energy MaximumEnergyIn(TimeSpan periodLength) =>
        new(checked((long)IntegerDivision.Divide(checked((Int128)RatedPowerWatts * (long)periodLength.TotalSeconds), 3600, RoundingMode.Ceiling)));
}
