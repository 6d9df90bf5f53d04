using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>
/// Replays one market's order journal on a single thread with the synchronous <see cref="MatchingEngine"/>: the same
/// <see cref="MarketState"/> steps as the live operator, so the same entries give the same events and the same state.
/// </summary>
internal sealed class JournalReplayer
{
    private readonly MatchingEngine _engine = new();
    private readonly List<MatchingEvent> _events = [];

    public JournalReplayer(MarketDefinition market)
    {
        ArgumentNullException.ThrowIfNull(market);
        State = new MarketState(market, new ParticipantDirectory());
    }

    public MarketState State { get; }

    public long LastSequence => State.LastSequence;

    /// <summary>Starts from a snapshot instead of the empty market.</summary>
    /// <exception cref="InvalidDataException">The snapshot is invalid or does not fit the market.</exception>
    public void Restore(OrderJournalSnapshot snapshot)
    {
        State.RestoreSnapshot(snapshot.Sequence, snapshot.State.Span);
        foreach (var (options, orders) in State.EngineRebuild())
        {
            _engine.AddBook(options);
            var sink = new ListSink(_events);
            foreach (var order in orders)
            {
                _engine.Process(order, ref sink);
            }

            if (_events.Exists(e => e.Kind != MatchingEventKind.Accepted))
            {
                throw new InvalidDataException($"Restoring book {options.BookId} from its snapshot did not accept every order.");
            }

            _events.Clear();
        }
    }

    /// <summary>Applies the next journal entry and returns its events.</summary>
    /// <exception cref="InvalidDataException">The entry cannot be read or does not continue the journal.</exception>
    public List<MarketEvent> Apply(OrderJournalEntry entry)
    {
        MarketCommand command;
        try
        {
            command = MarketCommandCodec.Decode(entry.Payload.Span);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Order journal entry {entry.Sequence} cannot be read: {e.Message}", e);
        }

        State.AdmitRecorded(entry.Sequence, command);
        _events.Clear();
        var sink = new ListSink(_events);
        if (command.Kind == MarketCommandKind.OpenBook)
        {
            _engine.AddBook(MarketState.EngineOptionsOf(command));
        }
        else
        {
            _engine.Process(State.EngineCommandOf(command), ref sink);
            if (command.Kind == MarketCommandKind.CloseGate)
            {
                _engine.RemoveBook(command.BookId);
            }
        }

        var output = new List<MarketEvent>();
        State.Complete(entry.Sequence, command, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_events), output);
        return output;
    }

    /// <summary>The snapshot of the state after the last applied entry, as the live operator would save it.</summary>
    public OrderJournalSnapshot Snapshot() => State.CreateSnapshot();

    private readonly struct ListSink(List<MatchingEvent> events) : IMatchingEventSink
    {
        public void OnEvent(in MatchingEvent matchingEvent) => events.Add(matchingEvent);
    }
}
