namespace EnergySettlement.Matching.Reference;

/// <summary>A sink that only counts events and sums traded quantity (benchmarks: no allocation, no retention).</summary>
public struct CountingSink : IMatchingEventSink
{
    public long Events;
    public long Trades;
    public long TradedQuantity;

    public void OnEvent(in MatchingEvent matchingEvent)
    {
        Events++;
        if (matchingEvent.Kind == MatchingEventKind.Trade)
        {
            Trades++;
            TradedQuantity += matchingEvent.Quantity;
        }
    }
}
