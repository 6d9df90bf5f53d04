namespace EnergySettlement.Trading;

/// <summary>What a market operator knows about a participant: that it may trade, where on the grid it is, and its limits.</summary>
/// <remarks>Immutable and thread-safe (do not change <see cref="Limits"/> once registered).</remarks>
public sealed record ParticipantRegistration
{
    /// <summary>Gets the participant.</summary>
    public required ParticipantId Participant { get; init; }

    /// <summary>Gets the participant's grid zone (feeder, transformer, substation), or <see langword="null"/> in a market without zones.</summary>
    public ZoneId? Zone { get; init; }

    /// <summary>Gets limits that replace the market's defaults (<see cref="MarketOperatorOptions.Limits"/>) for this participant, or <see langword="null"/> to use the defaults.</summary>
    public ParticipantLimits? Limits { get; init; }
}
