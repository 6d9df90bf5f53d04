using System.Globalization;
using System.Runtime.InteropServices;
using EnergySettlement.Chains;
using EnergySettlement.Trading;
using static EnergySettlement.Settlement.SettlementJournalRules;

namespace EnergySettlement.Settlement;

/// <summary>
/// An <see cref="ISettlementJournal"/> in process memory, for tests and simulations. Nothing survives the process: use
/// the SQLite or PostgreSQL journal in production.
/// </summary>
/// <remarks>
/// <para>Keeps every rule of the contract (idempotent keys, conflicts, no gaps, all-or-none writes, positions). Thread-safe: every member takes one lock.</para>
/// <para>Appending a plan costs about one hash-set insert per obligation (its id): obligations are indexed per plan, by
/// (market, period) ranges of the plan's own list, and the participants a plan names are collected the first time
/// <see cref="GetPlansForParticipantAsync"/> reaches the plan. A plan's lists are kept as given, so they must not change
/// after the plan is appended (<see cref="SettlementPlan"/> is immutable once built).</para>
/// </remarks>
public sealed class InMemorySettlementJournal : ISettlementJournal
{
    private readonly object _gate = new();
    private readonly Dictionary<MeterId, SortedList<DateTimeOffset, List<RecordedReading>>> _readingsByMeter = [];
    private readonly Dictionary<DateTimeOffset, SortedSet<string>> _metersByPeriodStart = [];
    private readonly List<RecordedReading> _readingLog = [];
    private readonly Dictionary<TradeId, Trade> _trades = [];
    private readonly Dictionary<(MarketId Market, DeliveryPeriod Period), List<Trade>> _tradesByPeriod = [];
    private readonly Dictionary<SettlementBatchId, BatchEntry> _batches = [];
    private readonly Dictionary<long, BatchEntry> _byPosition = [];
    private readonly SortedDictionary<long, BatchEntry> _notFinal = [];
    private readonly SortedSet<(DateTimeOffset LastAt, long Position)> _final = [];
    private readonly List<BatchTransition> _transitionLog = [];
    private readonly Dictionary<SettlementWindowId, RecordedPlan> _plans = [];
    private readonly Dictionary<MarketId, RecordedPlan> _latestPlan = [];
    private readonly Dictionary<(MarketId Market, DeliveryPeriod Period), List<RecordedPlan>> _plansByPeriod = [];

    // Obligations are indexed per plan, not per obligation: the id set (the idempotency key) holds one entry each, the
    // period index one run of the plan's own list per (market, period), the participant query one lazily built set per plan.
    private readonly HashSet<ObligationId> _obligationIds = [];
    private readonly Dictionary<(MarketId Market, DeliveryPeriod Period), List<ObligationRun>> _obligationsByPeriod = [];
    private readonly List<PlanEntry> _planLog = [];
    private readonly Dictionary<CarriedAmountId, (CarriedAmount Amount, MarketId Market)> _carried = [];
    private readonly Dictionary<MarketId, SortedDictionary<(long Position, int Index), CarriedAmountId>> _openCarried = [];
    private int _obligationIdCapacity;
    private long _position;

    /// <inheritdoc />
    public Task<JournalWriteOutcome> AppendReadingAsync(RecordedReading reading, CancellationToken cancellationToken = default)
    {
        CheckReading(reading, nameof(reading));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var revisions = RevisionsOf(reading);
            if (reading.Revision < revisions.Count)
            {
                return Task.FromResult(AlreadyExistsOrConflict(revisions.List![reading.Revision], reading, "meter reading", ReadingKey(reading)));
            }

            if (reading.Revision != revisions.Count)
            {
                throw RevisionGap(reading, revisions.Count, nameof(reading));
            }

            AddReading(reading);
            return Task.FromResult(JournalWriteOutcome.Added);
        }
    }

    /// <inheritdoc />
    public Task<int> AppendReadingsAsync(IReadOnlyList<RecordedReading> readings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readings);
        cancellationToken.ThrowIfCancellationRequested();
        var keys = new HashSet<(MeterId Meter, DateTimeOffset Start, int Revision)>(readings.Count);
        foreach (var reading in readings)
        {
            CheckReading(reading, nameof(readings));
            if (!keys.Add((reading.Meter, reading.Period.Start, reading.Revision)))
            {
                throw new ArgumentException($"Meter reading {ReadingKey(reading)} appears twice in one write.", nameof(readings));
            }
        }

        lock (_gate)
        {
            // Check every reading, in list order, before adding any: anything refused writes nothing. A reading sees the
            // revisions the list's earlier readings add.
            var added = new Dictionary<(MeterId Meter, DateTimeOffset Start), int>();
            var fresh = new List<RecordedReading>(readings.Count);
            foreach (var reading in readings)
            {
                var revisions = RevisionsOf(reading);
                if (reading.Revision < revisions.Count)
                {
                    AlreadyExistsOrConflict(revisions.List![reading.Revision], reading, "meter reading", ReadingKey(reading));
                    continue;
                }

                var key = (reading.Meter, reading.Period.Start);
                var total = revisions.Count + added.GetValueOrDefault(key);
                if (reading.Revision != total)
                {
                    throw RevisionGap(reading, total, nameof(readings));
                }

                added[key] = total - revisions.Count + 1;
                fresh.Add(reading);
            }

            foreach (var reading in fresh)
            {
                AddReading(reading);
            }

            return Task.FromResult(fresh.Count);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RecordedReading>> GetReadingRevisionsAsync(MeterId meter, DateTimeOffset periodStart, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<RecordedReading> found = _readingsByMeter.TryGetValue(meter, out var byPeriod) && byPeriod.TryGetValue(periodStart, out var revisions)
                ? revisions.ToArray()
                : [];
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task<ReadingNeighbours> FindNeighbourReadingsAsync(MeterId meter, DateTimeOffset periodStart, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_readingsByMeter.TryGetValue(meter, out var byPeriod) || byPeriod.Count == 0)
            {
                return Task.FromResult(new ReadingNeighbours(null, null));
            }

            // Binary search for the first recorded period that starts at or after the asked one.
            var keys = byPeriod.Keys;
            int lo = 0, hi = keys.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (keys[mid] < periodStart)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            var before = lo > 0 ? byPeriod.Values[lo - 1][^1] : null;
            var afterIndex = lo < keys.Count && keys[lo] == periodStart ? lo + 1 : lo;
            var after = afterIndex < keys.Count ? byPeriod.Values[afterIndex][^1] : null;
            return Task.FromResult(new ReadingNeighbours(before, after));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RecordedReading>> GetLatestReadingsAsync(DeliveryPeriod period, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var found = new List<RecordedReading>();
            if (_metersByPeriodStart.TryGetValue(period.Start, out var meters))
            {
                foreach (var meter in meters)
                {
                    var latest = _readingsByMeter[new MeterId(meter)][period.Start][^1];
                    if (latest.Period == period)
                    {
                        found.Add(latest);
                    }
                }
            }

            return Task.FromResult<IReadOnlyList<RecordedReading>>(found);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RecordedReading>> GetReadingsAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<RecordedReading>>(After(_readingLog, afterPosition, maxCount, static r => r.Position));
        }
    }

    /// <inheritdoc />
    public Task<int> AppendTradesAsync(IReadOnlyList<Trade> trades, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trades);
        cancellationToken.ThrowIfCancellationRequested();
        var ids = new HashSet<TradeId>();
        foreach (var trade in trades)
        {
            ArgumentNullException.ThrowIfNull(trade, nameof(trades));
            if (!ids.Add(trade.Id))
            {
                throw new ArgumentException($"Trade {trade.Id} appears twice in one write.", nameof(trades));
            }
        }

        lock (_gate)
        {
            // Check everything first: a conflict anywhere writes nothing.
            var added = new List<Trade>();
            foreach (var trade in trades)
            {
                if (_trades.TryGetValue(trade.Id, out var existing))
                {
                    AlreadyExistsOrConflict(existing, trade, "trade", trade.Id.Value);
                }
                else
                {
                    added.Add(trade);
                }
            }

            foreach (var trade in added)
            {
                _trades.Add(trade.Id, trade);
                var key = (trade.Market, trade.Period);
                if (!_tradesByPeriod.TryGetValue(key, out var list))
                {
                    list = [];
                    _tradesByPeriod.Add(key, list);
                }

                list.Add(trade);
            }

            return Task.FromResult(added.Count);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Trade>> GetTradesAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<Trade> found = _tradesByPeriod.TryGetValue((market, period), out var list) ? list.ToArray() : [];
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task<JournalWriteOutcome> AppendPlanAsync(RecordedPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        cancellationToken.ThrowIfCancellationRequested();
        var p = plan.Plan;
        var market = plan.Market;
        var windowId = plan.WindowId;
        var obligations = Items(p.Obligations);
        lock (_gate)
        {
            if (_plans.TryGetValue(windowId, out var existing))
            {
                return Task.FromResult(AlreadyExistsOrConflict(existing, plan, "settlement plan", windowId.Value));
            }

            // Check everything first: a refusal anywhere writes nothing. The obligation ids are claimed while they are
            // checked (one hash lookup each) and given back when anything is refused.
            CheckNewBatches(p, windowId);
            var runs = ClaimObligationIds(obligations, windowId);
            try
            {
                CheckCarriedAmounts(plan, market, windowId);
            }
            catch
            {
                ReleaseObligationIds(obligations, obligations.Length);
                throw;
            }

            // Nothing below can fail.
            var stored = plan with { Position = ++_position };
            _plans.Add(windowId, stored);
            _latestPlan[market] = stored;
            foreach (var period in stored.Periods)
            {
                AddTo(_plansByPeriod, (market, period), stored);
            }

            _planLog.Add(new PlanEntry(stored));
            foreach (var run in runs)
            {
                AddTo(_obligationsByPeriod, (run.Market, run.Period), new ObligationRun(p.Obligations, run.Start, run.Count));
            }

            foreach (var id in p.ConsumedCarriedAmounts)
            {
                var (amount, _) = _carried[id];
                _carried[id] = (amount.ConsumedIn(windowId), market);
                var open = _openCarried[market];
                foreach (var (key, value) in open)
                {
                    if (value == id)
                    {
                        open.Remove(key);
                        break;
                    }
                }
            }

            for (var i = 0; i < p.CarriedForward.Count; i++)
            {
                var carried = p.CarriedForward[i];
                _carried.Add(carried.Id, (carried, market));
                if (carried.ConsumedBy is null)
                {
                    if (!_openCarried.TryGetValue(market, out var open))
                    {
                        open = [];
                        _openCarried.Add(market, open);
                    }

                    open.Add((stored.Position, i), carried.Id);
                }
            }

            foreach (var batch in p.Batches)
            {
                AddBatch(new SettlementBatchRecord { Batch = batch.Batch, PlannedAt = plan.PlannedAt, Window = windowId });
            }

            return Task.FromResult(JournalWriteOutcome.Added);
        }
    }

    /// <inheritdoc />
    public Task<RecordedPlan?> GetPlanAsync(SettlementWindowId window, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_plans.GetValueOrDefault(window));
        }
    }

    /// <inheritdoc />
    public Task<RecordedPlan?> GetLatestPlanAsync(MarketId market, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_latestPlan.GetValueOrDefault(market));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RecordedPlan>> GetPlansCoveringAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<RecordedPlan> found = _plansByPeriod.TryGetValue((market, period), out var plans) ? plans.ToArray() : [];
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RecordedPlan>> GetPlansForParticipantAsync(ParticipantId participant, DateTimeOffset startsFrom, DateTimeOffset startsBefore, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // Plans in position order; a plan's set of names is built the first time a query reaches it.
            var found = new List<RecordedPlan>();
            foreach (var entry in _planLog)
            {
                var start = entry.Plan.Window.Start;
                if (start >= startsFrom && start < startsBefore && entry.Names(participant))
                {
                    found.Add(entry.Plan);
                }
            }

            return Task.FromResult<IReadOnlyList<RecordedPlan>>(found);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Obligation>> GetObligationsAsync(MarketId market, DeliveryPeriod period, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_obligationsByPeriod.TryGetValue((market, period), out var runs))
            {
                return Task.FromResult<IReadOnlyList<Obligation>>([]);
            }

            var count = 0;
            foreach (var run in runs)
            {
                count += run.Count;
            }

            var found = new Obligation[count];
            var next = 0;
            foreach (var run in runs)
            {
                for (var i = run.Start; i < run.Start + run.Count; i++)
                {
                    found[next++] = run.Obligations[i];
                }
            }

            return Task.FromResult<IReadOnlyList<Obligation>>(found);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CarriedAmount>> GetOpenCarriedAmountsAsync(MarketId market, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<CarriedAmount> found = _openCarried.TryGetValue(market, out var open) ? open.Values.Select(id => _carried[id].Amount).ToArray() : [];
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HeldTrade>> GetHeldTradesAsync(MarketId market, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var held = new List<HeldTrade>();
            foreach (var ((m, period), plans) in _plansByPeriod)
            {
                if (m == market)
                {
                    held.AddRange(plans[^1].Plan.HeldTrades.Where(h => h.Period == period));
                }
            }

            held.Sort(static (a, b) =>
            {
                var byPeriod = a.Period.CompareTo(b.Period);
                return byPeriod != 0 ? byPeriod : string.CompareOrdinal(a.Trade.Id.Value, b.Trade.Id.Value);
            });
            return Task.FromResult<IReadOnlyList<HeldTrade>>(held);
        }
    }

    /// <inheritdoc />
    public Task<int> AppendBatchesAsync(IReadOnlyList<SettlementBatchRecord> batches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        cancellationToken.ThrowIfCancellationRequested();
        var ids = new HashSet<SettlementBatchId>();
        foreach (var batch in batches)
        {
            ArgumentNullException.ThrowIfNull(batch, nameof(batches));
            if (!ids.Add(batch.Id))
            {
                throw new ArgumentException($"Batch {batch.Id} appears twice in one write.", nameof(batches));
            }
        }

        lock (_gate)
        {
            var added = new List<SettlementBatchRecord>();
            foreach (var batch in batches)
            {
                if (_batches.TryGetValue(batch.Id, out var existing))
                {
                    AlreadyExistsOrConflict(existing.Record, batch, "settlement batch", batch.Id.Value);
                }
                else
                {
                    added.Add(batch);
                }
            }

            foreach (var batch in added)
            {
                AddBatch(batch);
            }

            return Task.FromResult(added.Count);
        }
    }

    /// <inheritdoc />
    public Task<JournalWriteOutcome> AppendTransitionAsync(BatchTransition transition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transition);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_batches.TryGetValue(transition.BatchId, out var entry))
            {
                throw new InvalidOperationException($"Batch {transition.BatchId} is not recorded; record the batch before its transitions.");
            }

            var count = entry.Transitions.Count;
            if (transition.Sequence >= 1 && transition.Sequence <= count)
            {
                return Task.FromResult(AlreadyExistsOrConflict(entry.Transitions[transition.Sequence - 1], transition, "batch transition", TransitionKey(transition)));
            }

            if (transition.Sequence != count + 1)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Transition {transition.Sequence} of batch {transition.BatchId} would leave a gap: {count} transition(s) are recorded, so the next is {count + 1}."),
                    nameof(transition));
            }

            var stored = transition with { Position = ++_position };
            var history = new BatchHistory(entry.Record, [.. entry.Transitions, stored]);
            if (entry.History.State == BatchState.Final)
            {
                _final.Remove((entry.History.LastChangedAt, entry.Record.Position));
            }
            else
            {
                _notFinal.Remove(entry.Record.Position);
            }

            entry.Transitions.Add(stored);
            entry.History = history;
            if (history.State == BatchState.Final)
            {
                _final.Add((history.LastChangedAt, entry.Record.Position));
            }
            else
            {
                _notFinal.Add(entry.Record.Position, entry);
            }

            _transitionLog.Add(stored);
            return Task.FromResult(JournalWriteOutcome.Added);
        }
    }

    /// <inheritdoc />
    public Task<BatchHistory?> GetBatchAsync(SettlementBatchId batchId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_batches.TryGetValue(batchId, out var entry) ? entry.History : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BatchHistory>> GetOpenBatchesAsync(DateTimeOffset finalizedSince, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var open = new SortedDictionary<long, BatchHistory>();
            foreach (var (position, entry) in _notFinal)
            {
                open.Add(position, entry.History);
            }

            foreach (var (_, position) in _final.GetViewBetween((finalizedSince, long.MinValue), (DateTimeOffset.MaxValue, long.MaxValue)))
            {
                open.Add(position, _byPosition[position].History);
            }

            return Task.FromResult<IReadOnlyList<BatchHistory>>(open.Values.ToArray());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BatchTransition>> GetTransitionsAfterAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<BatchTransition>>(After(_transitionLog, afterPosition, maxCount, static t => t.Position));
        }
    }

    private static void AddTo<TKey, TValue>(Dictionary<TKey, List<TValue>> index, TKey key, TValue value)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index.Add(key, list);
        }

        list.Add(value);
    }

    /// <summary>The items of a plan's list as a span: the list's own storage when it is an array or a <see cref="List{T}"/>.</summary>
    private static ReadOnlySpan<T> Items<T>(IReadOnlyList<T> list) =>
        list switch
        {
            T[] array => array,
            List<T> items => CollectionsMarshal.AsSpan(items),
            _ => list.ToArray(),
        };

    /// <summary>Refuses a plan whose batch ids are recorded already or repeat within the plan. Caller holds the lock.</summary>
    private void CheckNewBatches(SettlementPlan p, SettlementWindowId window)
    {
        HashSet<SettlementBatchId>? seen = p.Batches.Count > 1 ? new(p.Batches.Count) : null;
        foreach (var batch in p.Batches)
        {
            if (_batches.ContainsKey(batch.Id))
            {
                throw new IdempotencyConflictException("settlement batch", batch.Id.Value, $"Batch {batch.Id} of window {window} is already recorded; a batch id names one batch of one window.");
            }

            if (seen is not null && !seen.Add(batch.Id))
            {
                throw new IdempotencyConflictException("settlement batch", batch.Id.Value, $"Batch {batch.Id} appears twice in the plan of window {window}; a batch id names one batch of one window.");
            }
        }
    }

    /// <summary>Refuses a plan whose new carried amounts are recorded already (or repeat within it), or that consumes one the
    /// journal does not hold open for its market. Caller holds the lock.</summary>
    private void CheckCarriedAmounts(RecordedPlan plan, MarketId market, SettlementWindowId window)
    {
        var p = plan.Plan;
        HashSet<CarriedAmountId>? seen = p.CarriedForward.Count > 1 ? new(p.CarriedForward.Count) : null;
        foreach (var carried in p.CarriedForward)
        {
            if (_carried.ContainsKey(carried.Id) || (seen is not null && !seen.Add(carried.Id)))
            {
                throw new IdempotencyConflictException("carried amount", carried.Id.Value, $"Carried amount {carried.Id} of window {window} is already recorded.");
            }
        }

        foreach (var id in p.ConsumedCarriedAmounts)
        {
            if (!_carried.TryGetValue(id, out var held) || held.Market != market)
            {
                throw new ArgumentException($"Window {window} consumes carried amount {id}, which the journal does not hold for market {market}.", nameof(plan));
            }

            if (held.Amount.ConsumedBy is { } by)
            {
                throw new IdempotencyConflictException("carried amount", id.Value, $"Carried amount {id} was already consumed by window {by}; window {window} cannot consume it again.");
            }
        }
    }

    /// <summary>
    /// Adds every obligation id of a plan to the id set, or none: on an id recorded by an earlier window (or twice in the
    /// plan) the ids added so far are removed and the plan refused. Returns the plan's runs of obligations of one (market,
    /// period), in order. Caller holds the lock.
    /// </summary>
    private List<(MarketId Market, DeliveryPeriod Period, int Start, int Count)> ClaimObligationIds(ReadOnlySpan<Obligation> obligations, SettlementWindowId window)
    {
        // Grow geometrically: growing to the exact need would rehash every recorded id on each plan.
        var needed = _obligationIds.Count + obligations.Length;
        if (needed > _obligationIdCapacity)
        {
            _obligationIdCapacity = _obligationIds.EnsureCapacity(Math.Max(needed, 2 * _obligationIds.Count));
        }

        var runs = new List<(MarketId Market, DeliveryPeriod Period, int Start, int Count)>(1);
        var runStart = 0;
        for (var i = 0; i < obligations.Length; i++)
        {
            var obligation = obligations[i];
            if (obligation is null)
            {
                ReleaseObligationIds(obligations, i);
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Obligation {i} of the plan of window {window} is null."), nameof(obligations));
            }

            if (!_obligationIds.Add(obligation.Id))
            {
                ReleaseObligationIds(obligations, i);
                var id = obligation.Id;
                throw new IdempotencyConflictException(
                    "obligation",
                    id.Value,
                    _obligationIds.Contains(id)
                        ? $"Obligation {id} of window {window} is already recorded by an earlier window; an obligation is settled once."
                        : $"Obligation {id} appears twice in the plan of window {window}; an obligation is settled once.");
            }

            var first = obligations[runStart];
            if (i > runStart && (obligation.Period != first.Period || obligation.Market != first.Market))
            {
                runs.Add((first.Market, first.Period, runStart, i - runStart));
                runStart = i;
            }
        }

        if (obligations.Length > 0)
        {
            runs.Add((obligations[runStart].Market, obligations[runStart].Period, runStart, obligations.Length - runStart));
        }

        return runs;
    }

    /// <summary>Removes the ids of the first <paramref name="count"/> obligations, which <see cref="ClaimObligationIds"/> added.</summary>
    private void ReleaseObligationIds(ReadOnlySpan<Obligation> obligations, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _obligationIds.Remove(obligations[i].Id);
        }
    }

    /// <summary>Records a new batch. Caller holds the lock and has checked the id is new.</summary>
    private void AddBatch(SettlementBatchRecord batch)
    {
        var entry = new BatchEntry(batch with { Position = ++_position });
        _batches.Add(batch.Id, entry);
        _byPosition.Add(entry.Record.Position, entry);
        _notFinal.Add(entry.Record.Position, entry);
    }

    /// <summary>How many revisions of the reading's meter and period are recorded, and the list of them (null when none);
    /// call under the lock.</summary>
    private (int Count, List<RecordedReading>? List) RevisionsOf(RecordedReading reading) =>
        _readingsByMeter.TryGetValue(reading.Meter, out var byPeriod) && byPeriod.TryGetValue(reading.Period.Start, out var revisions)
            ? (revisions.Count, revisions)
            : (0, null);

    /// <summary>Adds a checked new revision with the next position; call under the lock.</summary>
    private void AddReading(RecordedReading reading)
    {
        if (!_readingsByMeter.TryGetValue(reading.Meter, out var byPeriod))
        {
            byPeriod = [];
            _readingsByMeter.Add(reading.Meter, byPeriod);
        }

        var start = reading.Period.Start;
        if (!byPeriod.TryGetValue(start, out var revisions))
        {
            revisions = [];
            byPeriod.Add(start, revisions);
        }

        var stored = reading with { Position = ++_position };
        revisions.Add(stored);
        if (!_metersByPeriodStart.TryGetValue(start, out var meters))
        {
            meters = new SortedSet<string>(StringComparer.Ordinal);
            _metersByPeriodStart.Add(start, meters);
        }

        meters.Add(reading.Meter.Value);
        _readingLog.Add(stored);
    }

    private static T[] After<T>(List<T> log, long afterPosition, int maxCount, Func<T, long> position)
    {
        // Positions increase along the log: binary search for the first one past afterPosition.
        int lo = 0, hi = log.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (position(log[mid]) <= afterPosition)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var count = Math.Min(maxCount, log.Count - lo);
        return log.GetRange(lo, count).ToArray();
    }

    /// <summary>Obligations <see cref="Start"/> to <see cref="Start"/> + <see cref="Count"/> of a plan's list: one (market,
    /// period)'s share of the plan, held as a range of the plan's own list rather than copied.</summary>
    private readonly record struct ObligationRun(IReadOnlyList<Obligation> Obligations, int Start, int Count);

    /// <summary>A recorded plan and, once a participant query has asked, the set of participants it names.</summary>
    private sealed class PlanEntry(RecordedPlan plan)
    {
        private HashSet<ParticipantId>? _names;

        public RecordedPlan Plan { get; } = plan;

        /// <summary>Whether an obligation, a leg or a carried amount of the plan names the participant. Caller holds the lock.</summary>
        public bool Names(ParticipantId participant) => (_names ??= Collect(Plan.Plan)).Contains(participant);

        private static HashSet<ParticipantId> Collect(SettlementPlan p)
        {
            var names = new HashSet<ParticipantId>();
            foreach (var obligation in Items(p.Obligations))
            {
                names.Add(obligation.Payer);
                names.Add(obligation.Payee);
            }

            foreach (var leg in p.Legs)
            {
                names.Add(leg.Payer);
                names.Add(leg.Payee);
            }

            foreach (var carried in p.CarriedForward)
            {
                names.Add(carried.Payer);
                names.Add(carried.Payee);
            }

            return names;
        }
    }

    private sealed class BatchEntry(SettlementBatchRecord record)
    {
        public SettlementBatchRecord Record { get; } = record;

        public List<BatchTransition> Transitions { get; } = [];

        public BatchHistory History { get; set; } = new(record, []);
    }
}
