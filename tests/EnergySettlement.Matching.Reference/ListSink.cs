namespace EnergySettlement.Matching.Reference;

/// <summary>A sink that appends every event to a list (tests and examples; allocates as the list grows).</summary>
public readonly struct ListSink(List<MatchingEvent> events) : IMatchingEventSink
{
    public List<MatchingEvent> Events { get; } = events;

    public void OnEvent(in MatchingEvent matchingEvent) => Events.Add(matchingEvent);
}
