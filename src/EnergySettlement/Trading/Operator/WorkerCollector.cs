using System.Runtime.InteropServices;
using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>
/// Gathers one engine worker's events per command. After each journaled command the operator submits a <em>fence</em>
/// to the same worker: a command for a book id no engine holds, which the engine answers with exactly one
/// <see cref="RejectReason.UnknownBook"/> rejection echoing the fence's order id — the command's journal sequence. So the
/// events before a fence are exactly that command's events, whatever it did (an uncross or gate closure may emit none).
/// </summary>
/// <remarks>Used only on its worker's thread.</remarks>
internal sealed class WorkerCollector(CommandProcessed commandProcessed)
{
    private readonly List<MatchingEvent> _events = [];

    /// <summary>Fence book ids: negative (real books are positive), one per worker so each lands on that worker's queue.</summary>
    public static int[] FenceBookIds(int workerCount)
    {
        var ids = new int[workerCount];
        var offset = (int)((1u << 31) % (uint)workerCount);
        for (var worker = 0; worker < workerCount; worker++)
        {
            ids[worker] = int.MinValue + (((worker - offset) % workerCount) + workerCount) % workerCount;
        }

        return ids;
    }

    public static bool IsFence(in MatchingEvent e) => e.BookId < 0 && e.Kind == MatchingEventKind.Rejected && e.RejectReason == RejectReason.UnknownBook;

    public void OnEvent(in MatchingEvent matchingEvent)
    {
        if (IsFence(matchingEvent))
        {
            commandProcessed(matchingEvent.OrderId, CollectionsMarshal.AsSpan(_events));
            _events.Clear();
        }
        else
        {
            _events.Add(matchingEvent);
        }
    }
}

/// <summary>Receives the engine's events of the command journaled as <paramref name="sequence"/> (0 for a book being restored); the span is valid only during the call.</summary>
internal delegate void CommandProcessed(long sequence, ReadOnlySpan<MatchingEvent> events);

/// <summary>The struct sink the threaded engine calls on each worker: hands every event to the worker's collector.</summary>
internal readonly struct OperatorSink(WorkerCollector collector) : IMatchingEventSink
{
    public void OnEvent(in MatchingEvent matchingEvent) => collector.OnEvent(in matchingEvent);
}
