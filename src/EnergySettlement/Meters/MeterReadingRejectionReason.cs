namespace EnergySettlement.Meters;

/// <summary>Why <see cref="MeterReadingValidator"/> rejected a reading.</summary>
public enum MeterReadingRejectionReason
{
    /// <summary>The meter is not in the <see cref="IMeterRegistry"/>.</summary>
    UnknownMeter = 1,

    /// <summary>The interval does not start on a delivery-period boundary, is not UTC, or has another length than the markets' period.</summary>
    PeriodMisaligned = 2,

    /// <summary>A reading for this meter and period was already accepted.</summary>
    Duplicate = 3,

    /// <summary>A cumulative register is lower than in an earlier period's accepted reading, or higher than in a later one's.</summary>
    RegisterWentBackwards = 4,

    /// <summary>Imported or exported energy is more than the meter's rated power allows in the period.</summary>
    ExceedsCapacity = 5,

    /// <summary>Signatures are required and the reading has none, or the meter has no registered key.</summary>
    MissingSignature = 6,

    /// <summary>The signature does not verify against the meter's key, or no verifier exists for the meter's algorithm.</summary>
    BadSignature = 7,

    /// <summary>Imported or exported energy, or a register, is negative.</summary>
    NegativeValue = 8,
}
