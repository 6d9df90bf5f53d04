using System.Runtime.CompilerServices;
using EnergySettlement.Chains;
using EnergySettlement.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergySettlement.Settlement;

/// <summary>
/// Pays settlement batches exactly once, durably: every batch and every step of it is written to the
/// <see cref="ISettlementJournal"/> before the action it enables, so after a crash at any point <see cref="RecoverAsync"/>
/// finishes or re-sends the same transaction — never pays twice, never forgets. While a chain is unreachable its batches
/// wait in the journal and go out oldest first when it returns.
/// </summary>
/// <remarks>
/// <para>Call <see cref="RecoverAsync"/> once at start-up, then <see cref="ProcessAsync"/> periodically (the hosted worker
/// <c>AddSettlement</c> registers does both). Each pass advances every open batch: prepare and record the signed bytes,
/// send them, watch the chain until final, accelerate what is stuck, re-plan what is provably dead (conflicted, failed, or
/// dropped past <see cref="SettlementOptions.DropTimeout"/>) after releasing it through the provider. Receipts are read
/// from the journal with <see cref="WatchReceiptsAsync"/>.</para>
/// <para>Thread-safe. Passes run one at a time. Run one service per journal: a second writer is refused by the journal's
/// keys rather than paying twice, but its chain calls are wasted.</para>
/// </remarks>
public sealed class SettlementService : IDisposable
{
    private const int ReceiptPageSize = 512;

    private readonly ISettlementJournal _journal;
    private readonly ChainProviderRegistry _registry;
    private readonly SettlementOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BatchExecutor _executor;
    private readonly SettlementPlanner _planner;
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly EnergySettlementTelemetry.BatchStateCounts _counts;
    private TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _recovered;

    /// <summary>Creates the service.</summary>
    /// <param name="journal">Where batches and their steps are recorded.</param>
    /// <param name="registry">The chain providers; each batch goes to the one that can pay from its payer.</param>
    /// <param name="options">How batches are executed; validated here (every problem at once).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <param name="planner">Plans the windows <see cref="SettleWindowAsync"/> settles; a planner with default
    /// <see cref="SettlementPlanningOptions"/> (bilateral netting, missing readings held) when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public SettlementService(ISettlementJournal journal, ChainProviderRegistry registry, SettlementOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, SettlementPlanner? planner = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException("Invalid settlement options: " + string.Join(" ", errors), nameof(options));
        }

        _journal = journal;
        _registry = registry;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SettlementService>();
        _planner = planner ?? new SettlementPlanner(new SettlementPlanningOptions(), (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SettlementPlanner>());
        _executor = new BatchExecutor(journal, registry, options, new ChainCallRunner(options, _time, _logger), _time, _logger, OnChanged);
        _counts = EnergySettlementTelemetry.RegisterBatchCounts(this);
    }

    /// <summary>Gets the journal the service records into.</summary>
    public ISettlementJournal Journal => _journal;

    /// <summary>
    /// Settles a window: plans it (reconcile, obligations, netting, routing, batching; see <see cref="SettlementPlanner"/>),
    /// checks that a registered provider can pay every batch, and records the plan — its obligations, batches, carried and
    /// held amounts — in the journal in one write, before anything is signed. The batches go out in the next pass.
    /// Settling a window again with the same request changes nothing and returns the recorded plan, so a host that crashed
    /// between planning and recording (or does not know whether it recorded) simply calls this again.
    /// </summary>
    /// <param name="request">Everything the plan depends on; the same request gives the same plan.</param>
    /// <param name="readingsPosition">The journal position of the last meter reading the request's readings include (see
    /// <see cref="RecordedPlan.ReadingsPosition"/>); 0 when the readings were not read from the journal.</param>
    /// <param name="cancellationToken">Cancels the write (it may still have completed).</param>
    /// <returns>The recorded plan (the one already recorded, when the window was settled before with the same content).</returns>
    /// <exception cref="SettlementPlanningException">The request breaks an input rule (unknown participant, an account on an
    /// unregistered chain, mixed assets, negative money, a period not closed — or <c>AsOf</c> after the service's clock, …);
    /// nothing was recorded.</exception>
    /// <exception cref="UnknownChainException">A batch's payer is on a chain without a provider; nothing was recorded.</exception>
    /// <exception cref="InvalidAddressException">An address is not valid on its chain; nothing was recorded.</exception>
    /// <exception cref="IdempotencyConflictException">The window was settled before with another plan, or the plan consumes a
    /// carried amount another window consumed; nothing was recorded.</exception>
    public async Task<RecordedPlan> SettleWindowAsync(SettlementPlanRequest request, long readingsPosition = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(readingsPosition);
        using var activity = EnergySettlementTelemetry.ActivitySource.StartActivity("settlement.settle_window");
        var now = _time.GetUtcNow();
        var plan = PlanPayable(request, now);
        activity?.SetTag("settlement.window", plan.WindowId.ToString());
        activity?.SetTag("settlement.batches", plan.Batches.Count);
        var record = new RecordedPlan
        {
            Plan = plan,
            PlannedAt = now,
            ReadingsPosition = readingsPosition,
            ReopenedPeriods = request.ReopenedPeriods.OrderBy(p => p.Start).ToArray(),
        };

        // A window recorded before (a retry after a crash or a lost answer) keeps its original planning time.
        if (await _journal.GetPlanAsync(plan.WindowId, cancellationToken).ConfigureAwait(false) is { } existing && existing.Equals(record with { PlannedAt = existing.PlannedAt }))
        {
            return existing;
        }

        await _journal.AppendPlanAsync(record, cancellationToken).ConfigureAwait(false);
        Pulse();
        return await _journal.GetPlanAsync(plan.WindowId, cancellationToken).ConfigureAwait(false) ?? record;
    }

    /// <summary>
    /// Rehearses <see cref="SettleWindowAsync"/> without recording or sending anything: plans the window with the same checks
    /// (and the same exceptions), and — unless the journal already holds the window — quotes every batch on its chain and
    /// compares each payer's balance, where its provider can query balances (<see cref="ChainSettlementProvider.CanQueryBalance"/>),
    /// with what its batches pay plus their estimated fees. For hosts that settle a window only when all of it can be paid
    /// now, and for tools that show a plan before committing to it.
    /// </summary>
    /// <param name="request">The request <see cref="SettleWindowAsync"/> would be given.</param>
    /// <param name="cancellationToken">Cancels the reads and chain queries.</param>
    /// <returns>The plan, the window's recorded plan if there is one, and every problem found.</returns>
    /// <exception cref="SettlementPlanningException">The request breaks an input rule, as for <see cref="SettleWindowAsync"/>.</exception>
    /// <exception cref="UnknownChainException">A batch's payer is on a chain without a provider.</exception>
    /// <exception cref="InvalidAddressException">An address is not valid on its chain.</exception>
    /// <exception cref="ChainUnavailableException">A chain could not be reached for a quote or a balance.</exception>
    /// <remarks>A balance is read once, so the rehearsal is a snapshot: a payer that spends in between can still leave a
    /// batch <see cref="BatchState.Blocked"/> later. Chain calls are made directly, not through the resilience pipeline.</remarks>
    public async Task<SettlementRehearsal> RehearseWindowAsync(SettlementPlanRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = PlanPayable(request, _time.GetUtcNow());
        if (await _journal.GetPlanAsync(plan.WindowId, cancellationToken).ConfigureAwait(false) is { } recorded)
        {
            return new SettlementRehearsal { Plan = plan, Recorded = recorded, Problems = [] };
        }

        var problems = new List<string>();
        var needed = new Dictionary<(SettlementAccount Payer, Asset Asset), (ChainSettlementProvider Provider, Money Amount)>();
        foreach (var planned in plan.Batches)
        {
            var batch = planned.Batch;
            var provider = _registry.GetProviderFor(batch.Payer);
            var quote = await provider.QuoteAsync(batch, cancellationToken).ConfigureAwait(false);
            if (!quote.Fits)
            {
                problems.Add($"Batch {batch.Id} does not fit chain {batch.ChainId}: {quote.Reason}.");
            }

            Add((batch.Payer, batch.Asset), provider, batch.Total);
            Add((batch.Payer, quote.EstimatedFee.Asset), provider, quote.EstimatedFee);
        }

        foreach (var ((payer, asset), (provider, amount)) in needed.OrderBy(n => n.Key.Payer.ToString(), StringComparer.Ordinal).ThenBy(n => n.Key.Asset.Id.ToString(), StringComparer.Ordinal))
        {
            if (!provider.CanQueryBalance)
            {
                continue;
            }

            var balance = await provider.GetBalanceAsync(payer, asset, cancellationToken).ConfigureAwait(false);
            if (balance < amount)
            {
                problems.Add($"{payer} must pay {amount} (payouts and fees) but holds {balance}.");
            }
        }

        return new SettlementRehearsal { Plan = plan, Problems = problems };

        void Add((SettlementAccount, Asset) key, ChainSettlementProvider provider, Money amount) =>
            needed[key] = needed.TryGetValue(key, out var sum) ? (provider, sum.Amount + amount) : (provider, amount);
    }

    /// <summary>
    /// Checks and records batches to pay, as planned; they go out in the next pass. Recording a batch again with the same
    /// content changes nothing. Nothing is recorded unless every batch passes the checks.
    /// </summary>
    /// <param name="batches">The batches; ids must be unique and stable (the id is the idempotency key, also on chain where the chain can carry it).</param>
    /// <param name="cancellationToken">Cancels the write (it may still have completed).</param>
    /// <returns>How many batches were new.</returns>
    /// <exception cref="UnknownChainException">A batch's payer is on a chain without a provider.</exception>
    /// <exception cref="InvalidOperationException">No provider of the chain can pay from a batch's payer.</exception>
    /// <exception cref="InvalidAddressException">The payer's or a payee's address is not valid on its chain.</exception>
    /// <exception cref="ArgumentException">A batch pays an asset its chain's provider does not carry, or an id appears twice.</exception>
    /// <exception cref="IdempotencyConflictException">A batch id is recorded with other payouts; nothing was recorded.</exception>
    public async Task<int> ScheduleAsync(IReadOnlyList<SettlementBatch> batches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var now = _time.GetUtcNow();
        var records = new SettlementBatchRecord[batches.Count];
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i] ?? throw new ArgumentException($"batches[{i}] is null.", nameof(batches));
            CheckPayable(batch);
            records[i] = new SettlementBatchRecord { Batch = batch, PlannedAt = now };
        }

        // A batch already recorded keeps its original planning time: offer the recorded record back, so a repeat is "already exists".
        for (var i = 0; i < records.Length; i++)
        {
            if (await _journal.GetBatchAsync(records[i].Id, cancellationToken).ConfigureAwait(false) is { } existing && existing.Record.Equals(records[i] with { PlannedAt = existing.Record.PlannedAt }))
            {
                records[i] = existing.Record;
            }
        }

        var added = await _journal.AppendBatchesAsync(records, cancellationToken).ConfigureAwait(false);
        Pulse();
        return added;
    }

    /// <summary>
    /// Resumes every unfinished batch after a start: sends each live transaction's recorded bytes again (harmless when the
    /// node has them), re-checks its status, and carries on from there; batches whose transactions are provably dead are
    /// released and re-planned. Call once at start-up before <see cref="ProcessAsync"/>; calling it again runs another
    /// recovery pass.
    /// </summary>
    /// <param name="cancellationToken">Cancels the pass between batches.</param>
    /// <returns>What the pass did.</returns>
    public async Task<SettlementPassResult> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var result = await RunPassAsync(recovering: true, cancellationToken).ConfigureAwait(false);
        _recovered = true;
        return result;
    }

    /// <summary>
    /// Runs one pass over the open batches, oldest first: each advances as far as it can now. Batches of a chain that
    /// cannot be reached are left in the journal, in order, for a later pass. Runs <see cref="RecoverAsync"/> first if it
    /// has not run yet.
    /// </summary>
    /// <param name="cancellationToken">Cancels the pass between batches and steps.</param>
    /// <returns>What the pass did.</returns>
    public Task<SettlementPassResult> ProcessAsync(CancellationToken cancellationToken = default) =>
        _recovered ? RunPassAsync(recovering: false, cancellationToken) : RecoverAsync(cancellationToken);

    /// <summary>Runs passes until every open batch is final or no pass makes progress any more (a chain is down, a batch
    /// blocked, transactions pending): for tests, tools and shutdown drains. A host normally runs the worker instead.</summary>
    /// <param name="maxPasses">The most passes to run; at least 1.</param>
    /// <param name="cancellationToken">Cancels between passes.</param>
    /// <returns>The last pass's result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPasses"/> is less than 1.</exception>
    public async Task<SettlementPassResult> ProcessUntilIdleAsync(int maxPasses = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPasses, 1);
        SettlementPassResult result;
        var passes = 0;
        do
        {
            result = await ProcessAsync(cancellationToken).ConfigureAwait(false);
        }
        while (++passes < maxPasses && result.Advanced > 0 && !result.AllFinal);

        return result;
    }

    /// <summary>Gets a batch's record and every step since, with its current state and transactions.</summary>
    /// <param name="batchId">The batch id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The batch, or <see langword="null"/> when it was never recorded.</returns>
    public Task<BatchHistory?> GetBatchAsync(SettlementBatchId batchId, CancellationToken cancellationToken = default) =>
        _journal.GetBatchAsync(batchId, cancellationToken);

    /// <summary>
    /// Gets a participant's settlement status over the windows starting in [<paramref name="startsFrom"/>,
    /// <paramref name="startsBefore"/>): the gross sums of the obligations it pays and is paid, and every batch with a
    /// leg naming it, with what it pays or receives through the batch and the batch's state in the journal.
    /// </summary>
    /// <param name="participant">The participant.</param>
    /// <param name="startsFrom">The earliest window start (inclusive).</param>
    /// <param name="startsBefore">The window start to stop before (exclusive).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The status; empty sums and no batches when no window in the range names the participant.</returns>
    /// <exception cref="ArgumentException"><paramref name="startsBefore"/> is not after <paramref name="startsFrom"/>.</exception>
    public async Task<ParticipantSettlementStatus> GetParticipantStatusAsync(ParticipantId participant, DateTimeOffset startsFrom, DateTimeOffset startsBefore, CancellationToken cancellationToken = default)
    {
        if (startsBefore <= startsFrom)
        {
            throw new ArgumentException($"The range must end ({startsBefore:O}) after it starts ({startsFrom:O}).", nameof(startsBefore));
        }

        var plans = await _journal.GetPlansForParticipantAsync(participant, startsFrom, startsBefore, cancellationToken).ConfigureAwait(false);
        var owes = new List<Money>();
        var isOwed = new List<Money>();
        var batches = new List<ParticipantBatchStatus>();
        foreach (var recorded in plans)
        {
            foreach (var obligation in recorded.Plan.Obligations)
            {
                if (obligation.Payer == participant)
                {
                    AddTo(owes, obligation.Amount);
                }

                if (obligation.Payee == participant)
                {
                    AddTo(isOwed, obligation.Amount);
                }
            }

            foreach (var planned in recorded.Plan.Batches)
            {
                var asset = planned.Batch.Asset;
                var pays = Money.Zero(asset);
                var receives = Money.Zero(asset);
                var named = false;
                foreach (var leg in planned.Legs)
                {
                    if (leg.Payer == participant)
                    {
                        pays += leg.Amount;
                        named = true;
                    }

                    if (leg.Payee == participant)
                    {
                        receives += leg.Amount;
                        named = true;
                    }
                }

                if (named)
                {
                    var history = await _journal.GetBatchAsync(planned.Id, cancellationToken).ConfigureAwait(false);
                    batches.Add(new ParticipantBatchStatus(recorded.WindowId, planned.Id, pays, receives, history?.State ?? BatchState.Planned));
                }
            }
        }

        return new ParticipantSettlementStatus(participant, owes, isOwed, batches);

        static void AddTo(List<Money> sums, Money amount)
        {
            var index = sums.FindIndex(m => m.Asset == amount.Asset);
            if (index < 0)
            {
                sums.Add(amount);
            }
            else
            {
                sums[index] += amount;
            }
        }
    }

    /// <summary>
    /// Reads receipts recorded after a journal position: <see cref="SettlementReceiptKind.Paid"/> when a batch became
    /// final, <see cref="SettlementReceiptKind.Reversed"/> when a final transaction left the chain.
    /// </summary>
    /// <param name="afterPosition">The last position already handled (0 for every receipt): the <see cref="SettlementReceipt.Position"/> of the last receipt handled.</param>
    /// <param name="maxCount">The most receipts to return; at least 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The receipts, in journal order (empty when none is newer).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is less than 1.</exception>
    public async Task<IReadOnlyList<SettlementReceipt>> GetReceiptsAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var receipts = new List<SettlementReceipt>();
        var cursor = afterPosition;
        while (receipts.Count < maxCount)
        {
            var page = await _journal.GetTransitionsAfterAsync(cursor, ReceiptPageSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            var histories = new Dictionary<SettlementBatchId, BatchHistory?>();
            foreach (var transition in page)
            {
                cursor = transition.Position;
                if (await ReceiptForAsync(transition, histories, cancellationToken).ConfigureAwait(false) is { } receipt)
                {
                    receipts.Add(receipt);
                    if (receipts.Count == maxCount)
                    {
                        break;
                    }
                }
            }
        }

        return receipts;
    }

    /// <summary>
    /// Streams receipts recorded after a journal position, then every new one as it is recorded, until cancelled. Store the
    /// last <see cref="SettlementReceipt.Position"/> handled to resume after a restart without losing or repeating one.
    /// </summary>
    /// <param name="afterPosition">The last position already handled (0 for every receipt).</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The receipts, in journal order.</returns>
    public async IAsyncEnumerable<SettlementReceipt> WatchReceiptsAsync(long afterPosition = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cursor = afterPosition;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Take the signal before reading, so a receipt written between the read and the wait still wakes us.
            var signal = Volatile.Read(ref _pulse).Task;
            var receipts = await GetReceiptsAsync(cursor, ReceiptPageSize, cancellationToken).ConfigureAwait(false);
            foreach (var receipt in receipts)
            {
                cursor = receipt.Position;
                yield return receipt;
            }

            if (receipts.Count == 0)
            {
                // Other processes may write the journal too: look again after the poll interval even without a signal.
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(_options.PollInterval, _time, wake.Token);
                await Task.WhenAny(signal, delay).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Releases the pass lock. Passes in progress must have ended.</summary>
    public void Dispose() => _pass.Dispose();

    /// <summary>Plans a request as <see cref="SettleWindowAsync"/> does: the clock check, the planner, and every batch payable.</summary>
    private SettlementPlan PlanPayable(SettlementPlanRequest request, DateTimeOffset now)
    {
        if (request.AsOf > now)
        {
            // The planner checks the periods ended by AsOf; the clock checks AsOf itself, so no period is settled early.
            throw new SettlementPlanningException(SettlementPlanningError.PeriodNotClosed, $"The request is as of {request.AsOf:O}, after the service's clock ({now:O}): its periods may not have closed.");
        }

        var plan = _planner.Plan(request);
        foreach (var batch in plan.Batches)
        {
            CheckPayable(batch.Batch);
        }

        return plan;
    }

    /// <summary>Checks that a batch can be paid by a registered provider: chain, payer, asset and every address.</summary>
    private void CheckPayable(SettlementBatch batch)
    {
        var provider = _registry.GetProviderFor(batch.Payer);
        if (!provider.Capabilities.Supports(batch.Asset))
        {
            throw new ArgumentException($"Batch {batch.Id} pays {batch.Asset}, which the provider for {batch.ChainId} does not carry.", nameof(batch));
        }

        provider.ValidateAddress(batch.Payer);
        foreach (var payout in batch.Payouts)
        {
            provider.ValidateAddress(payout.Payee);
        }
    }

    private async Task<SettlementPassResult> RunPassAsync(bool recovering, CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var activity = EnergySettlementTelemetry.ActivitySource.StartActivity(recovering ? "settlement.recover" : "settlement.pass");
            var now = _time.GetUtcNow();
            var watchFrom = _options.ReorgWatch == TimeSpan.Zero ? DateTimeOffset.MaxValue : now - _options.ReorgWatch;
            var open = await _journal.GetOpenBatchesAsync(watchFrom, cancellationToken).ConfigureAwait(false);
            if (recovering)
            {
                var unfinished = open.Count(b => b.State != BatchState.Final);
                Log.Recovering(_logger, unfinished);
            }

            var unavailable = new List<ChainId>();
            int advanced = 0, waiting = 0, deferred = 0, failed = 0;
            var journalDown = false;
            var after = new List<BatchHistory>(open.Count);
            foreach (var batch in open)
            {
                if (journalDown || unavailable.Contains(batch.Batch.ChainId))
                {
                    // Keep the chain's batches in order: none goes out before an older one that could not.
                    deferred++;
                    after.Add(batch);
                    continue;
                }

                BatchAdvance advance;
                try
                {
                    advance = await _executor.AdvanceAsync(batch, recovering, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.PassFailed(_logger, $"batch {batch.Id}: {ex.Message}", ex);
                    failed++;
                    after.Add(batch);
                    continue;
                }

                after.Add(advance.History);
                switch (advance.Result)
                {
                    case BatchAdvanceResult.Advanced:
                        advanced++;
                        break;
                    case BatchAdvanceResult.Waiting:
                        waiting++;
                        break;
                    case BatchAdvanceResult.ChainUnavailable:
                        deferred++;
                        unavailable.Add(batch.Batch.ChainId);
                        break;
                    case BatchAdvanceResult.JournalUnavailable:
                        failed++;
                        journalDown = true;
                        break;
                    default:
                        failed++;
                        break;
                }
            }

            var counts = new Dictionary<(ChainId, BatchState), long>();
            var states = new Dictionary<BatchState, int>();
            foreach (var batch in after)
            {
                var key = (batch.Batch.ChainId, batch.State);
                counts[key] = counts.GetValueOrDefault(key) + 1;
                states[batch.State] = states.GetValueOrDefault(batch.State) + 1;
            }

            _counts.Publish(counts);
            activity?.SetTag("settlement.batches", open.Count);
            activity?.SetTag("settlement.advanced", advanced);
            Log.PassCompleted(_logger, open.Count, advanced, waiting, deferred, failed);
            return new SettlementPassResult
            {
                Batches = open.Count,
                Advanced = advanced,
                Waiting = waiting,
                Deferred = deferred,
                Failed = failed,
                UnavailableChains = unavailable,
                JournalUnavailable = journalDown,
                States = states,
            };
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<SettlementReceipt?> ReceiptForAsync(BatchTransition transition, Dictionary<SettlementBatchId, BatchHistory?> histories, CancellationToken cancellationToken)
    {
        var becameFinal = transition.State == BatchState.Final;
        if (!becameFinal && transition.Kind != BatchTransitionKind.Observed)
        {
            return null;
        }

        if (!histories.TryGetValue(transition.BatchId, out var history))
        {
            history = await _journal.GetBatchAsync(transition.BatchId, cancellationToken).ConfigureAwait(false);
            histories[transition.BatchId] = history;
        }

        if (history is null || transition.Sequence > history.Transitions.Count)
        {
            return null;
        }

        var previous = transition.Sequence == 1 ? BatchState.Planned : history.Transitions[transition.Sequence - 2].State;
        SettlementReceiptKind kind;
        if (becameFinal && previous != BatchState.Final)
        {
            kind = SettlementReceiptKind.Paid;
        }
        else if (!becameFinal && previous == BatchState.Final)
        {
            kind = SettlementReceiptKind.Reversed;
        }
        else
        {
            return null;
        }

        return new SettlementReceipt
        {
            Position = transition.Position,
            Kind = kind,
            Batch = history.Batch,
            TransactionId = transition.TransactionId ?? default,
            BlockHash = kind == SettlementReceiptKind.Paid ? transition.BlockHash : null,
            BlockNumber = kind == SettlementReceiptKind.Paid ? transition.BlockNumber : null,
            Confirmations = transition.Confirmations,
            At = transition.At,
            Attempt = transition.Attempt,
        };
    }

    private void OnChanged(BatchHistory before, BatchHistory after)
    {
        var chain = new KeyValuePair<string, object?>("chain.id", after.Batch.ChainId.ToString());
        if (after.State == BatchState.Final && before.State != BatchState.Final)
        {
            var total = after.Batch.Total;
            EnergySettlementTelemetry.AmountSettled.Add((double)total.Amount / (double)total.Asset.UnitsPerWhole, chain, new KeyValuePair<string, object?>("asset", total.Asset.Id.ToString()));
            if (after.SettledBy?.FirstSubmittedAt is { } sent && after.FinalAt is { } final)
            {
                EnergySettlementTelemetry.TimeToFinality.Record((final - sent).TotalSeconds, chain);
            }
        }
        else if (before.State == BatchState.Final && after.State != BatchState.Final)
        {
            EnergySettlementTelemetry.Reversals.Add(1, chain);
        }

        Pulse();
    }

    private void Pulse() => Interlocked.Exchange(ref _pulse, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
