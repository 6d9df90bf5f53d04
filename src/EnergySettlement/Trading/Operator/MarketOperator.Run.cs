using System.Diagnostics;
using System.Threading.Channels;
using EnergySettlement.Diagnostics;
using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

public sealed partial class MarketOperator
{
    /// <summary>
    /// One run of the operator, from start to stop: the state, the engine and the three stages a command passes.
    /// <list type="number">
    /// <item><description><b>Writer</b> (one task): takes queued entries, admits them in order (the schedule's steps first),
    /// appends them to the journal in one durable write, then submits each to the engine followed by its fence.</description></item>
    /// <item><description><b>Completion</b> (on the engine's workers, under the operator's lock): gathers each command's events
    /// by its fence and completes commands strictly in journal order, whatever worker ran them.</description></item>
    /// <item><description><b>Dispatcher</b> (one task): hands each command's events to the sinks and readers, then answers its caller.</description></item>
    /// </list>
    /// </summary>
    private sealed class Run : IDisposable
    {
        private readonly MarketOperator _owner;
        private readonly int[] _fences;
        private readonly Dictionary<long, InFlight> _inFlight = [];
        private readonly SortedDictionary<long, MatchingEvent[]> _outOfOrder = [];
        private readonly List<(long Sequence, TaskCompletionSource<OrderEntryResult?> Completion)> _dispatchWaiters = [];
        private readonly SemaphoreSlim _inFlightSlots;
        private readonly CancellationTokenSource _abandon = new();
        private readonly Channel<Completed> _dispatch = Channel.CreateUnbounded<Completed>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Task _dispatcher;
        private readonly Task _engineWatch;
        private Task _writer = Task.CompletedTask;
        private ITimer? _timer;
        private long _nextToComplete = 1;
        private long _dispatchedThrough;
        private long _lastSubmitted;
        private long _lastSnapshot;
        private (long Sequence, TaskCompletionSource Completion)? _appliedWaiter;

        public Run(MarketOperator owner)
        {
            _owner = owner;
            var options = owner._options;
            State = new MarketState(owner.Market, new ParticipantDirectory())
            {
                Capacity = options.BookCapacity,
                SelfTradePrevention = options.SelfTradePrevention,
            };
            _fences = WorkerCollector.FenceBookIds(options.WorkerCount);
            _inFlightSlots = new SemaphoreSlim(options.MaxCommandsInFlight, options.MaxCommandsInFlight);
            Intake = Channel.CreateBounded<Intake>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
            Engine = new ThreadedMatchingEngine<OperatorSink>(
                new ThreadedMatchingEngineOptions { WorkerCount = options.WorkerCount, QueueCapacity = (2 * options.MaxCommandsInFlight) + 64 },
                _ => new OperatorSink(new WorkerCollector(OnCommandProcessed)));
            _dispatcher = Task.Run(DispatchAsync);
            _engineWatch = WatchEngineAsync();
        }

        public MarketState State { get; }

        public Channel<Intake> Intake { get; }

        public ThreadedMatchingEngine<OperatorSink> Engine { get; }

        private IOrderJournal Journal => _owner._journal;

        private MarketId MarketId => _owner.Market.Id;

        /// <summary>Rebuilds the books from the latest snapshot and replays the journal after it, re-emitting those events.</summary>
        /// <returns>The snapshot's sequence (0 when none) and how many entries were replayed.</returns>
        public async Task<(long Snapshot, long Replayed)> RecoverAsync(CancellationToken cancellationToken)
        {
            var snapshot = await Journal.LoadLatestSnapshotAsync(MarketId, cancellationToken).ConfigureAwait(false);
            if (snapshot is not null)
            {
                List<(OrderBookOptions Book, IReadOnlyList<Command> Orders)> rebuild;
                lock (_owner._gate)
                {
                    State.RestoreSnapshot(snapshot.Sequence, snapshot.State.Span);
                    _nextToComplete = snapshot.Sequence + 1;
                    _dispatchedThrough = _lastSubmitted = _lastSnapshot = snapshot.Sequence;
                    rebuild = State.EngineRebuild().ToList();
                }

                foreach (var (book, orders) in rebuild)
                {
                    await Engine.AddBookAsync(book, cancellationToken).ConfigureAwait(false);
                    foreach (var order in orders)
                    {
                        await Engine.SubmitAsync(order, cancellationToken).ConfigureAwait(false);
                    }

                    await Engine.SubmitAsync(Command.Cancel(_fences[Engine.WorkerOf(book.BookId)], 0, 0), cancellationToken).ConfigureAwait(false);
                }
            }

            long replayed = 0;
            await foreach (var entry in Journal.ReadAsync(MarketId, _lastSubmitted, cancellationToken).ConfigureAwait(false))
            {
                MarketCommand command;
                try
                {
                    command = MarketCommandCodec.Decode(entry.Payload.Span);
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"Order journal entry {entry.Sequence} of market '{MarketId}' cannot be read: {e.Message}", e);
                }

                lock (_owner._gate)
                {
                    State.AdmitRecorded(entry.Sequence, command);
                }

                await SubmitAsync(entry.Sequence, command, null, replayed: true, cancellationToken).ConfigureAwait(false);
                replayed++;
            }

            await WaitAppliedAsync(_lastSubmitted).WaitAsync(cancellationToken).ConfigureAwait(false);
            return (snapshot?.Sequence ?? 0, replayed);
        }

        public void StartWriting()
        {
            if (_owner._options.RunScheduleOnTimer)
            {
                _timer = _owner._time.CreateTimer(static run => ((Run)run!).Intake.Writer.TryWrite(new TickIntake(CancellationToken.None)), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            _writer = Task.Run(WriteAsync);
        }

        /// <summary>Stops abruptly: the writer and dispatcher quit, queued engine work is dropped, waiting callers get an exception.</summary>
        public void Abandon()
        {
            try
            {
                _abandon.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run is over already.
            }

            Intake.Writer.TryComplete();
        }

        /// <summary>Stops the run: finishes (or, when abandoning, drops) the queued work and fails what cannot finish.</summary>
        public async Task StopAsync(bool abandon)
        {
            if (abandon)
            {
                Abandon();
            }

            _timer?.Dispose();
            Intake.Writer.TryComplete();
            await _writer.ConfigureAwait(false);
            try
            {
                await Engine.StopAsync(_abandon.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A failed worker already faulted the operator (WatchEngineAsync); stopping only has to end.
            }

            _dispatch.Writer.TryComplete();
            await _dispatcher.ConfigureAwait(false);
            await _engineWatch.ConfigureAwait(false);
            await Engine.DisposeAsync().ConfigureAwait(false);
            FailWaiting(new InvalidOperationException($"Market operator '{MarketId}' stopped before the entry completed; a journaled entry is replayed at the next start."));
        }

        /// <summary>Releases the run's cancellation source and slots once it has stopped.</summary>
        public void Dispose()
        {
            _abandon.Dispose();
            _inFlightSlots.Dispose();
        }

        // ---- writer ---------------------------------------------------------------------------------------------------

        private async Task WriteAsync()
        {
            var token = _abandon.Token;
            var reader = Intake.Reader;
            try
            {
                while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
                {
                    await WriteBatchAsync(reader, token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Abandoned.
            }
            catch (Exception e)
            {
                _owner.Fault(e);
            }
            finally
            {
                while (reader.TryRead(out var left))
                {
                    left.Completion.TrySetException(new InvalidOperationException($"Market operator '{MarketId}' stopped before the entry was recorded; nothing was recorded."));
                }
            }
        }

        private async Task WriteBatchAsync(ChannelReader<Intake> reader, CancellationToken token)
        {
            var batch = new List<(long Sequence, MarketCommand Command, Intake? Origin)>();
            var ticks = new List<Intake>();
            var refused = new List<(Intake Item, OrderEntryResult Result, ParticipantId Participant, bool IsOrder)>();
            lock (_owner._gate)
            {
                State.BeginBatch();
                var now = State.TimestampAt(_owner._time.GetUtcNow());
                var steps = new List<(long Sequence, MarketCommand Command)>();
                State.AdmitDueSteps(now, steps);
                batch.AddRange(steps.Select(s => (s.Sequence, s.Command, (Intake?)null)));
                while (batch.Count < _owner._options.MaxBatchSize && reader.TryRead(out var item))
                {
                    if (item.CancellationToken.IsCancellationRequested)
                    {
                        item.Completion.TrySetCanceled(item.CancellationToken);
                        continue;
                    }

                    OrderEntryResult? refusal;
                    (long Sequence, MarketCommand Command) admitted;
                    switch (item)
                    {
                        case PlaceIntake place:
                            refusal = State.TryAdmitPlace(place.Request, place.Limits, place.PriceTick, place.Zone, now, out admitted);
                            if (refusal is not null)
                            {
                                refused.Add((item, refusal, place.Request.Participant, true));
                                continue;
                            }

                            break;
                        case AmendIntake amend:
                            refusal = State.TryAdmitAmend(amend.Kind, amend.Requester, amend.Order, amend.Quantity, now, out admitted);
                            if (refusal is not null)
                            {
                                refused.Add((item, refusal, amend.Requester ?? default, false));
                                continue;
                            }

                            break;
                        default:
                            ticks.Add(item);
                            continue;
                    }

                    batch.Add((admitted.Sequence, admitted.Command, item));
                }
            }

            foreach (var (item, result, participant, isOrder) in refused)
            {
                item.Completion.TrySetResult(_owner.Refuse(participant, result, isOrder));
            }

            if (batch.Count > 0 && await AppendAsync(batch).ConfigureAwait(false))
            {
                foreach (var (sequence, command, origin) in batch)
                {
                    await SubmitAsync(sequence, command, origin, replayed: false, token).ConfigureAwait(false);
                }
            }

            foreach (var tick in ticks)
            {
                WhenDispatched(_lastSubmitted, tick.Completion);
            }

            RescheduleTimer();
            if (_owner._options.SnapshotInterval > 0 && _lastSubmitted - _lastSnapshot >= _owner._options.SnapshotInterval)
            {
                await SnapshotAsync(token).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Appends the batch durably. When the journal throws, asks it what it holds: nothing of the batch → the batch is
        /// undone and its callers get the error; all of it, with the same content → carry on; anything else → fault.
        /// </summary>
        private async Task<bool> AppendAsync(List<(long Sequence, MarketCommand Command, Intake? Origin)> batch)
        {
            var entries = batch.Select(b => new OrderJournalEntry
            {
                Sequence = b.Sequence,
                RecordedAt = new DateTimeOffset(b.Command.Timestamp, TimeSpan.Zero),
                Payload = MarketCommandCodec.Encode(b.Command),
            }).ToList();
            var started = Stopwatch.GetTimestamp();
            try
            {
                // Not cancellable: once begun, an append is seen through so its outcome is known.
                await Journal.AppendAsync(MarketId, entries, CancellationToken.None).ConfigureAwait(false);
                EnergySettlementTelemetry.JournalAppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _owner._marketTag);
                return true;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var first = entries[0].Sequence;
                var last = await Journal.GetLastSequenceAsync(MarketId, CancellationToken.None).ConfigureAwait(false);
                if (last == first - 1)
                {
                    lock (_owner._gate)
                    {
                        State.RollbackBatch();
                    }

                    Log.JournalAppendFailed(_owner._logger, MarketId, entries.Count, first, e);
                    foreach (var (_, _, origin) in batch)
                    {
                        origin?.Completion.TrySetException(e);
                    }

                    return false;
                }

                if (last >= entries[^1].Sequence && await RecordedAsync(entries).ConfigureAwait(false))
                {
                    Log.JournalAppendRecorded(_owner._logger, MarketId, first, entries[^1].Sequence, e);
                    return true;
                }

                throw new EnergySettlementException(
                    $"The order journal of market '{MarketId}' failed appending entries {first}–{entries[^1].Sequence} and now ends at {last}; the operator cannot tell what was recorded.", e);
            }
        }

        private async Task<bool> RecordedAsync(List<OrderJournalEntry> entries)
        {
            var i = 0;
            await foreach (var recorded in Journal.ReadAsync(MarketId, entries[0].Sequence - 1, CancellationToken.None).ConfigureAwait(false))
            {
                if (i == entries.Count)
                {
                    break;
                }

                if (!recorded.Equals(entries[i++]))
                {
                    return false;
                }
            }

            return i == entries.Count;
        }

        /// <summary>Hands a journaled command to the engine, followed by the fence that marks the end of its events.</summary>
        private async Task SubmitAsync(long sequence, MarketCommand command, Intake? origin, bool replayed, CancellationToken cancellationToken)
        {
            await _inFlightSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            Command engineCommand = default;
            lock (_owner._gate)
            {
                _inFlight.Add(sequence, new InFlight(command, origin, replayed));
                if (command.Kind != MarketCommandKind.OpenBook)
                {
                    engineCommand = State.EngineCommandOf(command);
                }
            }

            if (command.Kind == MarketCommandKind.OpenBook)
            {
                await Engine.AddBookAsync(MarketState.EngineOptionsOf(command), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Engine.SubmitAsync(engineCommand, cancellationToken).ConfigureAwait(false);
            }

            await Engine.SubmitAsync(Command.Cancel(_fences[Engine.WorkerOf(command.BookId)], sequence, command.Timestamp), cancellationToken).ConfigureAwait(false);
            if (command.Kind == MarketCommandKind.CloseGate)
            {
                await Engine.RemoveBookAsync(command.BookId, cancellationToken).ConfigureAwait(false);
            }

            _lastSubmitted = sequence;
        }

        private async Task SnapshotAsync(CancellationToken cancellationToken)
        {
            await WaitAppliedAsync(_lastSubmitted).WaitAsync(cancellationToken).ConfigureAwait(false);
            OrderJournalSnapshot snapshot;
            lock (_owner._gate)
            {
                snapshot = State.CreateSnapshot();
            }

            try
            {
                await Journal.SaveSnapshotAsync(MarketId, snapshot, cancellationToken).ConfigureAwait(false);
                Log.SnapshotSaved(_owner._logger, MarketId, snapshot.Sequence, snapshot.State.Length);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                Log.SnapshotFailed(_owner._logger, MarketId, snapshot.Sequence, e);
            }

            _lastSnapshot = snapshot.Sequence;
        }

        private void RescheduleTimer()
        {
            if (_timer is null)
            {
                return;
            }

            long due;
            lock (_owner._gate)
            {
                due = State.NextScheduleDue;
            }

            var wait = due == long.MaxValue ? TimeSpan.FromDays(1) : TimeSpan.FromTicks(Math.Clamp(due - _owner._time.GetUtcNow().UtcTicks, 0, TimeSpan.TicksPerDay));
            try
            {
                _timer.Change(wait, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Stopping.
            }
        }

        // ---- completion (engine workers) ------------------------------------------------------------------------------

        private void OnCommandProcessed(long sequence, ReadOnlySpan<MatchingEvent> events)
        {
            lock (_owner._gate)
            {
                if (sequence == 0)
                {
                    // A book restored from a snapshot: its orders were placed again and must all have entered it.
                    foreach (ref readonly var e in events)
                    {
                        if (e.Kind != MatchingEventKind.Accepted)
                        {
                            throw new InvalidDataException($"Restoring book {e.BookId} of market '{MarketId}' from its snapshot gave {e.Kind} ({e.RejectReason}) for order {e.OrderId}.");
                        }
                    }

                    return;
                }

                if (sequence != _nextToComplete)
                {
                    _outOfOrder.Add(sequence, events.ToArray());
                    return;
                }

                Complete(sequence, events);
                while (_outOfOrder.Remove(_nextToComplete, out var later))
                {
                    Complete(_nextToComplete, later);
                }

                if (_appliedWaiter is { } waiter && _nextToComplete > waiter.Sequence)
                {
                    _appliedWaiter = null;
                    waiter.Completion.TrySetResult();
                }
            }
        }

        private void Complete(long sequence, ReadOnlySpan<MatchingEvent> events)
        {
            _inFlight.Remove(sequence, out var flight);
            var output = new List<MarketEvent>();
            var outcome = State.Complete(sequence, flight!.Command, events, output);
            var result = flight.Origin switch
            {
                PlaceIntake or AmendIntake => ResultOf(sequence, flight.Command, outcome),
                _ => null,
            };
            _dispatch.Writer.TryWrite(new Completed(sequence, flight.Command, output, flight.Origin, result, outcome, flight.Replayed));
            _nextToComplete = sequence + 1;
        }

        private static OrderEntryResult ResultOf(long sequence, MarketCommand command, CommandOutcome outcome)
        {
            var order = new OrderId(command.OrderId);
            if (!outcome.Accepted)
            {
                return OrderEntryResult.Rejected(MarketState.ReasonFor(outcome.EngineRejection),
                    $"The matching engine refused the {command.Kind.ToString().ToLowerInvariant()} of order {order}: {outcome.EngineRejection}.", order, sequence);
            }

            return OrderEntryResult.Accepted(order, sequence, outcome.Trades, new Energy(outcome.Remaining));
        }

        private Task WaitAppliedAsync(long sequence)
        {
            lock (_owner._gate)
            {
                if (_nextToComplete > sequence)
                {
                    return Task.CompletedTask;
                }

                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _appliedWaiter = (sequence, waiter);
                return waiter.Task;
            }
        }

        private async Task WatchEngineAsync()
        {
            try
            {
                await Engine.Completion.ConfigureAwait(false);
            }
            catch (Exception e) when (!_abandon.IsCancellationRequested)
            {
                _owner.Fault(e);
            }
            catch (Exception)
            {
                // Abandoned: the workers stopped as asked.
            }
        }

        // ---- dispatcher -----------------------------------------------------------------------------------------------

        private async Task DispatchAsync()
        {
            await foreach (var done in _dispatch.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (_abandon.IsCancellationRequested)
                {
                    done.Origin?.Completion.TrySetException(new InvalidOperationException($"Market operator '{MarketId}' stopped before the entry's events were delivered; it is replayed at the next start."));
                    continue;
                }

                try
                {
                    if (done.Events.Count > 0)
                    {
                        foreach (var sink in _owner._sinks)
                        {
                            await sink.OnEventsAsync(done.Events, _abandon.Token).ConfigureAwait(false);
                        }

                        Publish(done);
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    _owner.Fault(e);
                    done.Origin?.Completion.TrySetException(new InvalidOperationException($"Market operator '{MarketId}' faulted while delivering the entry's events; it is replayed at the next start.", e));
                    continue;
                }

                Record(done);
                if (done.Origin is not null && done.Result is not null)
                {
                    done.Origin.Completion.TrySetResult(done.Result);
                }

                lock (_owner._gate)
                {
                    _dispatchedThrough = done.Sequence;
                    _dispatchWaiters.RemoveAll(w => w.Sequence <= done.Sequence && w.Completion.TrySetResult(null));
                }

                _inFlightSlots.Release();
            }
        }

        private void Publish(Completed done)
        {
            lock (_owner._gate)
            {
                for (var i = _owner._subscriptions.Count - 1; i >= 0; i--)
                {
                    var subscription = _owner._subscriptions[i];
                    foreach (var marketEvent in done.Events)
                    {
                        if (!subscription.Channel.Writer.TryWrite(marketEvent))
                        {
                            Log.SubscriberOverflow(_owner._logger, MarketId, _owner._options.SubscriberBufferCapacity, subscription.LastDelivered);
                            subscription.Channel.Writer.TryComplete(new EventSubscriptionOverflowException(MarketId, subscription.LastDelivered));
                            _owner._subscriptions.RemoveAt(i);
                            break;
                        }
                    }

                    subscription.LastDelivered = done.Sequence;
                }
            }
        }

        /// <summary>Metrics and log lines of a delivered command (not again for commands replayed at start).</summary>
        private void Record(Completed done)
        {
            var logger = _owner._logger;
            foreach (var marketEvent in done.Events)
            {
                switch (marketEvent)
                {
                    case BookOpened opened:
                        Log.BookOpened(logger, MarketId, opened.Period, opened.GateClosure);
                        break;
                    case BookClosed closed:
                        Log.BookClosed(logger, MarketId, closed.Period);
                        break;
                    case AuctionCleared cleared:
                        Log.AuctionCleared(logger, MarketId, cleared.Period, cleared.Volume, cleared.ClearingPrice);
                        break;
                }
            }

            if (done.Command.Kind == MarketCommandKind.Uncross && done.Outcome.EngineRejection != RejectReason.None)
            {
                Log.UncrossRejected(logger, MarketId, done.Outcome.Period, done.Outcome.EngineRejection);
            }

            if (done.Replayed)
            {
                return;
            }

            var tag = _owner._marketTag;
            if (done.Command.Kind == MarketCommandKind.Place)
            {
                if (done.Outcome.Accepted)
                {
                    EnergySettlementTelemetry.OrdersAccepted.Add(1, tag);
                }
                else
                {
                    EnergySettlementTelemetry.OrdersRejected.Add(1, tag, new("reason", MarketState.ReasonFor(done.Outcome.EngineRejection).ToString()));
                }
            }

            if (done.Outcome.Trades.Count > 0)
            {
                EnergySettlementTelemetry.Trades.Add(done.Outcome.Trades.Count, tag);
                EnergySettlementTelemetry.TradedEnergy.Add(done.Outcome.Trades.Sum(t => t.Quantity.WattHours), tag);
                var crossZone = done.Outcome.Trades.Where(t => t.SellerZone is not null && t.SellerZone != t.BuyerZone).Sum(t => t.Quantity.WattHours);
                if (crossZone > 0)
                {
                    EnergySettlementTelemetry.CrossZoneEnergy.Add(crossZone, tag);
                }
            }
        }

        private void WhenDispatched(long sequence, TaskCompletionSource<OrderEntryResult?> completion)
        {
            lock (_owner._gate)
            {
                if (_dispatchedThrough >= sequence)
                {
                    completion.TrySetResult(null);
                }
                else
                {
                    _dispatchWaiters.Add((sequence, completion));
                }
            }
        }

        private void FailWaiting(Exception exception)
        {
            lock (_owner._gate)
            {
                foreach (var flight in _inFlight.Values)
                {
                    flight.Origin?.Completion.TrySetException(exception);
                }

                foreach (var (_, completion) in _dispatchWaiters)
                {
                    completion.TrySetException(exception);
                }

                _inFlight.Clear();
                _dispatchWaiters.Clear();
                _appliedWaiter?.Completion.TrySetException(exception);
            }
        }
    }
}
