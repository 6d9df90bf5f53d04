namespace EnergySettlement.Meters;

/// <summary>
/// What a meter reports for one interval: energy imported from and exported to the grid, its cumulative registers at the
/// end of the interval, and optionally its signature over the canonical encoding (<see cref="MeterReadingEncoding"/>).
/// </summary>
/// <remarks>
/// A reading is raw input from a device: nothing about it is trusted until <see cref="MeterReadingValidator"/> accepts it.
/// Immutable and thread-safe.
/// </remarks>
public sealed record MeterReading
{
    /// <summary>Gets the meter that reports.</summary>
    public required MeterId Meter { get; init; }

    /// <summary>Gets the start of the interval (UTC), as the meter reports it.</summary>
    public required DateTimeOffset IntervalStart { get; init; }

    /// <summary>Gets the interval length, as the meter reports it.</summary>
    public required TimeSpan IntervalLength { get; init; }

    /// <summary>Gets the energy taken from the grid during the interval.</summary>
    public required Energy Imported { get; init; }

    /// <summary>Gets the energy fed into the grid during the interval.</summary>
    public required Energy Exported { get; init; }

    /// <summary>Gets the cumulative import register at the end of the interval, in Wh.</summary>
    public required long ImportRegisterWattHours { get; init; }

    /// <summary>Gets the cumulative export register at the end of the interval, in Wh.</summary>
    public required long ExportRegisterWattHours { get; init; }

    /// <summary>Gets the meter's signature over <see cref="MeterReadingEncoding.Encode(MeterReading)"/>, or empty when unsigned.
    /// For P-256: IEEE P1363 form, r ‖ s, 64 bytes.</summary>
    public ReadOnlyMemory<byte> Signature { get; init; }
}
