using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Backends.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash.Backends.DashCore;

/// <summary>
/// An <see cref="IUtxoBackend"/> on a Dash Core node's JSON-RPC interface: <c>getaddressutxos</c> with
/// <c>getaddressmempool</c> (coins, <c>-addressindex</c>), <c>sendrawtransaction</c>, <c>getrawtransaction</c> verbose
/// (status with <c>instantlock_internal</c> and <c>chainlock</c>, <c>-txindex</c>), <c>gettxout</c> including the mempool
/// (spend state; <c>getspentinfo</c> names the spender with <c>-spentindex</c>), <c>estimatesmartfee</c> and
/// <c>getblockcount</c>.
/// </summary>
/// <remarks>
/// <para>Node errors are typed: a broadcast the node refuses throws <see cref="TransactionRejectedException"/> with the
/// node's code (for example <c>-26</c>) in <see cref="ChainRequestException.ErrorCode"/>; "already in block chain"
/// (<c>-27</c>), <c>txn-already-in-mempool</c> and <c>txn-already-known</c> are <see cref="SubmissionResult.AlreadyKnown"/>;
/// a node still warming up (<c>-28</c>), without peers (<c>-9</c>) or in initial download (<c>-10</c>), an unreachable
/// node, a timeout, HTTP 5xx or 429 throw <see cref="ChainUnavailableException"/> after the retries; other node errors
/// throw <see cref="ChainRequestException"/> with the node's code.</para>
/// <para>Thread-safe. The HTTP client is not owned (not disposed here).</para>
/// </remarks>
public sealed class DashCoreRpcBackend : IUtxoBackend
{
    private readonly DashCoreRpcClient _rpc;
    private readonly BackendHttpClient _http;
    private readonly ILogger _logger;
    private readonly bool _useSpentIndex;
    private readonly string _chainText;

    /// <summary>Creates the backend.</summary>
    /// <param name="options">The options; validated here (every error at once).</param>
    /// <param name="httpClient">The HTTP client (its own <see cref="HttpClient.Timeout"/> should exceed
    /// <see cref="UtxoBackendOptions.RequestTimeout"/>).</param>
    /// <param name="timeProvider">The clock for timeouts, back-off and the circuit breaker; <see cref="TimeProvider.System"/>
    /// when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public DashCoreRpcBackend(DashCoreRpcBackendOptions options, HttpClient httpClient, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var errors = DashCoreRpcBackendOptionsValidator.Errors(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(DashCoreRpcBackendOptions), errors);
        }

        var time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<DashCoreRpcBackend>();
        _useSpentIndex = options.UseSpentIndex;
        _chainText = options.ChainId.ToString();
        var pipeline = BackendResiliencePipeline.Build(options, time, "EnergySettlement.Dash.Backends.DashCore");
        _http = new BackendHttpClient(httpClient, Name, options.ChainId, options.Url!, pipeline, _logger, time, options.Password);
        _rpc = new DashCoreRpcClient(_http, options.Url!, DashCoreRpcCredentials.From(options));
    }

    /// <inheritdoc />
    /// <value><c>dash-core</c>.</value>
    public string Name => "dash-core";

    /// <inheritdoc />
    /// <remarks>One batch: <c>getaddressutxos</c> (confirmed coins, with their scripts), <c>getaddressmempool</c> (mempool
    /// outputs to the address and mempool spends of its coins) and <c>getblockcount</c> (for confirmations); then, when
    /// there are mempool coins, one batch of <c>getrawtransaction</c> for their scripts, which <c>getaddressmempool</c> does
    /// not carry. Confirmed coins come first, oldest first, then mempool coins.</remarks>
    /// <exception cref="ChainRequestException">The node has no address index (<c>-addressindex</c>) or refused the address.</exception>
    public async Task<IReadOnlyList<UnspentOutput>> GetUnspentOutputsAsync(string address, CancellationToken cancellationToken = default)
    {
        BackendArguments.Address(address);
        var answers = await _rpc.BatchAsync(
            [
                DashCoreRpcCall.Create("getaddressutxos", AddressQuery(address)),
                DashCoreRpcCall.Create("getaddressmempool", AddressQuery(address)),
                DashCoreRpcCall.Create("getblockcount"),
            ],
            cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < answers.Length; i++)
        {
            if (answers[i].Error is { } error)
            {
                throw AddressIndexFailure(i == 0 ? "getaddressutxos" : i == 1 ? "getaddressmempool" : "getblockcount", error);
            }
        }

        var tip = ReadInteger(answers[2].Result, "getblockcount");
        var outputs = new List<UnspentOutput>();
        var spentInMempool = new HashSet<OutPoint>();
        var created = new List<(OutPoint OutPoint, long Value)>();
        ParseOrThrow("getaddressutxos", () =>
        {
            foreach (var item in JsonFields.Array(answers[0].Result, "the getaddressutxos result").EnumerateArray())
            {
                JsonFields.Object(item, "a getaddressutxos element");
                var index = JsonFields.TryGet(item, "outputIndex", out _) ? JsonFields.OutputIndex(item, "outputIndex") : JsonFields.OutputIndex(item, "index");
                var height = JsonFields.Int64(item, "height");
                var script = JsonFields.HexBytes(item, "script");
                outputs.Add(new UnspentOutput
                {
                    OutPoint = new OutPoint(new ChainTransactionId(JsonFields.Hash(item, "txid")), index),
                    Address = JsonFields.String(item, "address"),
                    Value = JsonFields.Amount(item, "satoshis"),
                    ScriptPubKey = script,
                    Height = height,
                    Confirmations = Confirmations(tip, height),
                });
            }

            foreach (var delta in JsonFields.Array(answers[1].Result, "the getaddressmempool result").EnumerateArray())
            {
                JsonFields.Object(delta, "a getaddressmempool element");
                var amount = JsonFields.Int64(delta, "satoshis");
                if (amount < 0)
                {
                    // An input of a mempool transaction spends one of the address's coins.
                    spentInMempool.Add(new OutPoint(new ChainTransactionId(JsonFields.Hash(delta, "prevtxid")), JsonFields.OutputIndex(delta, "prevout")));
                }
                else
                {
                    created.Add((new OutPoint(new ChainTransactionId(JsonFields.Hash(delta, "txid")), JsonFields.OutputIndex(delta, "index")), amount));
                }
            }
        });

        if (created.Count > 0)
        {
            // getaddressmempool carries no script: read each output's own (an address's coins may differ in script type).
            var scripts = await MempoolScriptsAsync(created.Select(c => c.OutPoint).ToList(), cancellationToken).ConfigureAwait(false);
            foreach (var (outPoint, value) in created)
            {
                outputs.Add(new UnspentOutput { OutPoint = outPoint, Address = address, Value = value, ScriptPubKey = scripts[outPoint], Height = null, Confirmations = 0 });
            }
        }

        return spentInMempool.Count == 0 ? outputs : outputs.Where(o => !spentInMempool.Contains(o.OutPoint)).ToList();
    }

    /// <inheritdoc />
    /// <remarks><c>sendrawtransaction</c>. Repeating it is safe: a node that has the transaction in its mempool answers its
    /// txid again (<see cref="SubmissionResult.Accepted"/>) or one of the "already" errors
    /// (<see cref="SubmissionResult.AlreadyKnown"/>). An answer that cannot be read is transient (the broadcast may or may
    /// not have happened; repeating it tells).</remarks>
    /// <exception cref="TransactionRejectedException">The node refused the transaction (code in
    /// <see cref="ChainRequestException.ErrorCode"/>: <c>-26</c> policy or consensus, <c>-25</c> missing or spent inputs,
    /// <c>-22</c> undecodable).</exception>
    /// <exception cref="ChainRequestException">Any other node error (for example <c>-32601</c> from a server that is not
    /// Dash Core): not a verdict on the transaction.</exception>
    public async Task<SubmissionResult> BroadcastAsync(ReadOnlyMemory<byte> rawTransaction, CancellationToken cancellationToken = default)
    {
        BackendArguments.RawTransaction(rawTransaction);
        var txid = BackendArguments.ComputeTransactionId(rawTransaction.Span);
        var answer = await _rpc.CallAsync(DashCoreRpcCall.Create("sendrawtransaction", Hex.Encode(rawTransaction.Span)), ambiguousIsTransient: true, cancellationToken).ConfigureAwait(false);
        SubmissionResult result;
        if (answer.Error is { } error)
        {
            if (DashCoreErrorCodes.IsAlreadyKnown(error.Code, error.Message))
            {
                result = SubmissionResult.AlreadyKnown;
            }
            else if (DashCoreErrorCodes.IsRejection(error.Code))
            {
                Log.BackendBroadcastRejected(_logger, Name, _chainText, txid, error.CodeText, error.Message);
                throw new TransactionRejectedException(_http.ChainId, error.CodeText, $"{Name} sendrawtransaction on {_http.ChainId}: {_http.Endpoint} refused {txid}: {error}.");
            }
            else
            {
                throw _rpc.Failed("sendrawtransaction", error);
            }
        }
        else
        {
            result = SubmissionResult.Accepted;
        }

        Log.BackendBroadcast(_logger, Name, _chainText, txid, result);
        return result;
    }

    /// <inheritdoc />
    /// <remarks><c>getrawtransaction txid true</c>. <see cref="UtxoTransactionStatus.IsInstantLocked"/> is the node's
    /// <c>instantlock_internal</c> (the InstantSend lock itself; <c>instantlock</c> alone on nodes older than 0.14, which
    /// report no ChainLocks), <see cref="UtxoTransactionStatus.IsChainLocked"/> its <c>chainlock</c>. A transaction in a
    /// block off the active chain is known with 0 confirmations and no block.</remarks>
    /// <exception cref="ChainRequestException">The node runs without <c>-txindex</c> and does not have the transaction in
    /// its mempool: it cannot tell a mined transaction from an unknown one (code <c>-5</c>).</exception>
    public async Task<UtxoTransactionStatus> GetTransactionStatusAsync(ChainTransactionId transactionId, CancellationToken cancellationToken = default)
    {
        var txid = BackendArguments.TransactionId(transactionId);
        var answer = await _rpc.CallAsync(DashCoreRpcCall.Create("getrawtransaction", txid, true), ambiguousIsTransient: false, cancellationToken).ConfigureAwait(false);
        if (answer.Error is { } error)
        {
            if (error.Code != DashCoreErrorCodes.InvalidAddressOrKey)
            {
                throw _rpc.Failed("getrawtransaction", error);
            }

            if (error.Message.Contains("-txindex", StringComparison.OrdinalIgnoreCase))
            {
                throw _http.Failed(error.CodeText, "getrawtransaction", $"error {error}: without -txindex the node cannot tell a mined transaction from an unknown one; start dashd with -txindex=1.");
            }

            return UtxoTransactionStatus.Unknown;
        }

        return ParseOrThrow("getrawtransaction", () =>
        {
            var tx = JsonFields.Object(answer.Result, "the getrawtransaction result");
            var height = JsonFields.OptionalInt64(tx, "height");
            var inActiveChain = height is >= 0;
            var instantLocked = JsonFields.TryGet(tx, "instantlock_internal", out _)
                ? JsonFields.OptionalBoolean(tx, "instantlock_internal", whenAbsent: false)
                : JsonFields.OptionalBoolean(tx, "instantlock", whenAbsent: false);
            return new UtxoTransactionStatus
            {
                IsKnown = true,
                Confirmations = inActiveChain ? (int)Math.Clamp(JsonFields.OptionalInt64(tx, "confirmations") ?? 0, 0, int.MaxValue) : 0,
                BlockHash = inActiveChain ? JsonFields.OptionalHash(tx, "blockhash") : null,
                BlockHeight = inActiveChain ? height : null,
                IsInstantLocked = instantLocked,
                IsChainLocked = JsonFields.OptionalBoolean(tx, "chainlock", whenAbsent: false),
            };
        });
    }

    /// <inheritdoc />
    /// <remarks><c>gettxout txid n true</c> (mempool included): <c>null</c> means spent, in a block or in the mempool, or
    /// never created (an output of a transaction the node does not know cannot be spent either). With
    /// <see cref="DashCoreRpcBackendOptions.UseSpentIndex"/>, <c>getspentinfo</c> then names the spender.</remarks>
    public async Task<OutputSpend> GetSpendAsync(OutPoint outPoint, CancellationToken cancellationToken = default)
    {
        var txid = BackendArguments.TransactionId(outPoint.TransactionId, nameof(outPoint));
        var answer = await _rpc.CallAsync(DashCoreRpcCall.Create("gettxout", txid, outPoint.Index, true), ambiguousIsTransient: false, cancellationToken).ConfigureAwait(false);
        if (answer.Error is { } error)
        {
            throw _rpc.Failed("gettxout", error);
        }

        if (!answer.IsNullResult)
        {
            ParseOrThrow("gettxout", () => JsonFields.Object(answer.Result, "the gettxout result"));
            return new OutputSpend { IsSpent = false };
        }

        if (!_useSpentIndex)
        {
            return new OutputSpend { IsSpent = true };
        }

        var query = new JsonObject { ["txid"] = txid, ["index"] = outPoint.Index };
        var spent = await _rpc.CallAsync(DashCoreRpcCall.Create("getspentinfo", query), ambiguousIsTransient: false, cancellationToken).ConfigureAwait(false);
        if (spent.Error is { } spentError)
        {
            // -5 "Unable to get spent info": the spent index does not know the spender (or the output never existed).
            return spentError.Code == DashCoreErrorCodes.InvalidAddressOrKey ? new OutputSpend { IsSpent = true } : throw _rpc.Failed("getspentinfo", spentError);
        }

        var spender = ParseOrThrow("getspentinfo", () => JsonFields.Hash(JsonFields.Object(spent.Result, "the getspentinfo result"), "txid"));
        return new OutputSpend { IsSpent = true, SpentBy = new ChainTransactionId(spender) };
    }

    /// <inheritdoc />
    /// <remarks><c>estimatesmartfee</c>; its <c>feerate</c> (DASH per kB) in duffs per 1,000 bytes, rounded up. A node
    /// without enough data (a fresh regtest node) answers <c>errors</c> and no rate: <see langword="null"/>.</remarks>
    public async Task<long?> EstimateFeeRateAsync(int targetBlocks, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetBlocks, 1);
        var answer = await _rpc.CallAsync(DashCoreRpcCall.Create("estimatesmartfee", targetBlocks), ambiguousIsTransient: false, cancellationToken).ConfigureAwait(false);
        if (answer.Error is { } error)
        {
            throw _rpc.Failed("estimatesmartfee", error);
        }

        return ParseOrThrow("estimatesmartfee", () =>
        {
            var estimate = JsonFields.Object(answer.Result, "the estimatesmartfee result");
            return JsonFields.TryGet(estimate, "feerate", out _) ? JsonFields.FeeRate(JsonFields.Decimal(estimate, "feerate")) : null;
        });
    }

    /// <inheritdoc />
    /// <remarks><c>getblockcount</c>.</remarks>
    public async Task<long> GetBlockHeightAsync(CancellationToken cancellationToken = default)
    {
        var answer = await _rpc.CallAsync(DashCoreRpcCall.Create("getblockcount"), ambiguousIsTransient: false, cancellationToken).ConfigureAwait(false);
        return answer.Error is { } error ? throw _rpc.Failed("getblockcount", error) : ReadInteger(answer.Result, "getblockcount");
    }

    private static JsonObject AddressQuery(string address) => new() { ["addresses"] = new JsonArray(address) };

    private static int Confirmations(long tip, long height) => (int)Math.Clamp(tip - height + 1, 0, int.MaxValue);

    private async Task<Dictionary<OutPoint, ReadOnlyMemory<byte>>> MempoolScriptsAsync(List<OutPoint> outPoints, CancellationToken cancellationToken)
    {
        var txids = outPoints.Select(o => o.TransactionId.Value).Distinct(StringComparer.Ordinal).ToList();
        var answers = await _rpc.BatchAsync(txids.Select(t => DashCoreRpcCall.Create("getrawtransaction", t, true)).ToList(), cancellationToken).ConfigureAwait(false);
        var scripts = new Dictionary<OutPoint, ReadOnlyMemory<byte>>();
        for (var i = 0; i < txids.Count; i++)
        {
            if (answers[i].Error is { } error)
            {
                throw _rpc.Failed("getrawtransaction", error);
            }

            var result = answers[i].Result;
            ParseOrThrow("getrawtransaction", () =>
            {
                var vout = JsonFields.Array(JsonFields.Required(JsonFields.Object(result, "the getrawtransaction result"), "vout"), "vout");
                foreach (var outPoint in outPoints.Where(o => o.TransactionId.Value == txids[i]))
                {
                    if (outPoint.Index >= vout.GetArrayLength())
                    {
                        throw new MalformedResponseException($"transaction {txids[i]} has no output {outPoint.Index.ToString(CultureInfo.InvariantCulture)}");
                    }

                    scripts[outPoint] = JsonFields.HexBytes(JsonFields.Object(JsonFields.Required(vout[(int)outPoint.Index], "scriptPubKey"), "scriptPubKey"), "hex");
                }
            });
        }

        return scripts;
    }

    private ChainRequestException AddressIndexFailure(string method, DashCoreRpcError error)
    {
        if (error.Code == DashCoreErrorCodes.InvalidAddressOrKey && error.Message.Contains("No information available", StringComparison.OrdinalIgnoreCase))
        {
            return _http.Failed(error.CodeText, method, $"error {error}: the node keeps no address index; start dashd with -addressindex=1 (and -reindex once).");
        }

        return _rpc.Failed(method, error);
    }

    private long ReadInteger(JsonElement result, string method) => ParseOrThrow(method, () =>
        result.ValueKind == JsonValueKind.Number && result.TryGetInt64(out var n) && n >= 0 ? n : throw new MalformedResponseException($"expected a block height, found {result.ValueKind}"));

    private void ParseOrThrow(string method, Action parse) => ParseOrThrow(method, () =>
    {
        parse();
        return true;
    });

    private T ParseOrThrow<T>(string method, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (MalformedResponseException ex)
        {
            throw new ChainRequestException(_http.ChainId, "malformed response", $"{Name} {method} on {_http.ChainId}: {_http.Endpoint} answered something that is not the documented shape: {ex.Message}.", isTransient: false, ex);
        }
    }
}
