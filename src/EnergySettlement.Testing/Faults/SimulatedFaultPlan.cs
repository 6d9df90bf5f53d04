using System.Globalization;
using System.Text.Json;
using EnergySettlement.Chains;

namespace EnergySettlement.Testing;

/// <summary>
/// The faults a <see cref="SimulatedChain"/> will inject into its <see cref="SimulatedChainProvider"/>: a submission that
/// times out although the transaction was accepted, a rejected submission, an unreachable node, a transaction dropped from
/// the mempool, a reorg, and a fee spike. Get it from <see cref="SimulatedChain.Faults"/>.
/// </summary>
/// <remarks>
/// <para>Every fault is deterministic: it fires on a stated call or at a stated time of the chain's
/// <see cref="TimeProvider"/>, never at random. Planned faults are consumed in the order given.</para>
/// <para>Thread-safe: the plan shares the chain's lock.</para>
/// </remarks>
public sealed class SimulatedFaultPlan
{
    private readonly SimulatedChain _chain;
    private readonly Queue<(string Code, string Message)> _rejections = new();
    private int _timeouts;
    private int _unreachableCalls;
    private DateTimeOffset? _unreachableUntil;
    private long _feeMultiplier = 1;
    private DateTimeOffset? _feeSpikeEnds;

    internal SimulatedFaultPlan(SimulatedChain chain) => _chain = chain;

    /// <summary>Gets the current fee multiplier: 1 normally, the spike's multiplier during a <see cref="FeeSpike"/>.</summary>
    public long FeeMultiplier
    {
        get
        {
            lock (_chain.SyncRoot)
            {
                return CurrentFeeMultiplier();
            }
        }
    }

    /// <summary>
    /// Makes the next submission that the node accepts (or already knows) put the transaction in the mempool and then
    /// throw <see cref="ChainUnavailableException"/> (transient) whose inner exception is a <see cref="TimeoutException"/>,
    /// as a request that timed out after reaching the node. A retry of the same transaction then returns
    /// <see cref="SubmissionResult.AlreadyKnown"/>. Calls add up: two calls time out the next two such submissions.
    /// </summary>
    /// <returns>This plan, to chain calls.</returns>
    public SimulatedFaultPlan NextSubmitTimesOutButAccepts()
    {
        lock (_chain.SyncRoot)
        {
            _timeouts++;
            _chain.Changed();
        }

        return this;
    }

    /// <summary>
    /// Makes the next submission throw <see cref="TransactionRejectedException"/> with <paramref name="code"/> as its
    /// <see cref="ChainRequestException.ErrorCode"/>; the transaction does not enter the mempool. Calls queue up.
    /// </summary>
    /// <param name="code">The node's error code, for example <c>non-standard</c>.</param>
    /// <param name="message">The node's message; a default names the code.</param>
    /// <returns>This plan, to chain calls.</returns>
    /// <exception cref="ArgumentException"><paramref name="code"/> is empty.</exception>
    public SimulatedFaultPlan RejectNextSubmit(string code, string? message = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        lock (_chain.SyncRoot)
        {
            _rejections.Enqueue((code, message ?? $"The simulated node rejected the transaction: {code}."));
            _chain.Changed();
        }

        return this;
    }

    /// <summary>
    /// Makes the node unreachable for the next <paramref name="calls"/> provider calls (quote, prepare, submit, status,
    /// balance): each throws <see cref="ChainUnavailableException"/> and changes nothing. Calls add up.
    /// </summary>
    /// <param name="calls">How many calls fail; at least 1.</param>
    /// <returns>This plan, to chain calls.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="calls"/> is less than 1.</exception>
    public SimulatedFaultPlan Unreachable(int calls)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        lock (_chain.SyncRoot)
        {
            _unreachableCalls = checked(_unreachableCalls + calls);
            _chain.Changed();
        }

        return this;
    }

    /// <summary>
    /// Makes the node unreachable from now (the chain's <see cref="TimeProvider"/>) for <paramref name="duration"/>: every
    /// provider call in that window throws <see cref="ChainUnavailableException"/> and changes nothing.
    /// </summary>
    /// <param name="duration">How long the outage lasts; positive.</param>
    /// <returns>This plan, to chain calls.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive.</exception>
    public SimulatedFaultPlan Unreachable(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        lock (_chain.SyncRoot)
        {
            var until = _chain.Now + duration;
            _unreachableUntil = _unreachableUntil is { } current && current > until ? current : until;
            _chain.Changed();
        }

        return this;
    }

    /// <summary>
    /// Drops a pending transaction from the mempool, as a node that evicts it. Its status becomes
    /// <see cref="SettlementState.Dropped"/>; submitting the same bytes again puts it back.
    /// </summary>
    /// <param name="transactionId">The transaction.</param>
    /// <returns><see langword="true"/> when it was in the mempool and is now dropped; <see langword="false"/> when it was not pending.</returns>
    public bool DropFromMempool(ChainTransactionId transactionId) => _chain.DropFromMempool(transactionId);

    /// <summary>Removes the last <paramref name="depth"/> blocks; same as <see cref="SimulatedChain.Reorg"/>.</summary>
    /// <param name="depth">How many blocks to remove; 1 to the chain's height.</param>
    /// <param name="mode">What happens to their transactions.</param>
    /// <returns>The ids of the transactions the removed blocks included, oldest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="depth"/> is less than 1 or more than the height.</exception>
    public IReadOnlyList<ChainTransactionId> Reorg(int depth, SimulatedReorgMode mode = SimulatedReorgMode.ReturnToMempool) => _chain.Reorg(depth, mode);

    /// <summary>
    /// Starts a fee spike: the required fee of every transaction is multiplied by <paramref name="multiplier"/> until
    /// <see cref="EndFeeSpike"/> or until <paramref name="duration"/> has passed on the chain's <see cref="TimeProvider"/>.
    /// Quotes and new preparations use the higher fee; a pending transaction whose fee is below it stays pending (stuck)
    /// until the spike ends or the caller re-prepares the batch, which replaces it at the same sequence.
    /// </summary>
    /// <param name="multiplier">The fee multiplier; at least 2.</param>
    /// <param name="duration">How long the spike lasts; <see langword="null"/> until <see cref="EndFeeSpike"/>.</param>
    /// <returns>This plan, to chain calls.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="multiplier"/> is less than 2 or <paramref name="duration"/> is not positive.</exception>
    public SimulatedFaultPlan FeeSpike(long multiplier, TimeSpan? duration = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(multiplier, 2);
        if (duration is { } d)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(d, TimeSpan.Zero, nameof(duration));
        }

        lock (_chain.SyncRoot)
        {
            _feeMultiplier = multiplier;
            _feeSpikeEnds = duration is { } length ? _chain.Now + length : null;
            _chain.Changed();
        }

        return this;
    }

    /// <summary>Ends a fee spike now: fees return to the configured ones.</summary>
    /// <returns>This plan, to chain calls.</returns>
    public SimulatedFaultPlan EndFeeSpike()
    {
        lock (_chain.SyncRoot)
        {
            _feeMultiplier = 1;
            _feeSpikeEnds = null;
            _chain.Changed();
        }

        return this;
    }

    /// <summary>Cancels every planned fault (timeouts, rejections, outages) and ends any fee spike.</summary>
    /// <returns>This plan, to chain calls.</returns>
    public SimulatedFaultPlan Clear()
    {
        lock (_chain.SyncRoot)
        {
            _timeouts = 0;
            _rejections.Clear();
            _unreachableCalls = 0;
            _unreachableUntil = null;
            _feeMultiplier = 1;
            _feeSpikeEnds = null;
            _chain.Changed();
        }

        return this;
    }

    /// <summary>Throws when the node is unreachable for this call; consumes one planned outage call. Caller holds the lock.</summary>
    internal void ThrowIfUnreachable(string operation)
    {
        if (_unreachableUntil is { } until)
        {
            if (_chain.Now < until)
            {
                throw new ChainUnavailableException(
                    _chain.ChainId,
                    string.Create(CultureInfo.InvariantCulture, $"The simulated node for {_chain.ChainId} is unreachable until {until:O} ({operation})."));
            }

            _unreachableUntil = null;
        }

        if (_unreachableCalls > 0)
        {
            _unreachableCalls--;
            _chain.Changed();
            throw new ChainUnavailableException(_chain.ChainId, $"The simulated node for {_chain.ChainId} is unreachable ({operation}).");
        }
    }

    /// <summary>Takes the next planned rejection, if any. Caller holds the lock.</summary>
    internal bool TryTakeRejection(out string code, out string message)
    {
        if (_rejections.TryDequeue(out var rejection))
        {
            (code, message) = rejection;
            return true;
        }

        code = message = string.Empty;
        return false;
    }

    /// <summary>Takes the next planned timeout, if any. Caller holds the lock.</summary>
    internal bool TryTakeTimeout()
    {
        if (_timeouts == 0)
        {
            return false;
        }

        _timeouts--;
        return true;
    }

    /// <summary>Writes the planned faults for <see cref="SimulatedChain.Save"/>. Caller holds the lock.</summary>
    internal void WriteState(Utf8JsonWriter w)
    {
        w.WriteStartObject("faults");
        w.WriteNumber("timeouts", _timeouts);
        w.WriteNumber("unreachableCalls", _unreachableCalls);
        if (_unreachableUntil is { } until)
        {
            w.WriteNumber("unreachableUntil", until.UtcTicks);
        }

        w.WriteNumber("feeMultiplier", _feeMultiplier);
        if (_feeSpikeEnds is { } ends)
        {
            w.WriteNumber("feeSpikeEnds", ends.UtcTicks);
        }

        w.WriteStartArray("rejections");
        foreach (var (code, message) in _rejections)
        {
            w.WriteStartObject();
            w.WriteString("code", code);
            w.WriteString("message", message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Restores the planned faults written by <see cref="WriteState"/>. Caller holds the lock.</summary>
    internal void ReadState(JsonElement faults)
    {
        _timeouts = faults.GetProperty("timeouts").GetInt32();
        _unreachableCalls = faults.GetProperty("unreachableCalls").GetInt32();
        _unreachableUntil = faults.TryGetProperty("unreachableUntil", out var until) ? new DateTimeOffset(until.GetInt64(), TimeSpan.Zero) : null;
        _feeMultiplier = faults.GetProperty("feeMultiplier").GetInt64();
        _feeSpikeEnds = faults.TryGetProperty("feeSpikeEnds", out var ends) ? new DateTimeOffset(ends.GetInt64(), TimeSpan.Zero) : null;
        _rejections.Clear();
        foreach (var rejection in faults.GetProperty("rejections").EnumerateArray())
        {
            _rejections.Enqueue((rejection.GetProperty("code").GetString()!, rejection.GetProperty("message").GetString()!));
        }
    }

    /// <summary>The fee multiplier now, ending an expired spike. Caller holds the lock.</summary>
    internal long CurrentFeeMultiplier()
    {
        if (_feeSpikeEnds is { } ends && _chain.Now >= ends)
        {
            _feeMultiplier = 1;
            _feeSpikeEnds = null;
        }

        return _feeMultiplier;
    }
}
