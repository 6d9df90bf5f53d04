using EnergySettlement.Meters;

namespace EnergySettlement.Settlement.Readings;

/// <summary>
/// A meter reading that passed validation, as the <see cref="Journal.ISettlementJournal"/> keeps it: the reading, whose
/// it is, its delivery period, and its revision — 0 for the first accepted reading of a (meter, period), 1, 2, … for
/// corrections. Settled history is never rewritten: a correction is a new revision, and settlement of an already settled
/// period produces adjustments that reference what they correct.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Equality compares content (the signature by value) and ignores <see cref="Position"/>,
/// which the journal assigns.
/// </remarks>
public sealed record RecordedReading
{
    /// <summary>Gets the reading as the meter reported it, signature included.</summary>
    public required MeterReading Reading { get; init; }

    /// <summary>Gets the participant the meter belonged to when the reading was accepted.</summary>
    public required ParticipantId Participant { get; init; }

    /// <summary>Gets the delivery period the reading covers.</summary>
    public required DeliveryPeriod Period { get; init; }

    /// <summary>Gets the revision: 0 for the first accepted reading of the meter and period, then 1, 2, … for corrections.</summary>
    public required int Revision { get; init; }

    /// <summary>Gets when the reading was recorded (from the service's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>Gets why a correction was made (revision 1 and later), as the host said.</summary>
    public string? CorrectionReason { get; init; }

    /// <summary>Gets the journal's position of the record: assigned when it is first appended, increasing with every append
    /// to the journal, so settlement can ask what arrived after a window was planned. 0 on a record not read back from a journal.</summary>
    public long Position { get; init; }

    /// <summary>Gets the meter.</summary>
    public MeterId Meter => Reading.Meter;

    /// <summary>Content equality: every field of the reading (signature bytes by value), participant, period, revision, time and reason.</summary>
    /// <param name="other">The other record.</param>
    /// <returns><see langword="true"/> when the content is equal; <see cref="Position"/> is not compared.</returns>
    public bool Equals(RecordedReading? other) =>
        other is not null
        && Participant == other.Participant
        && Period == other.Period
        && Revision == other.Revision
        && RecordedAt == other.RecordedAt
        && string.Equals(CorrectionReason, other.CorrectionReason, StringComparison.Ordinal)
        && SameReading(Reading, other.Reading);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Reading.Meter, Period, Revision);

    private static bool SameReading(MeterReading a, MeterReading b) =>
        a.Meter == b.Meter
        && a.IntervalStart == b.IntervalStart
        && a.IntervalLength == b.IntervalLength
        && a.Imported == b.Imported
        && a.Exported == b.Exported
        && a.ImportRegisterWattHours == b.ImportRegisterWattHours
        && a.ExportRegisterWattHours == b.ExportRegisterWattHours
        && a.Signature.Span.SequenceEqual(b.Signature.Span);
}
