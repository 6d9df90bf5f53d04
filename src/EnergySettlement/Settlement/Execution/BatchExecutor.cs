using System.Diagnostics;
using EnergySettlement.Chains;
using EnergySettlement.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Settlement;

/// <summary>
/// Moves one batch through its states, writing each state to the journal before the action it enables: prepare →
/// record the signed bytes → send them → watch the chain → final; a stuck transaction is accelerated (journaled before it
/// is sent); transactions that are provably dead are released and the batch re-planned under the same id.
/// </summary>
/// <remarks>
/// Stateless between calls: everything it knows comes from the <see cref="BatchHistory"/> it is given, so it resumes any
/// batch after a crash. One batch must not be advanced by two callers at once (the journal's sequence keys would refuse
/// the second writer's steps, but the chain calls may already have run). Thread-safe for different batches.
/// </remarks>
internal sealed class BatchExecutor
{
    /// <summary>The most steps one batch takes in one pass (prepare, record, send, observe, accelerate, …): a bound, so no
    /// refusal loop can spin.</summary>
    private const int MaxStepsPerPass = 16;

    private readonly ISettlementJournal _journal;
    private readonly ChainProviderRegistry _registry;
    private readonly SettlementOptions _options;
    private readonly ChainCallRunner _chains;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<BatchHistory, BatchHistory> _changed;

    /// <summary>Creates the executor.</summary>
    /// <param name="journal">Where each step is written before the action it enables.</param>
    /// <param name="registry">Finds the provider that pays from a batch's payer.</param>
    /// <param name="options">Timeouts and limits.</param>
    /// <param name="chains">Runs chain calls through their resilience pipelines.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="changed">Called after every durable transition with the batch's history before and after it.</param>
    public BatchExecutor(ISettlementJournal journal, ChainProviderRegistry registry, SettlementOptions options, ChainCallRunner chains, TimeProvider time, ILogger logger, Action<BatchHistory, BatchHistory> changed)
    {
        _journal = journal;
        _registry = registry;
        _options = options;
        _chains = chains;
        _time = time;
        _logger = logger;
        _changed = changed;
    }

    /// <summary>Advances a batch as far as it can go now.</summary>
    /// <param name="history">The batch as the journal holds it.</param>
    /// <param name="recovering">Whether this is the first pass after a start: every live transaction is sent again (the same bytes).</param>
    /// <param name="cancellationToken">Cancels the work between steps.</param>
    /// <returns>How far it got.</returns>
    public async Task<BatchAdvance> AdvanceAsync(BatchHistory history, bool recovering, CancellationToken cancellationToken)
    {
        using var activity = EnergySettlementTelemetry.ActivitySource.StartActivity("settlement.batch");
        activity?.SetTag("batch.id", history.Id.Value);
        activity?.SetTag("chain.id", history.Batch.ChainId.ToString());
        ChainSettlementProvider provider;
        try
        {
            provider = _registry.GetProviderFor(history.Batch.Payer);
        }
        catch (Exception ex) when (ex is UnknownChainException or InvalidOperationException)
        {
            Log.NoProvider(_logger, history.Id, ex.Message);
            return new BatchAdvance(history, BatchAdvanceResult.Failed);
        }

        var run = new Run(this, provider, history, recovering);
        var result = BatchAdvanceResult.Waiting;
        try
        {
            for (var step = 0; step < MaxStepsPerPass; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var next = await run.StepAsync(cancellationToken).ConfigureAwait(false);
                if (next == Step.Continue)
                {
                    result = BatchAdvanceResult.Advanced;
                    continue;
                }

                result = next == Step.Unavailable ? BatchAdvanceResult.ChainUnavailable : run.Appended ? BatchAdvanceResult.Advanced : BatchAdvanceResult.Waiting;
                break;
            }
        }
        catch (HaltException halt)
        {
            result = halt.Result;
        }

        activity?.SetTag("batch.state", run.History.State.ToString());
        activity?.SetTag("settlement.result", result.ToString());
        return new BatchAdvance(run.History, result);
    }

    /// <summary>The batch state its transactions imply (for every state but <see cref="BatchState.Planned"/> and
    /// <see cref="BatchState.Blocked"/>, which only the service decides).</summary>
    internal static BatchState Derive(BatchHistory history)
    {
        var attempt = history.Attempt;
        var paying = history.Transactions.Where(t => t.Attempt == attempt && t.PaysBatch).ToArray();
        if (paying.Any(t => !t.IsReleased && t.ChainState == SettlementState.Final))
        {
            return BatchState.Final;
        }

        if (paying.Any(t => !t.IsReleased && t.ChainState == SettlementState.Included))
        {
            return BatchState.Included;
        }

        var live = paying.Where(t => !t.IsDead).ToArray();
        if (live.Length == 0)
        {
            return BatchState.Dead;
        }

        return live.Any(t => t.FirstSubmittedAt is not null) ? BatchState.Submitted : BatchState.Prepared;
    }

    private enum Step
    {
        Continue,
        Waiting,
        Unavailable,
    }

    /// <summary>One batch's run in one pass.</summary>
    private sealed class Run(BatchExecutor owner, ChainSettlementProvider provider, BatchHistory history, bool recovering)
    {
        private readonly HashSet<ChainTransactionId> _resent = [];

        public BatchHistory History { get; private set; } = history;

        public bool Appended { get; private set; }

        private SettlementBatch Batch => History.Batch;

        private ChainId Chain => History.Batch.ChainId;

        private DateTimeOffset Now => owner._time.GetUtcNow();

        public Task<Step> StepAsync(CancellationToken cancellationToken) => History.State switch
        {
            BatchState.Planned => PrepareAsync(cancellationToken),
            BatchState.Blocked => Now < BlockedUntil() ? Task.FromResult(Step.Waiting) : PrepareAsync(cancellationToken),
            BatchState.Dead => ReleaseAndReplanAsync(cancellationToken),
            BatchState.Final => WatchFinalAsync(cancellationToken),
            _ => TrackAsync(cancellationToken),
        };

        private async Task<Step> PrepareAsync(CancellationToken cancellationToken)
        {
            PreparedTransaction transaction;
            try
            {
                var call = await owner._chains.RunAsync(Chain, "prepare", ct => provider.PrepareAsync(Batch, ct), cancellationToken).ConfigureAwait(false);
                if (!call.IsAvailable)
                {
                    return Unavailable("prepare", call.Unavailable!);
                }

                transaction = call.Value!;
            }
            catch (Exception ex) when (IsRefusal(ex))
            {
                await BlockAsync($"{ex.GetType().Name}: {ex.Message}", cancellationToken).ConfigureAwait(false);
                return Step.Waiting;
            }

            if (transaction.BatchId != Batch.Id || transaction.ChainId != Chain || transaction.Payer != Batch.Payer)
            {
                await BlockAsync($"The provider for {Chain} returned transaction {transaction.TransactionId} for batch {transaction.BatchId} from {transaction.Payer}, not for this batch.", cancellationToken).ConfigureAwait(false);
                return Step.Waiting;
            }

            await AppendAsync(
                new BatchTransition
                {
                    BatchId = Batch.Id,
                    Sequence = History.NextSequence,
                    Kind = BatchTransitionKind.Prepared,
                    State = BatchState.Prepared,
                    At = Now,
                    Attempt = History.Attempt,
                    TransactionId = transaction.TransactionId,
                    Transaction = transaction,
                    Role = TransactionRole.Original,
                },
                derive: true,
                cancellationToken).ConfigureAwait(false);
            Log.BatchPrepared(owner._logger, Batch.Id, Chain, transaction.TransactionId, History.Attempt);
            return Step.Continue;
        }

        private async Task<Step> TrackAsync(CancellationToken cancellationToken)
        {
            // 1. Send what was never sent, what the node lost (dropped or unknown), and — in recovery — every live transaction
            //    once: always the recorded bytes, which is harmless when the node already has them.
            foreach (var tx in History.LiveTransactions)
            {
                var lost = tx.ChainState is SettlementState.Dropped or SettlementState.Unknown;
                var resend = recovering && tx.ChainState is not (SettlementState.Included or SettlementState.Final) && !_resent.Contains(tx.Id);
                if (tx.FirstSubmittedAt is not null && !lost && !resend)
                {
                    continue;
                }

                _resent.Add(tx.Id);
                var sent = await SendAsync(tx, cancellationToken).ConfigureAwait(false);
                if (sent != Step.Continue)
                {
                    return sent;
                }
            }

            if (History.State == BatchState.Dead)
            {
                return Step.Continue;
            }

            // 2. Ask the chain about every live transaction; journal each change.
            foreach (var tx in History.LiveTransactions)
            {
                var call = await owner._chains.RunAsync(Chain, "status", ct => provider.GetStatusAsync(tx.Transaction, ct), cancellationToken).ConfigureAwait(false);
                if (!call.IsAvailable)
                {
                    return Unavailable("status", call.Unavailable!);
                }

                await ObserveAsync(tx, call.Value!, cancellationToken).ConfigureAwait(false);
            }

            switch (History.State)
            {
                case BatchState.Final or BatchState.Dead:
                    return Step.Continue;
                case BatchState.Included:
                    return Step.Waiting;
            }

            // 3. Send again at once what the node has just been seen to lose; give up what stayed lost past the timeout.
            if (History.LiveTransactions.Any(t => t.ChainState is SettlementState.Dropped or SettlementState.Unknown && !_resent.Contains(t.Id)))
            {
                return Step.Continue;
            }

            var gaveUp = false;
            foreach (var tx in History.LiveTransactions)
            {
                if (tx.DroppedSince is { } since && Now - since >= owner._options.DropTimeout)
                {
                    await AbandonAsync(tx, SettlementState.Dropped, $"Dropped since {since:O}: not pending and not in the chain for {Now - since} although re-sent, longer than the drop timeout {owner._options.DropTimeout}.", cancellationToken).ConfigureAwait(false);
                    gaveUp = true;
                }
            }

            if (gaveUp)
            {
                return Step.Continue;
            }

            // 4. Accelerate what is stuck.
            return await AccelerateIfStuckAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task<Step> SendAsync(JournaledTransaction tx, CancellationToken cancellationToken)
        {
            SubmissionResult result;
            try
            {
                var call = await owner._chains.RunAsync(Chain, "submit", ct => provider.SubmitAsync(tx.Transaction, ct), cancellationToken).ConfigureAwait(false);
                if (!call.IsAvailable)
                {
                    return Unavailable("submit", call.Unavailable!);
                }

                result = call.Value;
            }
            catch (Exception ex) when (IsRefusal(ex))
            {
                if (tx.FirstSubmittedAt is null)
                {
                    // Never accepted by the node: it never will be as it is. Give it up; a re-plan builds a new one.
                    await AbandonAsync(tx, null, $"Refused when sent: {ex.GetType().Name}: {ex.Message}", cancellationToken).ConfigureAwait(false);
                    return Step.Continue;
                }

                // Refused when sent again (for example its sequence is now used): its status says why.
                return Step.Continue;
            }

            await AppendAsync(
                new BatchTransition
                {
                    BatchId = Batch.Id,
                    Sequence = History.NextSequence,
                    Kind = BatchTransitionKind.Submitted,
                    State = History.State,
                    At = Now,
                    Attempt = History.Attempt,
                    TransactionId = tx.Id,
                    Detail = result.ToString(),
                },
                derive: true,
                cancellationToken).ConfigureAwait(false);
            Log.BatchSubmitted(owner._logger, tx.Id, Batch.Id, Chain, result);
            return Step.Continue;
        }

        private async Task ObserveAsync(JournaledTransaction tx, SettlementStatus status, CancellationToken cancellationToken)
        {
            if (status.TransactionId != tx.Id)
            {
                throw new InvalidOperationException($"The provider for {Chain} answered about {status.TransactionId} when asked about {tx.Id}.");
            }

            if (tx.ChainState == status.State && string.Equals(tx.BlockHash, status.BlockHash, StringComparison.Ordinal))
            {
                return;
            }

            var wasFinal = History.State == BatchState.Final;
            await AppendAsync(
                new BatchTransition
                {
                    BatchId = Batch.Id,
                    Sequence = History.NextSequence,
                    Kind = BatchTransitionKind.Observed,
                    State = History.State,
                    At = Now,
                    Attempt = History.Attempt,
                    TransactionId = tx.Id,
                    ChainState = status.State,
                    Confirmations = status.Confirmations,
                    BlockHash = status.BlockHash,
                    BlockNumber = status.BlockNumber,
                    ReplacedBy = status.ReplacedBy,
                    Detail = status.Detail,
                },
                derive: true,
                cancellationToken).ConfigureAwait(false);
            Log.TransactionObserved(owner._logger, tx.Id, Batch.Id, Chain, status.State, status.Confirmations);
            if (History.State == BatchState.Final && !wasFinal)
            {
                Log.BatchFinal(owner._logger, Batch.Id, Chain, tx.Id, status.BlockNumber);
            }
            else if (wasFinal && History.State != BatchState.Final)
            {
                Log.FinalReversed(owner._logger, tx.Id, Batch.Id, Chain, status.State);
            }
        }

        private async Task<Step> AccelerateIfStuckAsync(CancellationToken cancellationToken)
        {
            var live = History.LiveTransactions;
            var accelerations = History.Transactions.Count(t => t.Attempt == History.Attempt && t.Role != TransactionRole.Original);
            var newest = live.LastOrDefault(t => t.PaysBatch);

            // Waiting is measured from the last thing done for the attempt: the latest send, or the latest acceleration
            // (even one the node refused), so accelerations come at most once per AccelerateAfter.
            var lastSent = live.Max(t => t.FirstSubmittedAt);
            var lastAccelerated = History.Transactions.Where(t => t.Attempt == History.Attempt && t.Role != TransactionRole.Original).Max(t => (DateTimeOffset?)t.RecordedAt);
            var since = lastAccelerated > lastSent ? lastAccelerated : lastSent;
            if (!provider.CanAccelerate || accelerations >= owner._options.MaxAccelerationsPerAttempt || newest is null
                || newest.ChainState is not (SettlementState.Pending or null) || since is null || Now - since.Value < owner._options.AccelerateAfter)
            {
                return Step.Waiting;
            }

            Acceleration acceleration;
            try
            {
                var call = await owner._chains.RunAsync(Chain, "accelerate", ct => provider.AccelerateAsync(newest.Transaction, ct), cancellationToken).ConfigureAwait(false);
                if (!call.IsAvailable)
                {
                    return Unavailable("accelerate", call.Unavailable!);
                }

                acceleration = call.Value!;
            }
            catch (Exception ex) when (IsRefusal(ex))
            {
                Log.AccelerationFailed(owner._logger, newest.Id, Batch.Id, Chain, $"{ex.GetType().Name}: {ex.Message}");
                return Step.Waiting;
            }

            var role = acceleration.Kind == AccelerationKind.Replacement ? TransactionRole.Replacement : TransactionRole.ChildPaysForParent;
            await AppendAsync(
                new BatchTransition
                {
                    BatchId = Batch.Id,
                    Sequence = History.NextSequence,
                    Kind = BatchTransitionKind.Accelerated,
                    State = History.State,
                    At = Now,
                    Attempt = History.Attempt,
                    TransactionId = acceleration.Transaction.TransactionId,
                    Transaction = acceleration.Transaction,
                    Role = role,
                    Accelerates = acceleration.Accelerates,
                },
                derive: true,
                cancellationToken).ConfigureAwait(false);
            EnergySettlementTelemetry.Accelerations.Add(1, new KeyValuePair<string, object?>("chain.id", Chain.ToString()), new KeyValuePair<string, object?>("kind", acceleration.Kind.ToString()));
            Log.BatchAccelerated(owner._logger, Batch.Id, Chain, acceleration.Kind, acceleration.Transaction.TransactionId, acceleration.Accelerates);
            return Step.Continue;
        }

        private async Task<Step> WatchFinalAsync(CancellationToken cancellationToken)
        {
            var settledBy = History.SettledBy;
            if (settledBy is null || owner._options.ReorgWatch == TimeSpan.Zero || History.FinalAt is not { } finalAt || Now - finalAt > owner._options.ReorgWatch)
            {
                return Step.Waiting;
            }

            var call = await owner._chains.RunAsync(Chain, "status", ct => provider.GetStatusAsync(settledBy.Transaction, ct), cancellationToken).ConfigureAwait(false);
            if (!call.IsAvailable)
            {
                return Unavailable("status", call.Unavailable!);
            }

            await ObserveAsync(settledBy, call.Value!, cancellationToken).ConfigureAwait(false);
            return History.State == BatchState.Final ? Step.Waiting : Step.Continue;
        }

        private async Task<Step> ReleaseAndReplanAsync(CancellationToken cancellationToken)
        {
            var attempt = History.Attempt;
            Log.BatchDead(owner._logger, Batch.Id, Chain, attempt);
            foreach (var tx in History.Transactions.Where(t => t.Attempt == attempt && !t.IsReleased).ToArray())
            {
                try
                {
                    var call = await owner._chains.RunAsync(Chain, "release", async ct => { await provider.ReleaseAsync(tx.Transaction, ct).ConfigureAwait(false); return true; }, cancellationToken).ConfigureAwait(false);
                    if (!call.IsAvailable)
                    {
                        return Unavailable("release", call.Unavailable!);
                    }
                }
                catch (Exception ex) when (IsRefusal(ex))
                {
                    // Releasing is the adapter's promise; if it refuses, the batch stays dead (nothing is sent) until it can.
                    Log.AccelerationFailed(owner._logger, tx.Id, Batch.Id, Chain, $"release refused: {ex.GetType().Name}: {ex.Message}");
                    throw new HaltException(BatchAdvanceResult.Failed);
                }

                await AppendAsync(
                    new BatchTransition
                    {
                        BatchId = Batch.Id,
                        Sequence = History.NextSequence,
                        Kind = BatchTransitionKind.Released,
                        State = BatchState.Dead,
                        At = Now,
                        Attempt = attempt,
                        TransactionId = tx.Id,
                    },
                    derive: false,
                    cancellationToken).ConfigureAwait(false);
                Log.TransactionReleased(owner._logger, tx.Id, Batch.Id, Chain);
            }

            // An attempt the chain refused outright waits before it is tried again; one that died on chain is re-planned now.
            var refused = History.Transitions.Any(t => t.Attempt == attempt && t.Kind == BatchTransitionKind.Abandoned && t.ChainState is null);
            await AppendAsync(
                new BatchTransition
                {
                    BatchId = Batch.Id,
                    Sequence = History.NextSequence,
                    Kind = BatchTransitionKind.Replanned,
                    State = refused ? BatchState.Blocked : BatchState.Planned,
                    At = Now,
                    Attempt = attempt + 1,
                    Detail = refused ? "The chain refused the attempt's transaction when it was sent; retried after the blocked delay." : null,
                },
                derive: false,
                cancellationToken).ConfigureAwait(false);
            EnergySettlementTelemetry.Replans.Add(1, new KeyValuePair<string, object?>("chain.id", Chain.ToString()));
            Log.BatchReplanned(owner._logger, Batch.Id, Chain, attempt + 1);
            return refused ? Step.Waiting : Step.Continue;
        }

        private async Task AbandonAsync(JournaledTransaction tx, SettlementState? reason, string detail, CancellationToken cancellationToken)
        {
            await AppendAsync(
                new BatchTransition
                {
                    BatchId = Batch.Id,
                    Sequence = History.NextSequence,
                    Kind = BatchTransitionKind.Abandoned,
                    State = History.State,
                    At = Now,
                    Attempt = History.Attempt,
                    TransactionId = tx.Id,
                    ChainState = reason,
                    Detail = detail,
                },
                derive: true,
                cancellationToken).ConfigureAwait(false);
            Log.TransactionAbandoned(owner._logger, tx.Id, Batch.Id, Chain, detail);
        }

        private async Task BlockAsync(string detail, CancellationToken cancellationToken)
        {
            await AppendAsync(
                new BatchTransition
                {
                    BatchId = Batch.Id,
                    Sequence = History.NextSequence,
                    Kind = BatchTransitionKind.Blocked,
                    State = BatchState.Blocked,
                    At = Now,
                    Attempt = History.Attempt,
                    Detail = detail,
                },
                derive: false,
                cancellationToken).ConfigureAwait(false);
            Log.BatchBlocked(owner._logger, Batch.Id, Chain, BlockedUntil(), detail);
        }

        /// <summary>When a blocked batch may be tried again: the delay doubles with each consecutive refusal, up to 64 times.</summary>
        private DateTimeOffset BlockedUntil()
        {
            var consecutive = 0;
            for (var i = History.Transitions.Count - 1; i >= 0 && History.Transitions[i].State == BatchState.Blocked; i--)
            {
                consecutive++;
            }

            var factor = 1L << Math.Min(Math.Max(consecutive - 1, 0), 6);
            return History.LastChangedAt + (owner._options.BlockedRetryDelay * factor);
        }

        /// <summary>Writes a transition; with <paramref name="derive"/>, its state is the one the transactions then imply.</summary>
        private async Task AppendAsync(BatchTransition transition, bool derive, CancellationToken cancellationToken)
        {
            if (derive)
            {
                var candidate = new BatchHistory(History.Record, [.. History.Transitions, transition]);
                transition = transition with { State = Derive(candidate) };
            }

            try
            {
                await owner._journal.AppendTransitionAsync(transition, cancellationToken).ConfigureAwait(false);
            }
            catch (IdempotencyConflictException)
            {
                Log.TransitionConflict(owner._logger, transition.Sequence, Batch.Id);
                throw new HaltException(BatchAdvanceResult.Failed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.JournalWriteFailed(owner._logger, Batch.Id, ex.Message, ex);
                throw new HaltException(BatchAdvanceResult.JournalUnavailable);
            }

            var before = History;
            History = new BatchHistory(History.Record, [.. History.Transitions, transition]);
            Appended = true;
            EnergySettlementTelemetry.BatchTransitions.Add(
                1,
                new KeyValuePair<string, object?>("chain.id", Chain.ToString()),
                new KeyValuePair<string, object?>("kind", transition.Kind.ToString()),
                new KeyValuePair<string, object?>("state", transition.State.ToString()));
            owner._changed(before, History);
        }

        private Step Unavailable(string operation, Exception failure)
        {
            Log.ChainUnavailable(owner._logger, Chain, operation, Batch.Id, failure.Message);
            Activity.Current?.AddEvent(new ActivityEvent("chain.unavailable"));
            return Step.Unavailable;
        }

        private static bool IsRefusal(Exception ex) =>
            ex is EnergySettlementException or ArgumentException or NotSupportedException or InvalidOperationException;
    }

    /// <summary>Stops a batch's run at a step whose journal write failed or was refused.</summary>
    private sealed class HaltException(BatchAdvanceResult result) : Exception
    {
        public BatchAdvanceResult Result { get; } = result;
    }
}

/// <summary>How far <see cref="BatchExecutor.AdvanceAsync"/> got with a batch.</summary>
internal enum BatchAdvanceResult
{
    /// <summary>Nothing to do until the chain moves on.</summary>
    Waiting,

    /// <summary>At least one step was journaled.</summary>
    Advanced,

    /// <summary>The chain could not be reached: the batch (and the chain's younger batches) wait in the journal.</summary>
    ChainUnavailable,

    /// <summary>A journal write failed: nothing it would have enabled was done.</summary>
    JournalUnavailable,

    /// <summary>The batch could not be advanced (no provider, another writer, a refused release); it is retried next pass.</summary>
    Failed,
}

/// <summary>A batch's history after an advance, and how far it got.</summary>
internal readonly record struct BatchAdvance(BatchHistory History, BatchAdvanceResult Result);
