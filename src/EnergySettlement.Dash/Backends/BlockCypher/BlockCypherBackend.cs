using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Backends.DashCore;
using EnergySettlement.Dash.Backends.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash.Backends.BlockCypher;

/// <summary>
/// An <see cref="IUtxoBackend"/> on BlockCypher's REST API: <c>GET addrs/{address}?unspentOnly=true&amp;includeScript=true</c>
/// (<c>txrefs</c> and <c>unconfirmed_txrefs</c>, paged by block height), <c>POST txs/push</c> with <c>{"tx": hex}</c>,
/// <c>GET txs/{hash}</c> (confirmations, block, <c>double_spend</c>, the outputs' <c>spent_by</c>) and the chain endpoint
/// (height, fees per kB). The API token from the options goes in the <c>token</c> query parameter and never into a log
/// or an exception.
/// </summary>
/// <remarks>
/// <para>Push only. BlockCypher's two-step <c>txs/new</c> → sign <c>tosign</c> → <c>txs/send</c> flow is deliberately not
/// offered: it asks the client to sign digests the server computed, and the SDK signs only what it built and hashed
/// itself. Transactions are built and signed locally and pushed as raw bytes.</para>
/// <para>BlockCypher reports neither InstantSend locks nor ChainLocks, so statuses from it never say
/// <see cref="UtxoTransactionStatus.IsInstantLocked"/> or <see cref="UtxoTransactionStatus.IsChainLocked"/>: finality
/// through it alone comes from confirmations.</para>
/// <para>Thread-safe. The HTTP client is not owned (not disposed here).</para>
/// </remarks>
public sealed class BlockCypherBackend : IUtxoBackend
{
    private const int AddressPageLimit = 2000;
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private readonly BackendHttpClient _http;
    private readonly Uri _base;
    private readonly string? _token;
    private readonly int _maxAddressPages;
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
    public BlockCypherBackend(BlockCypherBackendOptions options, HttpClient httpClient, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var errors = BlockCypherBackendOptionsValidator.Errors(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(BlockCypherBackendOptions), errors);
        }

        var time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BlockCypherBackend>();
        _base = options.BaseUrl!.AbsoluteUri.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl.AbsoluteUri + "/");
        _token = string.IsNullOrEmpty(options.Token) ? null : options.Token;
        _maxAddressPages = options.MaxAddressPages;
        _chainText = options.ChainId.ToString();
        var pipeline = BackendResiliencePipeline.Build(options, time, "EnergySettlement.Dash.Backends.BlockCypher");
        _http = new BackendHttpClient(httpClient, Name, options.ChainId, _base, pipeline, _logger, time, _token);
    }

    /// <inheritdoc />
    /// <value><c>blockcypher</c>.</value>
    public string Name => "blockcypher";

    /// <inheritdoc />
    /// <remarks>
    /// <c>GET addrs/{address}?unspentOnly=true&amp;includeScript=true&amp;limit=2000</c>; while <c>hasMore</c> says so, the
    /// next page asks for coins <c>before</c> the lowest block height seen (BlockCypher returns the whole bottom block, so
    /// paging by height misses none). Confirmed coins (<c>txrefs</c>) come first, newest first, then mempool coins
    /// (<c>unconfirmed_txrefs</c>). References flagged <c>spent</c> or <c>double_spend</c> are left out: a coin whose
    /// creating transaction is being double-spent may vanish. An address without coins has neither list: empty.
    /// </remarks>
    /// <exception cref="ChainRequestException">The address has more than
    /// <see cref="BlockCypherBackendOptions.MaxAddressPages"/> pages of coins, or BlockCypher refused the address.</exception>
    public async Task<IReadOnlyList<UnspentOutput>> GetUnspentOutputsAsync(string address, CancellationToken cancellationToken = default)
    {
        BackendArguments.Address(address);
        const string Operation = "GET addrs/{address}";
        var outputs = new List<UnspentOutput>();
        var seen = new HashSet<OutPoint>();
        long? before = null;
        for (var page = 0; ; page++)
        {
            if (page == _maxAddressPages)
            {
                throw _http.Failed("too many pages", Operation, $"more than {_maxAddressPages.ToString(CultureInfo.InvariantCulture)} pages of {AddressPageLimit.ToString(CultureInfo.InvariantCulture)} coins for one address; raise MaxAddressPages or consolidate the address's coins.");
            }

            var query = $"addrs/{Uri.EscapeDataString(address)}?unspentOnly=true&includeScript=true&limit={AddressPageLimit.ToString(CultureInfo.InvariantCulture)}"
                + (before is { } b ? "&before=" + b.ToString(CultureInfo.InvariantCulture) : string.Empty);
            var (hasMore, lowest) = await GetAsync(Operation, query, answer =>
            {
                ThrowUnlessSuccess(answer, Operation);
                using var document = JsonFields.Parse(answer.Body);
                var root = JsonFields.Object(document.RootElement, "the address");
                var lowestHeight = ReadReferences(root, "txrefs", address, outputs, seen, confirmed: true);
                if (page == 0)
                {
                    ReadReferences(root, "unconfirmed_txrefs", address, outputs, seen, confirmed: false);
                }

                return (JsonFields.OptionalBoolean(root, "hasMore", whenAbsent: false), lowestHeight);
            }, cancellationToken).ConfigureAwait(false);

            if (!hasMore)
            {
                break;
            }

            if (lowest is not { } next || (before is { } previous && next >= previous))
            {
                throw _http.Failed("malformed response", Operation, "hasMore without a lower block height to page from.");
            }

            before = next;
        }

        // Mempool coins came with the first page; keep confirmed coins first.
        return outputs.OrderBy(o => o.Height is null ? 1 : 0).ToList();
    }

    /// <inheritdoc />
    /// <remarks><c>POST txs/push</c> with <c>{"tx": hex}</c>; BlockCypher answers HTTP 201 and the transaction, whose
    /// <c>hash</c> is checked against the txid of the bytes sent. A refusal (HTTP 400, 409 or 422 with <c>error</c>; other statuses are
    /// not read as a refusal) whose words say
    /// the transaction exists already is <see cref="SubmissionResult.AlreadyKnown"/>; for any other refusal the backend
    /// asks <c>GET txs/{hash}</c> whether BlockCypher has the transaction after all (then it is also
    /// <see cref="SubmissionResult.AlreadyKnown"/>), since its wording is not documented.</remarks>
    /// <exception cref="TransactionRejectedException">BlockCypher refused the transaction and does not have it; the code is
    /// the HTTP status (BlockCypher has no error codes).</exception>
    public async Task<SubmissionResult> BroadcastAsync(ReadOnlyMemory<byte> rawTransaction, CancellationToken cancellationToken = default)
    {
        BackendArguments.RawTransaction(rawTransaction);
        var txid = BackendArguments.ComputeTransactionId(rawTransaction.Span);
        var body = Encoding.UTF8.GetBytes($"{{\"tx\":\"{Hex.Encode(rawTransaction.Span)}\"}}");
        const string Operation = "POST txs/push";
        var refusal = await _http.ExecuteAsync(
            Operation,
            (Self: this, Body: body, Txid: txid),
            static async (s, ct) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, s.Self.Url("txs/push"));
                request.Content = new ByteArrayContent(s.Body);
                request.Content.Headers.ContentType = JsonContentType;
                var answer = await s.Self._http.SendAsync(request, Operation, ct).ConfigureAwait(false);
                return s.Self.ReadPush(answer, s.Txid);
            },
            ambiguousIsTransient: true,
            cancellationToken).ConfigureAwait(false);

        SubmissionResult result;
        if (refusal is null)
        {
            result = SubmissionResult.Accepted;
        }
        else if (DashCoreErrorCodes.IsAlreadyKnown(null, refusal.Value.Message) || refusal.Value.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase)
            || await KnowsAsync(txid, cancellationToken).ConfigureAwait(false))
        {
            result = SubmissionResult.AlreadyKnown;
        }
        else
        {
            Log.BackendBroadcastRejected(_logger, Name, _chainText, txid, refusal.Value.Code, refusal.Value.Message);
            throw new TransactionRejectedException(_http.ChainId, refusal.Value.Code, _http.Redact($"{Name} {Operation} on {_http.ChainId}: {_http.Endpoint} refused {txid}: HTTP {refusal.Value.Code} \"{refusal.Value.Message}\"."));
        }

        Log.BackendBroadcast(_logger, Name, _chainText, txid, result);
        return result;
    }

    /// <inheritdoc />
    /// <remarks><c>GET txs/{hash}?limit=1</c> (inputs and outputs are not needed): HTTP 404 is
    /// <see cref="UtxoTransactionStatus.Unknown"/>; <c>block_height</c> -1 means the mempool. A transaction BlockCypher flags
    /// <c>double_spend</c> is logged (event 5105); whether it lost is seen from its inputs' spends.</remarks>
    public Task<UtxoTransactionStatus> GetTransactionStatusAsync(ChainTransactionId transactionId, CancellationToken cancellationToken = default)
    {
        var txid = BackendArguments.TransactionId(transactionId);
        const string Operation = "GET txs/{hash}";
        return GetAsync(Operation, $"txs/{txid}?limit=1", answer =>
        {
            if (answer.Status == HttpStatusCode.NotFound)
            {
                return UtxoTransactionStatus.Unknown;
            }

            ThrowUnlessSuccess(answer, Operation);
            using var document = JsonFields.Parse(answer.Body);
            var tx = JsonFields.Object(document.RootElement, "the transaction");
            var height = JsonFields.OptionalInt64(tx, "block_height");
            var mined = height is >= 0;
            if (JsonFields.OptionalBoolean(tx, "double_spend", whenAbsent: false))
            {
                Log.BackendDoubleSpendFlagged(_logger, Name, _chainText, txid);
            }

            return new UtxoTransactionStatus
            {
                IsKnown = true,
                Confirmations = mined ? (int)Math.Clamp(JsonFields.OptionalInt64(tx, "confirmations") ?? 0, 0, int.MaxValue) : 0,
                BlockHash = mined ? JsonFields.OptionalHash(tx, "block_hash") : null,
                BlockHeight = mined ? height : null,
            };
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks><c>GET txs/{hash}?outstart={n}&amp;limit=1</c>: the first output listed is output n, its <c>spent_by</c>
    /// the spender (mempool spends included). An output of a transaction BlockCypher does not know (HTTP 404) is reported
    /// spent: it cannot be spent.</remarks>
    /// <exception cref="ChainRequestException">The transaction has no output with that index.</exception>
    public Task<OutputSpend> GetSpendAsync(OutPoint outPoint, CancellationToken cancellationToken = default)
    {
        var txid = BackendArguments.TransactionId(outPoint.TransactionId, nameof(outPoint));
        var index = outPoint.Index.ToString(CultureInfo.InvariantCulture);
        const string Operation = "GET txs/{hash}";
        return GetAsync(Operation, $"txs/{txid}?outstart={index}&limit=1", answer =>
        {
            if (answer.Status == HttpStatusCode.NotFound)
            {
                return new OutputSpend { IsSpent = true };
            }

            ThrowUnlessSuccess(answer, Operation);
            using var document = JsonFields.Parse(answer.Body);
            var tx = JsonFields.Object(document.RootElement, "the transaction");
            var outputs = JsonFields.Array(JsonFields.Required(tx, "outputs"), "outputs");
            var count = JsonFields.OptionalInt64(tx, "vout_sz");
            if (outputs.GetArrayLength() == 0 || (count is { } n && outPoint.Index >= n))
            {
                throw _http.Failed("no such output", Operation, $"transaction {txid} without an output {index}.");
            }

            var spender = JsonFields.OptionalHash(JsonFields.Object(outputs[0], "an output"), "spent_by");
            return spender is null ? new OutputSpend { IsSpent = false } : new OutputSpend { IsSpent = true, SpentBy = new ChainTransactionId(spender) };
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>The chain endpoint's fees in duffs per kB: <c>high_fee_per_kb</c> for 1 or 2 blocks,
    /// <c>medium_fee_per_kb</c> for 3 to 6, <c>low_fee_per_kb</c> beyond. Zero or absent: <see langword="null"/>.</remarks>
    public Task<long?> EstimateFeeRateAsync(int targetBlocks, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetBlocks, 1);
        var field = targetBlocks <= 2 ? "high_fee_per_kb" : targetBlocks <= 6 ? "medium_fee_per_kb" : "low_fee_per_kb";
        const string Operation = "GET chain";
        return GetAsync(Operation, string.Empty, answer =>
        {
            ThrowUnlessSuccess(answer, Operation);
            using var document = JsonFields.Parse(answer.Body);
            var rate = JsonFields.OptionalInt64(JsonFields.Object(document.RootElement, "the chain"), field);
            return rate is > 0 ? rate : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>The chain endpoint's <c>height</c>.</remarks>
    public Task<long> GetBlockHeightAsync(CancellationToken cancellationToken = default)
    {
        const string Operation = "GET chain";
        return GetAsync(Operation, string.Empty, answer =>
        {
            ThrowUnlessSuccess(answer, Operation);
            using var document = JsonFields.Parse(answer.Body);
            var height = JsonFields.Int64(JsonFields.Object(document.RootElement, "the chain"), "height");
            return height >= 0 ? height : throw new MalformedResponseException("height is negative");
        }, cancellationToken);
    }

    /// <summary>Reads one list of references; returns the lowest block height among them (confirmed lists).</summary>
    private static long? ReadReferences(JsonElement root, string name, string address, List<UnspentOutput> outputs, HashSet<OutPoint> seen, bool confirmed)
    {
        if (!JsonFields.TryGet(root, name, out var list))
        {
            return null;
        }

        long? lowest = null;
        foreach (var reference in JsonFields.Array(list, name).EnumerateArray())
        {
            JsonFields.Object(reference, "a txref");
            var height = JsonFields.OptionalInt64(reference, "block_height");
            if (confirmed && height is { } h)
            {
                lowest = lowest is { } l ? Math.Min(l, h) : h;
            }

            // tx_input_n is -1 and tx_output_n the index for a reference to an output.
            var outputIndex = JsonFields.Int64(reference, "tx_output_n");
            if (outputIndex < 0 || JsonFields.OptionalBoolean(reference, "spent", whenAbsent: false) || JsonFields.OptionalBoolean(reference, "double_spend", whenAbsent: false))
            {
                continue;
            }

            var outPoint = new OutPoint(new ChainTransactionId(JsonFields.Hash(reference, "tx_hash")), JsonFields.OutputIndex(reference, "tx_output_n"));
            if (!seen.Add(outPoint))
            {
                continue;
            }

            var mined = confirmed && height is > 0;
            outputs.Add(new UnspentOutput
            {
                OutPoint = outPoint,
                Address = address,
                Value = JsonFields.Amount(reference, "value"),
                ScriptPubKey = JsonFields.HexBytes(reference, "script"),
                Height = mined ? height : null,
                Confirmations = mined ? (int)Math.Clamp(JsonFields.OptionalInt64(reference, "confirmations") ?? 0, 0, int.MaxValue) : 0,
            });
        }

        return lowest;
    }

    private static string ErrorMessage(HttpAnswer answer)
    {
        // {"error": "..."} or, from the transaction endpoints, {"errors": [{"error": "..."}]}.
        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            var root = document.RootElement;
            if (JsonFields.TryGet(root, "error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString()!;
            }

            if (JsonFields.TryGet(root, "errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return string.Join("; ", errors.EnumerateArray().Select(e => JsonFields.TryGet(e, "error", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : e.ToString()));
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself is the message.
        }

        return answer.Excerpt;
    }

    private Uri Url(string relative)
    {
        if (_token is null)
        {
            return new Uri(_base, relative);
        }

        var separator = relative.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return new Uri(_base, $"{relative}{separator}token={Uri.EscapeDataString(_token)}");
    }

    private Task<T> GetAsync<T>(string operation, string relative, Func<HttpAnswer, T> interpret, CancellationToken cancellationToken) =>
        _http.ExecuteAsync(
            operation,
            (Self: this, Relative: relative, Interpret: interpret, Operation: operation),
            static async (s, ct) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, s.Self.Url(s.Relative));
                var answer = await s.Self._http.SendAsync(request, s.Operation, ct).ConfigureAwait(false);
                return s.Interpret(answer);
            },
            ambiguousIsTransient: false,
            cancellationToken);

    /// <summary>Reads a push answer: <see langword="null"/> when accepted, the refusal otherwise.</summary>
    private (string Code, string Message)? ReadPush(HttpAnswer answer, string txid)
    {
        const string Operation = "POST txs/push";
        _http.ThrowIfUnavailable(answer, Operation);
        if (answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.PaymentRequired)
        {
            throw _http.AuthenticationFailed(answer, Operation, "check the API token and its plan's limits.");
        }

        if (!answer.IsSuccess)
        {
            var message = ErrorMessage(answer);
            var code = answer.StatusCode.ToString(CultureInfo.InvariantCulture);
            _http.LogErrorAnswer(Operation, code, message);
            // BlockCypher refuses a transaction with 400 (or 409/422) and an error; any other status (404 from a wrong
            // BaseUrl, 405, …) says nothing about the transaction and must not read as a rejection.
            return answer.StatusCode is 400 or 409 or 422 ? (code, message) : throw _http.Failed(code, Operation, $"{answer.StatusText}: {message}");
        }

        using var document = JsonFields.Parse(answer.Body);
        var root = JsonFields.Object(document.RootElement, "the pushed transaction");
        var tx = JsonFields.TryGet(root, "tx", out var wrapped) ? JsonFields.Object(wrapped, "tx") : root;
        var hash = JsonFields.Hash(tx, "hash");
        return hash == txid ? null : throw _http.Failed("txid mismatch", Operation, $"hash {hash} for the transaction whose txid is {txid}.");
    }

    /// <summary>Asks whether BlockCypher has the transaction; any failure to tell is "no".</summary>
    private async Task<bool> KnowsAsync(string txid, CancellationToken cancellationToken)
    {
        try
        {
            var status = await GetTransactionStatusAsync(new ChainTransactionId(txid), cancellationToken).ConfigureAwait(false);
            return status.IsKnown;
        }
        catch (ChainRequestException)
        {
            return false;
        }
    }

    /// <summary>Throws the typed exception for any answer but 2xx.</summary>
    private void ThrowUnlessSuccess(HttpAnswer answer, string operation)
    {
        _http.ThrowIfUnavailable(answer, operation);
        if (answer.IsSuccess)
        {
            return;
        }

        if (answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.PaymentRequired)
        {
            throw _http.AuthenticationFailed(answer, operation, "check the API token and its plan's limits.");
        }

        var message = ErrorMessage(answer);
        var code = answer.StatusCode.ToString(CultureInfo.InvariantCulture);
        _http.LogErrorAnswer(operation, code, message);
        throw _http.Failed(code, operation, $"{answer.StatusText}: {message}");
    }
}
