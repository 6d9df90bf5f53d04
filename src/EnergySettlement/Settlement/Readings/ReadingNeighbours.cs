namespace EnergySettlement.Settlement.Readings;

/// <summary>
/// The latest revisions of a meter's recorded readings just before and just after a period: what a new reading's
/// cumulative registers must lie between.
/// </summary>
/// <param name="Before">The latest revision of the meter's nearest recorded period that starts before the asked one, if any.</param>
/// <param name="After">The latest revision of the meter's nearest recorded period that starts after the asked one, if any.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ReadingNeighbours(RecordedReading? Before, RecordedReading? After);
