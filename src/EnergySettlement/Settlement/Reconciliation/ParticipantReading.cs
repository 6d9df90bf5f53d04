using EnergySettlement.Meters;

namespace EnergySettlement.Settlement;

/// <summary>
/// What a participant's meters measured in one delivery period — energy imported from and exported to the grid,
/// summed over the participant's meters — with a revision number: a corrected reading for the same period carries a
/// higher revision, and the planner uses the highest revision it is given.
/// </summary>
/// <remarks>Built from accepted <see cref="MeterReadingValidationResult"/>s; the settlement service stores each revision
/// durably. Immutable and thread-safe.</remarks>
public sealed record ParticipantReading
{
    /// <summary>Creates a reading.</summary>
    /// <param name="participant">The participant.</param>
    /// <param name="period">The delivery period.</param>
    /// <param name="imported">Energy taken from the grid; not negative.</param>
    /// <param name="exported">Energy fed into the grid; not negative.</param>
    /// <param name="revision">1 for the first reading of the period, higher for each correction.</param>
    /// <exception cref="ArgumentException">The participant or period is the default value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An energy is negative or the revision is below 1.</exception>
    public ParticipantReading(ParticipantId participant, DeliveryPeriod period, Energy imported, Energy exported, int revision = 1)
    {
        if (participant == default || period == default)
        {
            throw new ArgumentException("The participant and the period must be set.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(imported.WattHours, nameof(imported));
        ArgumentOutOfRangeException.ThrowIfNegative(exported.WattHours, nameof(exported));
        ArgumentOutOfRangeException.ThrowIfLessThan(revision, 1);
        Participant = participant;
        Period = period;
        Imported = imported;
        Exported = exported;
        Revision = revision;
    }

    /// <summary>Gets the participant.</summary>
    public ParticipantId Participant { get; }

    /// <summary>Gets the delivery period.</summary>
    public DeliveryPeriod Period { get; }

    /// <summary>Gets the energy taken from the grid.</summary>
    public Energy Imported { get; }

    /// <summary>Gets the energy fed into the grid.</summary>
    public Energy Exported { get; }

    /// <summary>Gets the revision: 1 for the first reading, higher for each correction.</summary>
    public int Revision { get; }

    /// <summary>Sums the accepted readings of one participant's meters for one period into one reading.</summary>
    /// <param name="accepted">Accepted validation results, all of the same participant and period; at least one.</param>
    /// <param name="revision">The revision of the sum.</param>
    /// <returns>The participant's reading.</returns>
    /// <exception cref="ArgumentException">No results, a rejected result, or results of different participants or periods.</exception>
    public static ParticipantReading FromAccepted(IEnumerable<MeterReadingValidationResult> accepted, int revision = 1)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        ParticipantId? participant = null;
        DeliveryPeriod? period = null;
        var imported = Energy.Zero;
        var exported = Energy.Zero;
        foreach (var result in accepted)
        {
            ArgumentNullException.ThrowIfNull(result, nameof(accepted));
            if (!result.IsAccepted)
            {
                throw new ArgumentException($"Only accepted readings count; the reading of meter '{result.Reading.Meter}' was rejected ({result.Reason}).", nameof(accepted));
            }

            participant ??= result.Participant;
            period ??= result.Period;
            if (participant != result.Participant || period != result.Period)
            {
                throw new ArgumentException($"All readings must be of one participant and period; found {result.Participant} {result.Period} after {participant} {period}.", nameof(accepted));
            }

            imported += result.Reading.Imported;
            exported += result.Reading.Exported;
        }

        return participant is { } p && period is { } d
            ? new ParticipantReading(p, d, imported, exported, revision)
            : throw new ArgumentException("At least one accepted reading is needed.", nameof(accepted));
    }
}
