using System.Globalization;
using System.Net;
using System.Text.Json;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Backends.DashCore;
using EnergySettlement.Dash.Backends.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash.Backends.Insight;

/// <summary>
/// An <see cref="IUtxoBackend"/> on the Insight REST API for Dash (<c>@dashevo/insight-api</c> on <c>dashcore-node</c>,
/// as run at <c>insight.dash.org</c>): <c>GET addr/{address}/utxo</c>, <c>POST tx/send</c> (form field <c>rawtx</c>),
/// <c>GET tx/{txid}</c> (confirmations, <c>txlock</c> for InstantSend, the outputs' <c>spentTxId</c>),
/// <c>GET utils/estimatefee</c>, <c>GET status?q=getInfo</c> and, for ChainLocks, <c>GET status?q=getBestChainLock</c>.
/// </summary>
/// <remarks>
/// <para>Insight relays the node's errors as <c>&lt;message&gt;. Code:&lt;code&gt;</c> with HTTP 400: a refused broadcast
/// throws <see cref="TransactionRejectedException"/> with the node's code, the "already" answers are
/// <see cref="SubmissionResult.AlreadyKnown"/>; HTTP 429 (its rate limiter), 5xx, timeouts and an unreachable server throw
/// <see cref="ChainUnavailableException"/> after the retries.</para>
/// <para>Thread-safe. The HTTP client is not owned (not disposed here).</para>
/// </remarks>
public sealed class InsightBackend : IUtxoBackend
{
    private readonly BackendHttpClient _http;
    private readonly Uri _base;
    private readonly bool _queryChainLocks;
    private readonly ILogger _logger;
    private readonly string _chainText;

    /// <summary>Creates the backend.</summary>
    /// <param name="options">The options; validated here (every error at once).</param>
    /// <param name="httpClient">The HTTP client (its own <see cref="HttpClient.Timeout"/> should exceed
    /// <see cref="UtxoBackendOptions.RequestTimeout"/>).</param>
    /// <param name="timeProvider">The clock for timeouts, back-off and the circuit breaker; <see cref="TimeProvider.System"/>
    /// when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public InsightBackend(InsightBackendOptions options, HttpClient httpClient, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var errors = InsightBackendOptionsValidator.Errors(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(InsightBackendOptions), errors);
        }

        var time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<InsightBackend>();
        _base = WithTrailingSlash(options.BaseUrl!);
        _queryChainLocks = options.QueryChainLocks;
        _chainText = options.ChainId.ToString();
        var pipeline = BackendResiliencePipeline.Build(options, time, "EnergySettlement.Dash.Backends.Insight");
        _http = new BackendHttpClient(httpClient, Name, options.ChainId, _base, pipeline, _logger, time);
    }

    /// <inheritdoc />
    /// <value><c>insight</c>.</value>
    public string Name => "insight";

    /// <inheritdoc />
    /// <remarks><c>GET addr/{address}/utxo</c>: confirmed and mempool coins (mempool ones with 0 confirmations and no
    /// height), without those a mempool transaction spends; an address without coins is an empty list.</remarks>
    /// <exception cref="ChainRequestException">Insight refused the address (HTTP 400, code 1).</exception>
    public Task<IReadOnlyList<UnspentOutput>> GetUnspentOutputsAsync(string address, CancellationToken cancellationToken = default)
    {
        BackendArguments.Address(address);
        const string Operation = "GET addr/{address}/utxo";
        return GetAsync(Operation, $"addr/{Uri.EscapeDataString(address)}/utxo", answer =>
        {
            ThrowUnlessSuccess(answer, Operation);
            using var document = JsonFields.Parse(answer.Body);
            var outputs = new List<UnspentOutput>();
            foreach (var item in JsonFields.Array(document.RootElement, "the utxo list").EnumerateArray())
            {
                JsonFields.Object(item, "a utxo");
                var confirmations = JsonFields.OptionalInt64(item, "confirmations") ?? 0;
                var height = JsonFields.OptionalInt64(item, "height");
                outputs.Add(new UnspentOutput
                {
                    OutPoint = new OutPoint(new ChainTransactionId(JsonFields.Hash(item, "txid")), JsonFields.OutputIndex(item, "vout")),
                    Address = JsonFields.String(item, "address"),
                    Value = JsonFields.Amount(item, "satoshis"),
                    ScriptPubKey = JsonFields.HexBytes(item, "scriptPubKey"),
                    Height = confirmations > 0 && height is > 0 ? height : null,
                    Confirmations = (int)Math.Clamp(confirmations, 0, int.MaxValue),
                });
            }

            return (IReadOnlyList<UnspentOutput>)outputs;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks><c>POST tx/send</c> with the form field <c>rawtx</c> (the documented parameter; the server parses
    /// URL-encoded forms). The answer's <c>txid</c> is checked against the txid of the bytes sent. An answer that cannot be
    /// read is transient: repeating the broadcast is safe and tells.</remarks>
    /// <exception cref="TransactionRejectedException">The node behind Insight refused the transaction (its code in
    /// <see cref="ChainRequestException.ErrorCode"/>, for example <c>-26</c>).</exception>
    public async Task<SubmissionResult> BroadcastAsync(ReadOnlyMemory<byte> rawTransaction, CancellationToken cancellationToken = default)
    {
        BackendArguments.RawTransaction(rawTransaction);
        var txid = BackendArguments.ComputeTransactionId(rawTransaction.Span);
        var hex = Hex.Encode(rawTransaction.Span);
        const string Operation = "POST tx/send";
        var result = await _http.ExecuteAsync(
            Operation,
            (Self: this, Hex: hex, Txid: txid),
            static async (s, ct) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(s.Self._base, "tx/send"))
                {
                    Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("rawtx", s.Hex)]),
                };
                var answer = await s.Self._http.SendAsync(request, Operation, ct).ConfigureAwait(false);
                return s.Self.ReadBroadcast(answer, s.Txid);
            },
            ambiguousIsTransient: true,
            cancellationToken).ConfigureAwait(false);
        Log.BackendBroadcast(_logger, Name, _chainText, txid, result);
        return result;
    }

    /// <inheritdoc />
    /// <remarks><c>GET tx/{txid}</c>: HTTP 404 is <see cref="UtxoTransactionStatus.Unknown"/>; <c>blockheight</c> -1 means
    /// the mempool; <c>txlock</c> is the InstantSend lock. With <see cref="InsightBackendOptions.QueryChainLocks"/>, a mined
    /// transaction at or below the best ChainLock's height is chain-locked; when that second question fails, the status
    /// says not chain-locked (never more final than known).</remarks>
    public async Task<UtxoTransactionStatus> GetTransactionStatusAsync(ChainTransactionId transactionId, CancellationToken cancellationToken = default)
    {
        var txid = BackendArguments.TransactionId(transactionId);
        const string Operation = "GET tx/{txid}";
        var status = await GetAsync(Operation, "tx/" + txid, answer =>
        {
            if (answer.Status == HttpStatusCode.NotFound)
            {
                return UtxoTransactionStatus.Unknown;
            }

            ThrowUnlessSuccess(answer, Operation);
            using var document = JsonFields.Parse(answer.Body);
            var tx = JsonFields.Object(document.RootElement, "the transaction");
            var height = JsonFields.OptionalInt64(tx, "blockheight");
            var mined = height is >= 0;
            return new UtxoTransactionStatus
            {
                IsKnown = true,
                Confirmations = mined ? (int)Math.Clamp(JsonFields.OptionalInt64(tx, "confirmations") ?? 0, 0, int.MaxValue) : 0,
                BlockHash = mined ? JsonFields.OptionalHash(tx, "blockhash") : null,
                BlockHeight = mined ? height : null,
                IsInstantLocked = JsonFields.OptionalBoolean(tx, "txlock", whenAbsent: false),
            };
        }, cancellationToken).ConfigureAwait(false);

        if (!_queryChainLocks || status.BlockHeight is not { } blockHeight)
        {
            return status;
        }

        var lockedHeight = await BestChainLockHeightAsync(cancellationToken).ConfigureAwait(false);
        return lockedHeight >= blockHeight ? status with { IsChainLocked = true } : status;
    }

    /// <inheritdoc />
    /// <remarks><c>GET tx/{txid}</c> and the output's <c>spentTxId</c> (Insight's node runs <c>-spentindex</c>, which covers
    /// the mempool). An output of a transaction Insight does not know (HTTP 404) is reported spent: it cannot be spent.</remarks>
    /// <exception cref="ChainRequestException">The transaction has no output with that index.</exception>
    public Task<OutputSpend> GetSpendAsync(OutPoint outPoint, CancellationToken cancellationToken = default)
    {
        var txid = BackendArguments.TransactionId(outPoint.TransactionId, nameof(outPoint));
        const string Operation = "GET tx/{txid}";
        return GetAsync(Operation, "tx/" + txid, answer =>
        {
            if (answer.Status == HttpStatusCode.NotFound)
            {
                return new OutputSpend { IsSpent = true };
            }

            ThrowUnlessSuccess(answer, Operation);
            using var document = JsonFields.Parse(answer.Body);
            var vout = JsonFields.Array(JsonFields.Required(JsonFields.Object(document.RootElement, "the transaction"), "vout"), "vout");
            if (outPoint.Index >= vout.GetArrayLength())
            {
                throw _http.Failed("no such output", Operation, $"transaction {txid} with {vout.GetArrayLength().ToString(CultureInfo.InvariantCulture)} outputs; there is no output {outPoint.Index.ToString(CultureInfo.InvariantCulture)}.");
            }

            var spender = JsonFields.OptionalHash(JsonFields.Object(vout[(int)outPoint.Index], "an output"), "spentTxId");
            return spender is null ? new OutputSpend { IsSpent = false } : new OutputSpend { IsSpent = true, SpentBy = new ChainTransactionId(spender) };
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks><c>GET utils/estimatefee?nbBlocks={n}</c>, which answers <c>{"n": rate}</c> in DASH per kB; converted to
    /// duffs per 1,000 bytes, rounded up. Insight answers -1 when its node has no estimate: <see langword="null"/>.</remarks>
    public Task<long?> EstimateFeeRateAsync(int targetBlocks, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetBlocks, 1);
        var key = targetBlocks.ToString(CultureInfo.InvariantCulture);
        const string Operation = "GET utils/estimatefee";
        return GetAsync(Operation, "utils/estimatefee?nbBlocks=" + key, answer =>
        {
            ThrowUnlessSuccess(answer, Operation);
            using var document = JsonFields.Parse(answer.Body);
            return JsonFields.FeeRate(JsonFields.Decimal(JsonFields.Object(document.RootElement, "the estimate"), key));
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks><c>GET status?q=getInfo</c>, its <c>info.blocks</c>.</remarks>
    public Task<long> GetBlockHeightAsync(CancellationToken cancellationToken = default)
    {
        const string Operation = "GET status?q=getInfo";
        return GetAsync(Operation, "status?q=getInfo", answer =>
        {
            ThrowUnlessSuccess(answer, Operation);
            using var document = JsonFields.Parse(answer.Body);
            var info = JsonFields.Object(JsonFields.Required(JsonFields.Object(document.RootElement, "the status"), "info"), "info");
            var blocks = JsonFields.Int64(info, "blocks");
            return blocks >= 0 ? blocks : throw new MalformedResponseException("info.blocks is negative");
        }, cancellationToken);
    }

    private static Uri WithTrailingSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    /// <summary>The height of the best ChainLock, or -1 when Insight cannot tell (old version, no ChainLock yet, failure).</summary>
    private async Task<long> BestChainLockHeightAsync(CancellationToken cancellationToken)
    {
        const string Operation = "GET status?q=getBestChainLock";
        try
        {
            return await GetAsync(Operation, "status?q=getBestChainLock", answer =>
            {
                ThrowUnlessSuccess(answer, Operation);
                using var document = JsonFields.Parse(answer.Body);
                var root = JsonFields.Object(document.RootElement, "the status");

                // The node's getbestchainlock object (blockhash, height, signature), wrapped in 'bestchainlock' or not.
                var chainLock = JsonFields.TryGet(root, "bestchainlock", out var wrapped) ? JsonFields.Object(wrapped, "bestchainlock") : root;
                return JsonFields.Int64(chainLock, "height");
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ChainRequestException ex)
        {
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                _http.LogErrorAnswer(Operation, ex.ErrorCode ?? "unavailable", ex.Message);
            }

            return -1;
        }
    }

    private Task<T> GetAsync<T>(string operation, string relative, Func<HttpAnswer, T> interpret, CancellationToken cancellationToken) =>
        _http.ExecuteAsync(
            operation,
            (Self: this, Relative: relative, Interpret: interpret, Operation: operation),
            static async (s, ct) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(s.Self._base, s.Relative));
                var answer = await s.Self._http.SendAsync(request, s.Operation, ct).ConfigureAwait(false);
                return s.Interpret(answer);
            },
            ambiguousIsTransient: false,
            cancellationToken);

    private SubmissionResult ReadBroadcast(HttpAnswer answer, string txid)
    {
        const string Operation = "POST tx/send";
        _http.ThrowIfUnavailable(answer, Operation);
        if (answer.Status == HttpStatusCode.BadRequest)
        {
            var (message, code) = InsightErrorText.Parse(answer.Text);
            _http.LogErrorAnswer(Operation, code?.ToString(CultureInfo.InvariantCulture) ?? "400", message);
            if (DashCoreErrorCodes.IsAlreadyKnown(code, message))
            {
                return SubmissionResult.AlreadyKnown;
            }

            if (code is { } nodeCode && DashCoreErrorCodes.IsRejection(nodeCode))
            {
                var codeText = nodeCode.ToString(CultureInfo.InvariantCulture);
                Log.BackendBroadcastRejected(_logger, Name, _chainText, txid, codeText, message);
                throw new TransactionRejectedException(_http.ChainId, codeText, _http.Redact($"{Name} {Operation} on {_http.ChainId}: {_http.Endpoint} refused {txid}: {codeText} \"{message}\"."));
            }
        }

        ThrowUnlessSuccess(answer, Operation);
        using var document = JsonFields.Parse(answer.Body);
        var accepted = JsonFields.Hash(JsonFields.Object(document.RootElement, "the answer"), "txid");
        return accepted == txid
            ? SubmissionResult.Accepted
            : throw _http.Failed("txid mismatch", Operation, $"txid {accepted} for the transaction whose txid is {txid}.");
    }

    /// <summary>Throws the typed exception for any answer but 2xx.</summary>
    private void ThrowUnlessSuccess(HttpAnswer answer, string operation)
    {
        _http.ThrowIfUnavailable(answer, operation);
        if (answer.IsSuccess)
        {
            return;
        }

        if (answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw _http.AuthenticationFailed(answer, operation, "Insight itself needs no credentials; check the proxy in front of it.");
        }

        var (message, code) = InsightErrorText.Parse(answer.Text);
        var codeText = code?.ToString(CultureInfo.InvariantCulture) ?? answer.StatusCode.ToString(CultureInfo.InvariantCulture);
        _http.LogErrorAnswer(operation, codeText, message);
        throw _http.Failed(codeText, operation, $"{answer.StatusText}: {answer.Excerpt}");
    }
}
