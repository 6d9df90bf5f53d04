using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnergySettlement.Chains;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace EnergySettlement.Ethereum.Rpc;

/// <summary>
/// JSON-RPC 2.0 over HTTP with System.Text.Json: single calls and batches, every HTTP exchange run through a Polly
/// <see cref="ResiliencePipeline"/>. Transport failures become <see cref="ChainUnavailableException"/>; node error objects
/// become <see cref="RpcResponseException"/> (single calls) or <see cref="RpcResult.Error"/> (batches).
/// </summary>
/// <remarks>Thread-safe. Request ids are unique per client.</remarks>
internal sealed class EthereumRpcClient
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly KeyValuePair<string, object?> _chainTag;
    private readonly string _chainText;
    private long _nextId;

    public EthereumRpcClient(HttpClient http, Uri endpoint, ChainId chainId, ResiliencePipeline pipeline, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        _http = http;
        _endpoint = endpoint;
        ChainId = chainId;
        _pipeline = pipeline;
        _logger = logger;
        _time = time;
        _chainText = chainId.ToString();
        _chainTag = new("chain.id", _chainText);
    }

    /// <summary>Gets the chain this client talks to.</summary>
    public ChainId ChainId { get; }

    /// <summary>Sends one call.</summary>
    /// <returns>The <c>result</c> member (cloned).</returns>
    /// <exception cref="RpcResponseException">The node answered with an error object.</exception>
    /// <exception cref="ChainUnavailableException">The node could not be reached or answered garbage, after retries.</exception>
    public async Task<JsonElement> SendAsync(RpcRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var results = await ExchangeAsync([request], batch: false, cancellationToken).ConfigureAwait(false);
        var result = results[0];
        if (result.Error is { } error)
        {
            throw new RpcResponseException(ChainId, request.Method, error);
        }

        return result.Result;
    }

    /// <summary>Sends one call built from a method and parameters.</summary>
    public Task<JsonElement> SendAsync(string method, CancellationToken cancellationToken, params JsonNode?[] parameters) =>
        SendAsync(RpcRequest.Create(method, parameters), cancellationToken);

    /// <summary>Sends several calls in one JSON-RPC batch (one HTTP exchange).</summary>
    /// <returns>One result per request, in request order; node errors are returned, not thrown.</returns>
    /// <exception cref="ChainUnavailableException">The node could not be reached, after retries.</exception>
    public Task<RpcResult[]> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one request.", nameof(requests));
        }

        return ExchangeAsync(requests, batch: true, cancellationToken);
    }

    private async Task<RpcResult[]> ExchangeAsync(IReadOnlyList<RpcRequest> requests, bool batch, CancellationToken cancellationToken)
    {
        var firstId = Interlocked.Add(ref _nextId, requests.Count) - requests.Count + 1;
        var body = Serialize(requests, batch, firstId);
        var method = batch ? "batch" : requests[0].Method;
        using var activity = EthereumTelemetry.ActivitySource.StartActivity("ethereum.rpc " + method, ActivityKind.Client);
        activity?.SetTag("chain.id", ChainId.ToString());
        activity?.SetTag("rpc.method", method);
        activity?.SetTag("rpc.batch_size", requests.Count);
        try
        {
            var results = await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.Self.AttemptAsync(state.Body, state.Requests, state.Batch, state.FirstId, state.Method, ct).ConfigureAwait(false),
                (Self: this, Body: body, Requests: requests, Batch: batch, FirstId: firstId, Method: method),
                cancellationToken).ConfigureAwait(false);
            EthereumTelemetry.RpcRequests.Add(requests.Count, _chainTag, new("rpc.method", method), new("outcome", "ok"));
            return results;
        }
        catch (BrokenCircuitException ex)
        {
            EthereumTelemetry.RpcRequests.Add(requests.Count, _chainTag, new("rpc.method", method), new("outcome", "unavailable"));
            activity?.SetStatus(ActivityStatusCode.Error, "circuit open");
            throw new ChainUnavailableException(ChainId, $"{method} on {ChainId} was not sent: too many recent failures opened the circuit breaker for {Describe(_endpoint)}; it retries after the break.", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            EthereumTelemetry.RpcRequests.Add(requests.Count, _chainTag, new("rpc.method", method), new("outcome", "unavailable"));
            activity?.SetStatus(ActivityStatusCode.Error, "timeout");
            throw new ChainUnavailableException(ChainId, $"{method} on {ChainId} timed out after {ex.Timeout.TotalSeconds:0.###} s waiting for {Describe(_endpoint)}.", ex);
        }
        catch (ChainUnavailableException ex)
        {
            EthereumTelemetry.RpcRequests.Add(requests.Count, _chainTag, new("rpc.method", method), new("outcome", "unavailable"));
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private async Task<RpcResult[]> AttemptAsync(byte[] body, IReadOnlyList<RpcRequest> requests, bool batch, long firstId, string method, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync(_endpoint, content, cancellationToken).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500)
            {
                Log.RpcTransportFailed(_logger, _chainText, method, $"HTTP {(int)response.StatusCode}");
                throw new ChainUnavailableException(ChainId, $"{method} on {ChainId}: {Describe(_endpoint)} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            if (!response.IsSuccessStatusCode && bytes.Length == 0)
            {
                throw new ChainRequestException(ChainId, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), $"{method} on {ChainId}: {Describe(_endpoint)} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.", isTransient: false);
            }

            var results = Parse(bytes, requests, batch, firstId, method);
            foreach (var result in results)
            {
                if (result.Error is { Kind: RpcErrorKind.LimitExceeded } limited)
                {
                    // Rate limiting is transient: thrown inside the pipeline so that the retry strategy backs off.
                    throw new RpcResponseException(ChainId, method, limited);
                }
            }

            return results;
        }
        catch (HttpRequestException ex)
        {
            Log.RpcTransportFailed(_logger, _chainText, method, ex.Message);
            throw new ChainUnavailableException(ChainId, $"{method} on {ChainId}: cannot reach {Describe(_endpoint)}: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout elapsed (not the caller's token).
            throw new ChainUnavailableException(ChainId, $"{method} on {ChainId}: {Describe(_endpoint)} did not answer within the HTTP client's timeout.", ex);
        }
        finally
        {
            EthereumTelemetry.RpcDuration.Record(_time.GetElapsedTime(started).TotalSeconds, _chainTag, new("rpc.method", method));
        }
    }

    private RpcResult[] Parse(byte[] bytes, IReadOnlyList<RpcRequest> requests, bool batch, long firstId, string method)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new ChainUnavailableException(ChainId, $"{method} on {ChainId}: {Describe(_endpoint)} answered something that is not JSON ({bytes.Length} bytes).", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var results = new RpcResult[requests.Count];
            var seen = new bool[requests.Count];
            if (batch && root.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in root.EnumerateArray())
                {
                    Place(item, results, seen, firstId, method);
                }
            }
            else if (root.ValueKind == JsonValueKind.Object && (!batch || !root.TryGetProperty("id", out var id) || id.ValueKind == JsonValueKind.Null))
            {
                if (!batch)
                {
                    results[0] = ReadOne(root, method);
                    seen[0] = true;
                }
                else
                {
                    // A node that refuses the whole batch answers one error object.
                    var error = ReadOne(root, method).Error ?? new RpcError(-32600, "the node refused the batch", null);
                    Array.Fill(results, new RpcResult(default, error));
                    Array.Fill(seen, true);
                }
            }
            else
            {
                throw new ChainRequestException(ChainId, "malformed response", $"{method} on {ChainId}: expected a JSON-RPC {(batch ? "array" : "object")}, found {root.ValueKind}.", isTransient: true);
            }

            var missing = Array.IndexOf(seen, false);
            if (missing >= 0)
            {
                throw new ChainRequestException(ChainId, "malformed response", $"{method} on {ChainId}: the node's answer has no response for request {requests[missing].Method}.", isTransient: true);
            }

            return results;
        }
    }

    private void Place(JsonElement item, RpcResult[] results, bool[] seen, long firstId, string method)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("id", out var idElement) || !idElement.TryGetInt64(out var id))
        {
            throw new ChainRequestException(ChainId, "malformed response", $"{method} on {ChainId}: a batch response item has no numeric id.", isTransient: true);
        }

        var index = id - firstId;
        if (index < 0 || index >= results.Length || seen[index])
        {
            throw new ChainRequestException(ChainId, "malformed response", $"{method} on {ChainId}: a batch response item has unexpected id {id}.", isTransient: true);
        }

        results[index] = ReadOne(item, method);
        seen[index] = true;
    }

    private RpcResult ReadOne(JsonElement item, string method)
    {
        if (item.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code", out var c) && c.TryGetInt64(out var n) ? n : 0;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? string.Empty : string.Empty;
            var data = error.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null ? d.GetRawText() : null;
            Log.RpcError(_logger, _chainText, method, code, message);
            return new RpcResult(default, new RpcError(code, message, data));
        }

        if (!item.TryGetProperty("result", out var result))
        {
            throw new ChainRequestException(ChainId, "malformed response", $"{method} on {ChainId}: the response has neither result nor error.", isTransient: true);
        }

        return new RpcResult(result.Clone(), null);
    }

    private static byte[] Serialize(IReadOnlyList<RpcRequest> requests, bool batch, long firstId)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (batch)
            {
                writer.WriteStartArray();
            }

            for (var i = 0; i < requests.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("jsonrpc", "2.0");
                writer.WriteNumber("id", firstId + i);
                writer.WriteString("method", requests[i].Method);
                writer.WritePropertyName("params");
                requests[i].Parameters.WriteTo(writer);
                writer.WriteEndObject();
            }

            if (batch)
            {
                writer.WriteEndArray();
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The endpoint without user info, path or query (which may carry an API key).</summary>
    private static string Describe(Uri endpoint) => $"{endpoint.Scheme}://{endpoint.Host}:{endpoint.Port}";
}
