using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EnergySettlement.Dash.Backends.Http;

namespace EnergySettlement.Dash.Backends.DashCore;

/// <summary>
/// JSON-RPC over HTTP to Dash Core, as <c>dash-cli</c> speaks it (<c>"jsonrpc": "1.0"</c>, positional parameters), single
/// calls and batches. Dash Core answers errors with HTTP 500 (404 for an unknown method) and the JSON error object in the
/// body, so the body is read before the status; 401 means the credentials were refused, 503 a full work queue.
/// </summary>
/// <remarks>Thread-safe; request ids are unique per client.</remarks>
internal sealed class DashCoreRpcClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private readonly BackendHttpClient _http;
    private readonly Uri _url;
    private readonly DashCoreRpcCredentials _credentials;
    private long _nextId;

    public DashCoreRpcClient(BackendHttpClient http, Uri url, DashCoreRpcCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(credentials);
        _http = http;
        _url = url;
        _credentials = credentials;
    }

    /// <summary>Sends one call. Node errors are returned (the caller knows what each code means for its method), except the
    /// codes meaning "not ready yet", which throw a transient exception and are retried.</summary>
    public async Task<DashCoreRpcAnswer> CallAsync(DashCoreRpcCall call, bool ambiguousIsTransient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var answers = await ExchangeAsync([call], batch: false, ambiguousIsTransient, cancellationToken).ConfigureAwait(false);
        return answers[0];
    }

    /// <summary>Sends several calls in one HTTP exchange; answers come back in call order.</summary>
    public Task<DashCoreRpcAnswer[]> BatchAsync(IReadOnlyList<DashCoreRpcCall> calls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one call.", nameof(calls));
        }

        return ExchangeAsync(calls, batch: true, ambiguousIsTransient: false, cancellationToken);
    }

    /// <summary>The exception for a node error the caller does not handle itself: the node's code, not transient.</summary>
    public ChainRequestException Failed(string method, DashCoreRpcError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return _http.Failed(error.CodeText, method, $"error {error}.");
    }

    private Task<DashCoreRpcAnswer[]> ExchangeAsync(IReadOnlyList<DashCoreRpcCall> calls, bool batch, bool ambiguousIsTransient, CancellationToken cancellationToken)
    {
        var firstId = Interlocked.Add(ref _nextId, calls.Count) - calls.Count + 1;
        var body = Serialize(calls, batch, firstId);
        var operation = batch ? "batch " + string.Join('+', calls.Select(c => c.Method)) : calls[0].Method;
        return _http.ExecuteAsync(
            operation,
            (Self: this, Calls: calls, Batch: batch, FirstId: firstId, Body: body, Operation: operation),
            static (s, ct) => s.Self.AttemptAsync(s.Calls, s.Batch, s.FirstId, s.Body, s.Operation, ct),
            ambiguousIsTransient,
            cancellationToken);
    }

    private async Task<DashCoreRpcAnswer[]> AttemptAsync(IReadOnlyList<DashCoreRpcCall> calls, bool batch, long firstId, byte[] body, string operation, CancellationToken cancellationToken)
    {
        var authorization = await _credentials.GetAsync(_http.ChainId, cancellationToken).ConfigureAwait(false);
        var answer = await PostAsync(body, authorization, operation, cancellationToken).ConfigureAwait(false);
        if (answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            && await _credentials.RenewAsync(authorization, _http.ChainId, cancellationToken).ConfigureAwait(false))
        {
            // The node restarted and wrote a new cookie since we read it.
            authorization = await _credentials.GetAsync(_http.ChainId, cancellationToken).ConfigureAwait(false);
            answer = await PostAsync(body, authorization, operation, cancellationToken).ConfigureAwait(false);
        }

        if (answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw _http.AuthenticationFailed(answer, operation, _credentials.IsCookie
                ? "check that CookieFile is the .cookie of this node (under its -datadir, in testnet3/ or regtest/ for those networks)."
                : "check UserName and Password against the node's -rpcuser/-rpcpassword or -rpcauth.");
        }

        if (answer.Status == HttpStatusCode.TooManyRequests)
        {
            throw _http.RateLimited(answer, operation);
        }

        // Dash Core puts JSON-RPC errors in HTTP 500 (404 for an unknown method, 400 for a bad request) bodies; other
        // server errors come from a proxy or a full work queue (503) and mean "later".
        if (answer.Status == HttpStatusCode.RequestTimeout || answer.StatusCode > 500)
        {
            throw _http.Unavailable(answer, operation);
        }

        DashCoreRpcAnswer[] answers;
        try
        {
            answers = Parse(answer.Body, calls, batch, firstId);
        }
        catch (MalformedResponseException) when (answer.StatusCode == 500)
        {
            throw _http.Unavailable(answer, operation);
        }
        catch (MalformedResponseException) when (!answer.IsSuccess)
        {
            throw _http.Failed(answer.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), operation, $"{answer.StatusText}: {answer.Excerpt}");
        }

        for (var i = 0; i < answers.Length; i++)
        {
            if (answers[i].Error is { } error)
            {
                _http.LogErrorAnswer(calls[i].Method, error.CodeText, error.Message);
                if (DashCoreErrorCodes.IsUnavailable(error.Code))
                {
                    throw new ChainUnavailableException(_http.ChainId, $"{_http.Backend} {calls[i].Method} on {_http.ChainId}: {_http.Endpoint} cannot serve yet: {error}.");
                }
            }
        }

        return answers;
    }

    private async Task<HttpAnswer> PostAsync(byte[] body, AuthenticationHeaderValue authorization, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url);
        request.Headers.Authorization = authorization;
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonContentType;
        return await _http.SendAsync(request, operation, cancellationToken).ConfigureAwait(false);
    }

    private static DashCoreRpcAnswer[] Parse(byte[] body, IReadOnlyList<DashCoreRpcCall> calls, bool batch, long firstId)
    {
        using var document = JsonFields.Parse(body);
        var root = document.RootElement;
        var answers = new DashCoreRpcAnswer[calls.Count];
        var seen = new bool[calls.Count];
        if (root.ValueKind == JsonValueKind.Array)
        {
            if (!batch)
            {
                throw new MalformedResponseException("expected one JSON-RPC response object, found an array");
            }

            foreach (var item in root.EnumerateArray())
            {
                var id = JsonFields.Int64(JsonFields.Object(item, "a batch response item"), "id");
                var index = id - firstId;
                if (index < 0 || index >= answers.Length || seen[index])
                {
                    throw new MalformedResponseException($"a batch response item has an unexpected id {id}");
                }

                answers[index] = ReadOne(item);
                seen[index] = true;
            }
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            // A single call's answer, or a node refusing a whole batch with one error object.
            var one = ReadOne(root);
            if (batch && one.Error is null)
            {
                throw new MalformedResponseException("expected a JSON-RPC array for a batch, found one result object");
            }

            Array.Fill(answers, one);
            Array.Fill(seen, true);
        }
        else
        {
            throw new MalformedResponseException($"expected a JSON-RPC response, found {root.ValueKind}");
        }

        var missing = Array.IndexOf(seen, false);
        return missing < 0 ? answers : throw new MalformedResponseException($"the answer has no response for {calls[missing].Method}");
    }

    private static DashCoreRpcAnswer ReadOne(JsonElement item)
    {
        if (JsonFields.TryGet(item, "error", out var error))
        {
            JsonFields.Object(error, "the JSON-RPC error");
            var code = JsonFields.Int64(error, "code");
            var message = JsonFields.OptionalString(error, "message") ?? string.Empty;
            return new DashCoreRpcAnswer(default, new DashCoreRpcError(code, message));
        }

        if (!item.TryGetProperty("result", out var result))
        {
            throw new MalformedResponseException("the JSON-RPC response has neither result nor error");
        }

        return new DashCoreRpcAnswer(result.Clone(), null);
    }

    private static byte[] Serialize(IReadOnlyList<DashCoreRpcCall> calls, bool batch, long firstId)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (batch)
            {
                writer.WriteStartArray();
            }

            for (var i = 0; i < calls.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("jsonrpc", "1.0");
                writer.WriteNumber("id", firstId + i);
                writer.WriteString("method", calls[i].Method);
                writer.WritePropertyName("params");
                calls[i].Parameters.WriteTo(writer);
                writer.WriteEndObject();
            }

            if (batch)
            {
                writer.WriteEndArray();
            }
        }

        return buffer.ToArray();
    }
}
