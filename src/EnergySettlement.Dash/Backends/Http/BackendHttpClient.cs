using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using EnergySettlement.Chains;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace EnergySettlement.Dash.Backends.Http;

/// <summary>
/// The HTTP plumbing the three backends share: every operation runs through a Polly <see cref="ResiliencePipeline"/>;
/// transport failures, timeouts, an open circuit and rate limits become <see cref="ChainUnavailableException"/>;
/// answers without the documented shape become <see cref="ChainRequestException"/> (code <c>malformed response</c>), or
/// <see cref="ChainUnavailableException"/> where the outcome is then unknown and repeating is safe (a broadcast).
/// Messages name the endpoint as scheme, host and port only, and never contain the configured secret (an API token).
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class BackendHttpClient
{
    /// <summary>The largest answer read: 64 MiB (a BlockCypher page of 2,000 coins is about 0.6 MB).</summary>
    internal const int MaxAnswerBytes = 64 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string? _secret;
    private readonly string _chainText;

    public BackendHttpClient(HttpClient http, string backend, ChainId chainId, Uri endpoint, ResiliencePipeline pipeline, ILogger logger, TimeProvider time, string? secret = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(backend);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        _http = http;
        Backend = backend;
        ChainId = chainId;
        _pipeline = pipeline;
        _logger = logger;
        _time = time;
        _secret = string.IsNullOrEmpty(secret) ? null : secret;
        _chainText = chainId.ToString();
        Endpoint = $"{endpoint.Scheme}://{endpoint.Host}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Gets the backend's name for messages and logs.</summary>
    public string Backend { get; }

    /// <summary>Gets the chain.</summary>
    public ChainId ChainId { get; }

    /// <summary>Gets the endpoint without user info, path or query (which may carry credentials).</summary>
    public string Endpoint { get; }

    /// <summary>
    /// Runs <paramref name="attempt"/> through the pipeline and maps what escapes it to the SDK's exceptions.
    /// </summary>
    /// <param name="operation">The operation's name for messages and logs (for example <c>GET /tx/{txid}</c>).</param>
    /// <param name="state">State for the attempt (keeps the delegate static).</param>
    /// <param name="attempt">One try: send, read, interpret; throws typed exceptions (transient ones are retried).</param>
    /// <param name="ambiguousIsTransient">Whether an answer without the documented shape leaves the outcome unknown and
    /// is worth repeating (a broadcast, which is idempotent) rather than a definite failure (a read).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<T> ExecuteAsync<TState, T>(string operation, TState state, Func<TState, CancellationToken, Task<T>> attempt, bool ambiguousIsTransient, CancellationToken cancellationToken)
    {
        using var activity = DashTelemetry.ActivitySource.HasListeners() ? DashTelemetry.ActivitySource.StartActivity("dash.backend " + operation, ActivityKind.Client) : null;
        if (activity is not null)
        {
            activity.SetTag("chain.id", _chainText);
            activity.SetTag("backend", Backend);
            activity.SetTag("operation", operation);
            activity.SetTag("server.address", Endpoint);
        }

        var started = _time.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await ExecuteCoreAsync(operation, state, attempt, ambiguousIsTransient, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            outcome = ex switch
            {
                OperationCanceledException when cancellationToken.IsCancellationRequested => "cancelled",
                EnergySettlementException { IsTransient: true } => "unavailable",
                _ => "error",
            };
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            var tags = new TagList
            {
                { "chain.id", _chainText },
                { "backend", Backend },
                { "operation", operation },
                { "outcome", outcome },
            };
            activity?.SetTag("outcome", outcome);
            DashTelemetry.BackendRequests.Add(1, tags);
            DashTelemetry.BackendDuration.Record(_time.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private async Task<T> ExecuteCoreAsync<TState, T>(string operation, TState state, Func<TState, CancellationToken, Task<T>> attempt, bool ambiguousIsTransient, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (s, ct) => await s.Self.GuardedAttemptAsync(s.Operation, s.State, s.Attempt, s.Ambiguous, ct).ConfigureAwait(false),
                (Self: this, Operation: operation, State: state, Attempt: attempt, Ambiguous: ambiguousIsTransient),
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            throw new ChainUnavailableException(ChainId, $"{Backend} {operation} on {ChainId} was not sent: too many recent failures opened the circuit breaker for {Endpoint}; it lets requests through again after the break.", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            Log.BackendTransportFailed(_logger, Backend, _chainText, operation, "timeout");
            throw new ChainUnavailableException(ChainId, $"{Backend} {operation} on {ChainId} timed out after {ex.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s waiting for {Endpoint}.", ex);
        }
        catch (RateLimitedException ex)
        {
            throw new ChainUnavailableException(ChainId, ex.Message, ex);
        }
    }

    /// <summary>Sends one request and reads the whole answer. Transport failures throw <see cref="ChainUnavailableException"/>.</summary>
    public async Task<HttpAnswer> SendAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var body = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return new HttpAnswer(response.StatusCode, response.ReasonPhrase, body, RetryAfterOf(response));
        }
        catch (HttpRequestException ex)
        {
            var reason = Redact(ex.Message);
            Log.BackendTransportFailed(_logger, Backend, _chainText, operation, reason);
            throw new ChainUnavailableException(ChainId, $"{Backend} {operation} on {ChainId}: cannot reach {Endpoint}: {reason}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout elapsed (not the caller's token, not the pipeline's timeout).
            Log.BackendTransportFailed(_logger, Backend, _chainText, operation, "HTTP client timeout");
            throw new ChainUnavailableException(ChainId, $"{Backend} {operation} on {ChainId}: {Endpoint} did not answer within the HTTP client's timeout.", ex);
        }
    }

    /// <summary>
    /// Throws for the answers that mean "try again later" whatever the API: HTTP 429 (rate limited), 408, and 5xx.
    /// </summary>
    public void ThrowIfUnavailable(HttpAnswer answer, string operation)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Status == HttpStatusCode.TooManyRequests)
        {
            throw RateLimited(answer, operation);
        }

        if (answer.Status == HttpStatusCode.RequestTimeout || answer.StatusCode >= 500)
        {
            throw Unavailable(answer, operation);
        }
    }

    /// <summary>The exception for HTTP 429.</summary>
    public RateLimitedException RateLimited(HttpAnswer answer, string operation)
    {
        ArgumentNullException.ThrowIfNull(answer);
        Log.BackendRateLimited(_logger, Backend, _chainText, operation, answer.RetryAfter?.TotalSeconds);
        var wait = answer.RetryAfter is { } delay ? $"; it asks to retry after {delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s" : string.Empty;
        return new RateLimitedException(ChainId, Redact($"{Backend} {operation} on {ChainId}: {Endpoint} rate-limited the request ({answer.StatusText}){wait}."), answer.RetryAfter);
    }

    /// <summary>The exception for an answer that means the backend cannot serve now (408, 5xx, a node still starting).</summary>
    public ChainUnavailableException Unavailable(HttpAnswer answer, string operation, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var said = detail ?? (answer.Body.Length == 0 ? string.Empty : $": {answer.Excerpt}");
        Log.BackendTransportFailed(_logger, Backend, _chainText, operation, answer.StatusText);
        return new ChainUnavailableException(ChainId, Redact($"{Backend} {operation} on {ChainId}: {Endpoint} answered {answer.StatusText}{said}"));
    }

    /// <summary>The exception for HTTP 401 or 403: the credentials or the API token were refused (not transient).</summary>
    public ChainRequestException AuthenticationFailed(HttpAnswer answer, string operation, string hint)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new ChainRequestException(ChainId, answer.StatusCode.ToString(CultureInfo.InvariantCulture), Redact($"{Backend} {operation} on {ChainId}: {Endpoint} refused our credentials ({answer.StatusText}); {hint}"), isTransient: false);
    }

    /// <summary>A definite failure with the backend's own code and words.</summary>
    public ChainRequestException Failed(string? errorCode, string operation, string said) =>
        new(ChainId, errorCode, Redact($"{Backend} {operation} on {ChainId}: {Endpoint} answered {said}"), isTransient: false);

    /// <summary>Logs a node or API error answer at debug level.</summary>
    public void LogErrorAnswer(string operation, string code, string message)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var redacted = Redact(message);
            Log.BackendErrorAnswer(_logger, Backend, _chainText, operation, code, redacted);
        }
    }

    /// <summary>Removes the configured secret from text that may reach a log or an exception.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _secret is null ? text : text.Replace(_secret, "***", StringComparison.Ordinal);
    }

    private async Task<T> GuardedAttemptAsync<TState, T>(string operation, TState state, Func<TState, CancellationToken, Task<T>> attempt, bool ambiguousIsTransient, CancellationToken cancellationToken)
    {
        try
        {
            return await attempt(state, cancellationToken).ConfigureAwait(false);
        }
        catch (MalformedResponseException ex)
        {
            throw Malformed(operation, ex.Message, ambiguousIsTransient, ex);
        }
        catch (JsonException ex)
        {
            throw Malformed(operation, "the answer is not valid JSON", ambiguousIsTransient, ex);
        }
    }

    private ChainRequestException Malformed(string operation, string detail, bool ambiguousIsTransient, Exception inner)
    {
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            var redacted = Redact(detail);
            Log.BackendMalformedAnswer(_logger, Backend, _chainText, operation, redacted);
        }

        var message = Redact($"{Backend} {operation} on {ChainId}: {Endpoint} answered something that is not the documented shape: {detail}.");
        return ambiguousIsTransient
            ? new ChainUnavailableException(ChainId, message + " The outcome is unknown; repeating the request is safe and tells.", inner)
            : new ChainRequestException(ChainId, "malformed response", message, isTransient: false, inner);
    }

    /// <summary>Reads the body, refusing more than <see cref="MaxAnswerBytes"/>: no API answer we read is that large, and a
    /// misbehaving server must not exhaust memory.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is > MaxAnswerBytes)
        {
            throw new MalformedResponseException($"the answer announces {content.Headers.ContentLength.Value.ToString(CultureInfo.InvariantCulture)} bytes, more than the {MaxAnswerBytes.ToString(CultureInfo.InvariantCulture)} accepted");
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxAnswerBytes)
                {
                    throw new MalformedResponseException($"the answer is larger than the {MaxAnswerBytes.ToString(CultureInfo.InvariantCulture)} bytes accepted");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
