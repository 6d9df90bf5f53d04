using EnergySettlement.Matching;

namespace EnergySettlement.Cli.Demo;

/// <summary>Collects the matching engine's events for the demo (the engine hands them to a struct sink, allocation-free).</summary>
internal readonly struct EventCollector : IMatchingEventSink
{
    public EventCollector()
    {
    }

    public List<MatchingEvent> Events { get; } = [];

    public void OnEvent(in MatchingEvent matchingEvent) => Events.Add(matchingEvent);
}
