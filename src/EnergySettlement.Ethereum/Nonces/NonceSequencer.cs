using System.Text.Json.Nodes;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Rpc;
using EnergySettlement.Sequencing;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Ethereum.Nonces;

/// <summary>
/// Hands out the nonces of one account, one caller at a time (an async lock), durably: a transaction is recorded in the
/// <see cref="ISequencedTransactionStore"/> with its signed bytes before anyone may broadcast it. On first use (and on
/// <see cref="ReconcileAsync"/>) it reconciles the store with the chain's <c>latest</c> and <c>pending</c> counts:
/// the next nonce is the larger of the store's and the chain's (no reuse); recorded transactions the node no longer knows
/// are re-broadcast with the same bytes, lowest nonce first (no gaps).
/// </summary>
/// <remarks>Thread-safe. One instance per (chain, account) per process.</remarks>
internal sealed class NonceSequencer : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EthereumRpcClient _rpc;
    private readonly ISequencedTransactionStore _store;
    private readonly ILogger _logger;
    private readonly string _accountText;
    private readonly string _chainText;
    private ulong _next;
    private ulong _unknownPendingBelow;
    private bool _ready;

    public NonceSequencer(EthereumRpcClient rpc, ISequencedTransactionStore store, SettlementAccount account, EthereumAddress address, ILogger logger)
    {
        _rpc = rpc;
        _store = store;
        Account = account;
        Address = address;
        _logger = logger;
        _accountText = account.ToString();
        _chainText = rpc.ChainId.ToString();
    }

    public SettlementAccount Account { get; }

    public EthereumAddress Address { get; }

    public ISequencedTransactionStore Store => _store;

    /// <summary>Takes the account's lock (reconciling first if needed). Dispose the lease to release it.</summary>
    public async Task<Lease> AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_ready)
            {
                await ReconcileCoreAsync(cancellationToken).ConfigureAwait(false);
            }

            return new Lease(this);
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    /// <summary>Reconciles the store with the chain now (also done automatically on first use).</summary>
    public async Task<NonceReconciliation> ReconcileAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReconcileCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<NonceReconciliation> ReconcileCoreAsync(CancellationToken cancellationToken)
    {
        var state = await _store.LoadAsync(Account, cancellationToken).ConfigureAwait(false);
        var address = Address.ToString();
        var counts = await _rpc.SendBatchAsync(
            [RpcRequest.Create("eth_getTransactionCount", address, "latest"), RpcRequest.Create("eth_getTransactionCount", address, "pending")],
            cancellationToken).ConfigureAwait(false);
        var latest = HexQuantity.ParseUInt64(Result(counts[0], "eth_getTransactionCount").GetString());
        var pending = HexQuantity.ParseUInt64(Result(counts[1], "eth_getTransactionCount").GetString());

        var rebroadcast = 0;
        var takenElsewhere = 0;
        var byNonce = state.Outstanding.GroupBy(t => t.Sequence).OrderBy(g => g.Key).ToArray();
        if (byNonce.Length > 0)
        {
            // What the node knows of every outstanding transaction, in one round trip.
            var all = byNonce.SelectMany(g => g).ToArray();
            var known = await _rpc.SendBatchAsync(
                all.Select(t => RpcRequest.Create("eth_getTransactionByHash", t.TransactionId.Value)).ToArray(),
                cancellationToken).ConfigureAwait(false);
            var isKnown = new Dictionary<ChainTransactionId, bool>();
            for (var i = 0; i < all.Length; i++)
            {
                isKnown[all[i].TransactionId] = known[i].Error is null && !known[i].IsNull;
            }

            foreach (var group in byNonce)
            {
                var anyKnown = group.Any(t => isKnown[t.TransactionId]);
                if (group.Key < latest)
                {
                    if (!anyKnown)
                    {
                        // The chain is past this nonce and none of our transactions for it is known: replaced elsewhere.
                        takenElsewhere++;
                        Log.NonceTakenElsewhere(_logger, group.Key, _accountText);
                    }

                    continue;
                }

                if (!anyKnown)
                {
                    // Dropped from the mempool (or never sent before a crash): re-broadcast the newest recorded bytes.
                    var newest = group.Last();
                    Log.Rebroadcast(_logger, newest.TransactionId.Value, newest.Sequence, _accountText);
                    await BroadcastAsync(newest, cancellationToken).ConfigureAwait(false);
                    rebroadcast++;
                }
            }
        }

        _next = Math.Max(state.NextSequence, pending);

        // Transactions of the account in the mempool that the store does not know (a lost store, or another wallet):
        // their content is unknown, so a caller that must not duplicate one of them waits until they are mined.
        _unknownPendingBelow = pending > Math.Max(latest, state.NextSequence) ? pending : 0;
        _ready = true;
        Log.NoncesReconciled(_logger, _accountText, _next, latest, pending, state.Outstanding.Count);
        return new NonceReconciliation(_next, latest, pending, state.Outstanding.Count, rebroadcast, takenElsewhere);
    }

    private async Task BroadcastAsync(SequencedTransaction transaction, CancellationToken cancellationToken)
    {
        try
        {
            await _rpc.SendAsync("eth_sendRawTransaction", cancellationToken, Crypto.Hex.Encode(transaction.RawTransaction.Span, withPrefix: true)).ConfigureAwait(false);
        }
        catch (RpcResponseException ex) when (ex.Error.Kind is RpcErrorKind.AlreadyKnown or RpcErrorKind.NonceTooLow)
        {
            // Known after all, or already mined: nothing to do.
        }
        catch (RpcResponseException ex)
        {
            // Keep going: the status of this transaction will show it; later nonces still get their chance.
            Log.RpcError(_logger, _chainText, "eth_sendRawTransaction", ex.Error.Code, ex.Error.Message);
        }
    }

    private System.Text.Json.JsonElement Result(RpcResult result, string method) =>
        result.Error is { } error ? throw RpcErrorClassifier.ToException(_rpc.ChainId, method, error) : result.Result;

    /// <summary>The account's lock, held until disposed; records transactions and advances the next nonce.</summary>
    internal sealed class Lease : IDisposable
    {
        private NonceSequencer? _owner;

        public Lease(NonceSequencer owner) => _owner = owner;

        /// <summary>Gets the next unused nonce.</summary>
        public ulong NextNonce => Owner._next;

        /// <summary>
        /// Gets the nonce below which the chain had pending transactions of the account that the store did not know when it
        /// was last reconciled, or 0 when there were none (or <see cref="ClearUnknownPending"/> was called).
        /// </summary>
        public ulong UnknownPendingBelow => Owner._unknownPendingBelow;

        /// <summary>Forgets <see cref="UnknownPendingBelow"/> once the chain's mined count has passed it.</summary>
        public void ClearUnknownPending() => Owner._unknownPendingBelow = 0;

        private NonceSequencer Owner => _owner ?? throw new ObjectDisposedException(nameof(Lease));

        /// <summary>Loads the store's view of the account (outstanding transactions).</summary>
        public Task<AccountSequenceState> LoadAsync(CancellationToken cancellationToken) => Owner._store.LoadAsync(Owner.Account, cancellationToken);

        /// <summary>Records a signed transaction durably, then advances the next nonce past it.</summary>
        public async Task RecordAsync(SequencedTransaction transaction, CancellationToken cancellationToken)
        {
            var owner = Owner;
            await owner._store.RecordAsync(transaction, cancellationToken).ConfigureAwait(false);
            owner._next = Math.Max(owner._next, transaction.Sequence + 1);
        }

        public void Dispose()
        {
            var owner = Interlocked.Exchange(ref _owner, null);
            owner?._gate.Release();
        }
    }
}
