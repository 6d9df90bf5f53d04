namespace EnergySettlement.Meters;

/// <summary>The outcome of validating one reading: accepted with the delivered energy it stands for, or rejected with a typed reason.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record MeterReadingValidationResult
{
    private MeterReadingValidationResult()
    {
    }

    /// <summary>Gets whether the reading was accepted.</summary>
    public bool IsAccepted => Reason is null;

    /// <summary>Gets why the reading was rejected, or <see langword="null"/> when accepted.</summary>
    public MeterReadingRejectionReason? Reason { get; private init; }

    /// <summary>Gets a message saying what was expected and what was found (empty when accepted).</summary>
    public string Message { get; private init; } = string.Empty;

    /// <summary>Gets the reading.</summary>
    public required MeterReading Reading { get; init; }

    /// <summary>Gets the participant the meter belongs to, when accepted.</summary>
    public ParticipantId? Participant { get; private init; }

    /// <summary>Gets the delivery period of the reading, when accepted.</summary>
    public DeliveryPeriod? Period { get; private init; }

    internal static MeterReadingValidationResult Accepted(MeterReading reading, ParticipantId participant, DeliveryPeriod period) =>
        new() { Reading = reading, Participant = participant, Period = period };

    internal static MeterReadingValidationResult Rejected(MeterReading reading, MeterReadingRejectionReason reason, string message) =>
        new() { Reading = reading, Reason = reason, Message = message };
}
