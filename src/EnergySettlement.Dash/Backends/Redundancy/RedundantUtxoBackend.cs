using System.Runtime.ExceptionServices;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash.Backends.Redundancy;

/// <summary>
/// Several backends as one, so that one provider's outage does not stop payments. Reads go to the first backend in the
/// configured order that is not passed over; a backend that fails transiently is passed over for
/// <see cref="RedundantUtxoBackendOptions.UnhealthyDuration"/> and the read moves on to the next. Broadcasts go to every
/// backend at once: the first that accepts the transaction or already knows it makes the broadcast a success (the others
/// carry on in the background, so the transaction reaches them too); only when every backend refuses it definitively
/// is it a <see cref="TransactionRejectedException"/>.
/// </summary>
/// <remarks>
/// <para>Order the backends by preference: status reads go to the first healthy one, so put a backend that reports
/// InstantSend locks and ChainLocks (Dash Core, Insight) before one that does not (BlockCypher).</para>
/// <para>When every backend fails a read: <see cref="ChainUnavailableException"/> if any failure was transient (trying
/// again later may work), otherwise the definite failure (a single backend's exception unchanged, several combined in a
/// <see cref="ChainRequestException"/> with the first one's code). A broadcast that no backend took: a
/// <see cref="TransactionRejectedException"/> when all of them rejected it, a <see cref="ChainUnavailableException"/>
/// when any failed transiently, a <see cref="ChainRequestException"/> otherwise.</para>
/// <para>Thread-safe. The backends are not owned.</para>
/// </remarks>
public sealed class RedundantUtxoBackend : IUtxoBackend
{
    private readonly IUtxoBackend[] _backends;
    private readonly long[] _passedOverUntil;
    private readonly TimeSpan _unhealthyDuration;
    private readonly bool _confirmUnknownStatus;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the composite.</summary>
    /// <param name="backends">The backends, in order of preference for reads.</param>
    /// <param name="options">The options; the defaults when <see langword="null"/>. Validated here.</param>
    /// <param name="timeProvider">The clock for passing over unhealthy backends; <see cref="TimeProvider.System"/> when
    /// <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">No backend, or a <see langword="null"/> one.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public RedundantUtxoBackend(IEnumerable<IUtxoBackend> backends, RedundantUtxoBackendOptions? options = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(backends);
        _backends = backends.ToArray();
        if (_backends.Length == 0 || Array.IndexOf(_backends, null) >= 0)
        {
            throw new ArgumentException("Give at least one backend, and no null ones.", nameof(backends));
        }

        options ??= new RedundantUtxoBackendOptions();
        var errors = RedundantUtxoBackendOptionsValidator.Errors(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(RedundantUtxoBackendOptions), errors);
        }

        _passedOverUntil = new long[_backends.Length];
        _unhealthyDuration = options.UnhealthyDuration;
        _confirmUnknownStatus = options.ConfirmUnknownStatus;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RedundantUtxoBackend>();
        Name = "redundant(" + string.Join(',', _backends.Select(b => b.Name)) + ")";
    }

    /// <inheritdoc />
    /// <value><c>redundant(</c> and the backends' names <c>)</c>, for example <c>redundant(dash-core,insight)</c>.</value>
    public string Name { get; }

    /// <summary>Gets the backends, in order of preference.</summary>
    public IReadOnlyList<IUtxoBackend> Backends => _backends;

    /// <summary>Gets whether reads currently pass over <paramref name="backend"/> after a transient failure.</summary>
    /// <param name="backend">One of <see cref="Backends"/>.</param>
    /// <returns><see langword="true"/> while it is passed over.</returns>
    /// <exception cref="ArgumentException"><paramref name="backend"/> is not one of <see cref="Backends"/>.</exception>
    public bool IsPassedOver(IUtxoBackend backend)
    {
        var index = Array.IndexOf(_backends, backend);
        return index >= 0 ? Volatile.Read(ref _passedOverUntil[index]) > _time.GetUtcNow().UtcTicks : throw new ArgumentException("Not one of this composite's backends.", nameof(backend));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UnspentOutput>> GetUnspentOutputsAsync(string address, CancellationToken cancellationToken = default) =>
        ReadAsync("GetUnspentOutputs", (b, ct) => b.GetUnspentOutputsAsync(address, ct), static _ => true, cancellationToken);

    /// <inheritdoc />
    /// <remarks>With <see cref="RedundantUtxoBackendOptions.ConfirmUnknownStatus"/>, an "unknown" answer is checked with
    /// the remaining backends; the first that knows the transaction answers.</remarks>
    public Task<UtxoTransactionStatus> GetTransactionStatusAsync(ChainTransactionId transactionId, CancellationToken cancellationToken = default) =>
        ReadAsync("GetTransactionStatus", (b, ct) => b.GetTransactionStatusAsync(transactionId, ct), _confirmUnknownStatus ? static s => s.IsKnown : static _ => true, cancellationToken);

    /// <inheritdoc />
    public Task<OutputSpend> GetSpendAsync(OutPoint outPoint, CancellationToken cancellationToken = default) =>
        ReadAsync("GetSpend", (b, ct) => b.GetSpendAsync(outPoint, ct), static _ => true, cancellationToken);

    /// <inheritdoc />
    public Task<long?> EstimateFeeRateAsync(int targetBlocks, CancellationToken cancellationToken = default) =>
        ReadAsync("EstimateFeeRate", (b, ct) => b.EstimateFeeRateAsync(targetBlocks, ct), static _ => true, cancellationToken);

    /// <inheritdoc />
    public Task<long> GetBlockHeightAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("GetBlockHeight", (b, ct) => b.GetBlockHeightAsync(ct), static _ => true, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Returns with the first backend that accepts the transaction or already knows it; the broadcasts to the
    /// other backends carry on (bounded by their own timeouts; their outcomes are logged and update their health).
    /// Cancelling <paramref name="cancellationToken"/> cancels them too.</remarks>
    public async Task<SubmissionResult> BroadcastAsync(ReadOnlyMemory<byte> rawTransaction, CancellationToken cancellationToken = default)
    {
        BackendArguments.RawTransaction(rawTransaction);
        var txid = BackendArguments.ComputeTransactionId(rawTransaction.Span);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var broadcasts = new Task<BroadcastOutcome>[_backends.Length];
        for (var i = 0; i < _backends.Length; i++)
        {
            broadcasts[i] = BroadcastToAsync(i, rawTransaction, linked.Token);
        }

        _ = Task.WhenAll(broadcasts).ContinueWith(
            static (all, cts) =>
            {
                _ = all.Exception; // observed: a backend that broke its contract is rethrown to the caller or logged, not left unobserved
                ((CancellationTokenSource)cts!).Dispose();
            },
            linked,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        var pending = new List<Task<BroadcastOutcome>>(broadcasts);
        var failures = new List<(IUtxoBackend Backend, EnergySettlementException Error)>();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            var outcome = await done.ConfigureAwait(false);
            if (outcome.Error is null)
            {
                if (failures.Count > 0)
                {
                    Log.BroadcastOutcomesDiffer(_logger, txid, 1, failures.Count(f => f.Error is TransactionRejectedException), failures.Count(f => f.Error.IsTransient));
                }

                foreach (var straggler in pending)
                {
                    _ = ObserveStragglerAsync(straggler, txid);
                }

                return outcome.Result;
            }

            failures.Add((outcome.Backend, outcome.Error));
        }

        Log.AllBackendsFailed(_logger, "Broadcast " + txid, failures.Count);
        if (failures.Count == 1)
        {
            ExceptionDispatchInfo.Throw(failures[0].Error);
        }

        var rejected = failures.Count(f => f.Error is TransactionRejectedException);
        if (rejected > 0 && rejected < failures.Count)
        {
            Log.BroadcastOutcomesDiffer(_logger, txid, 0, rejected, failures.Count(f => f.Error.IsTransient));
        }

        var chainId = ChainOf(failures);
        var summary = Summary(failures);
        if (rejected == failures.Count)
        {
            var first = (TransactionRejectedException)failures[0].Error;
            throw new TransactionRejectedException(chainId, first.ErrorCode, $"Every backend refused {txid}: {summary}", Aggregate(failures));
        }

        if (failures.Any(f => f.Error.IsTransient))
        {
            throw new ChainUnavailableException(chainId, $"No backend took {txid}; at least one may later: {summary}", Aggregate(failures));
        }

        var code = failures.Select(f => (f.Error as ChainRequestException)?.ErrorCode).FirstOrDefault(c => c is not null);
        throw new ChainRequestException(chainId, code, $"No backend took {txid}: {summary}", isTransient: false, Aggregate(failures));
    }

    private static ChainId ChainOf(List<(IUtxoBackend Backend, EnergySettlementException Error)> failures)
    {
        foreach (var (_, error) in failures)
        {
            if (error is ChainRequestException request)
            {
                return request.ChainId;
            }
        }

        // Backends throw ChainRequestException subtypes; anything else is rethrown as it is.
        ExceptionDispatchInfo.Throw(failures[0].Error);
        return default;
    }

    private static string Summary(List<(IUtxoBackend Backend, EnergySettlementException Error)> failures) =>
        string.Join(" | ", failures.Select(f => $"{f.Backend.Name}: {f.Error.Message}"));

    private static AggregateException Aggregate(List<(IUtxoBackend Backend, EnergySettlementException Error)> failures) =>
        new(failures.Select(f => (Exception)f.Error));

    private async Task<T> ReadAsync<T>(string operation, Func<IUtxoBackend, CancellationToken, Task<T>> read, Func<T, bool> conclusive, CancellationToken cancellationToken)
    {
        var failures = new List<(IUtxoBackend Backend, EnergySettlementException Error)>();
        var inconclusive = default(T);
        var haveInconclusive = false;
        foreach (var index in ReadOrder())
        {
            var backend = _backends[index];
            T result;
            try
            {
                result = await read(backend, cancellationToken).ConfigureAwait(false);
            }
            catch (EnergySettlementException ex)
            {
                if (ex.IsTransient)
                {
                    PassOver(index, operation, ex);
                }

                failures.Add((backend, ex));
                if (_logger.IsEnabled(LogLevel.Warning))
                {
                    Log.BackendFailedOver(_logger, operation, backend.Name, ex.Message);
                }

                continue;
            }

            Restore(index);
            if (conclusive(result))
            {
                return result;
            }

            if (!haveInconclusive)
            {
                (inconclusive, haveInconclusive) = (result, true);
            }
        }

        if (haveInconclusive)
        {
            return inconclusive!;
        }

        Log.AllBackendsFailed(_logger, operation, failures.Count);
        if (failures.Count == 1)
        {
            ExceptionDispatchInfo.Throw(failures[0].Error);
        }

        var chainId = ChainOf(failures);
        var summary = Summary(failures);
        if (failures.Any(f => f.Error.IsTransient))
        {
            throw new ChainUnavailableException(chainId, $"{operation} failed on every backend; at least one may answer later: {summary}", Aggregate(failures));
        }

        throw new ChainRequestException(chainId, (failures[0].Error as ChainRequestException)?.ErrorCode, $"{operation} failed on every backend: {summary}", isTransient: false, Aggregate(failures));
    }

    /// <summary>Backends not passed over, in configured order; then the passed-over ones, soonest back first.</summary>
    private List<int> ReadOrder()
    {
        var now = _time.GetUtcNow().UtcTicks;
        var order = new List<int>(_backends.Length);
        var passedOver = new List<(int Index, long Until)>();
        for (var i = 0; i < _backends.Length; i++)
        {
            var until = Volatile.Read(ref _passedOverUntil[i]);
            if (until > now)
            {
                passedOver.Add((i, until));
            }
            else
            {
                order.Add(i);
            }
        }

        order.AddRange(passedOver.OrderBy(p => p.Until).Select(p => p.Index));
        return order;
    }

    private async Task<BroadcastOutcome> BroadcastToAsync(int index, ReadOnlyMemory<byte> rawTransaction, CancellationToken cancellationToken)
    {
        var backend = _backends[index];
        try
        {
            var result = await backend.BroadcastAsync(rawTransaction, cancellationToken).ConfigureAwait(false);
            Restore(index);
            return new BroadcastOutcome(backend, result, null);
        }
        catch (EnergySettlementException ex)
        {
            if (ex.IsTransient)
            {
                PassOver(index, "Broadcast", ex);
            }

            return new BroadcastOutcome(backend, default, ex);
        }
    }

    private async Task ObserveStragglerAsync(Task<BroadcastOutcome> straggler, string txid)
    {
        try
        {
            var result = await straggler.ConfigureAwait(false);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var outcome = result.Error is null ? result.Result.ToString() : result.Error.Message;
                Log.BroadcastStragglerFinished(_logger, result.Backend.Name, txid, outcome);
            }
        }
        catch (OperationCanceledException)
        {
            // The caller cancelled after the broadcast succeeded elsewhere.
        }
#pragma warning disable CA1031 // A background broadcast must never surface as an unobserved exception; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var described = $"{ex.GetType().Name}: {ex.Message}";
                Log.BroadcastStragglerFinished(_logger, "?", txid, described);
            }
        }
    }

    private void PassOver(int index, string operation, EnergySettlementException error)
    {
        var until = _time.GetUtcNow() + _unhealthyDuration;
        Interlocked.Exchange(ref _passedOverUntil[index], until.UtcTicks);
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            Log.BackendMarkedUnhealthy(_logger, _backends[index].Name, operation, until, error.Message);
        }
    }

    private void Restore(int index)
    {
        if (Interlocked.Exchange(ref _passedOverUntil[index], 0) != 0)
        {
            Log.BackendRecovered(_logger, _backends[index].Name);
        }
    }

    private readonly record struct BroadcastOutcome(IUtxoBackend Backend, SubmissionResult Result, EnergySettlementException? Error);
}
