using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EnergySettlement.Dash.Tests.Backends.Http;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 and a free port, answering each request with what the test's handler scripts
/// (one request per connection, <c>Connection: close</c>). It records every request, can hold a request unanswered
/// (<see cref="LoopbackResponse.Hang"/>) or drop the connection (<see cref="LoopbackResponse.Drop"/>), and stops by
/// itself after two minutes even if a test forgets to dispose it.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new(Lifetime);
    private readonly Func<LoopbackRequest, Task<LoopbackResponse>> _handler;
    private readonly ConcurrentQueue<LoopbackRequest> _requests = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private readonly Task _acceptLoop;

    private LoopbackHttpServer(Func<LoopbackRequest, Task<LoopbackResponse>> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}/");
        _acceptLoop = AcceptAsync();
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<LoopbackRequest> Requests => [.. _requests];

    public int RequestCount => _requests.Count;

    public static LoopbackHttpServer Start(Func<LoopbackRequest, LoopbackResponse> handler) => new(r => Task.FromResult(handler(r)));

    public static LoopbackHttpServer Start(Func<LoopbackRequest, Task<LoopbackResponse>> handler) => new(handler);

    /// <summary>Answers every request with the next response of <paramref name="responses"/>; the last one repeats.</summary>
    public static LoopbackHttpServer Script(params LoopbackResponse[] responses)
    {
        var next = -1;
        return Start(_ => responses[Math.Min(Interlocked.Increment(ref next), responses.Length - 1)]);
    }

    /// <summary>Completes when at least <paramref name="count"/> requests have arrived (fails after 30 s).</summary>
    public Task WaitForRequestsAsync(int count)
    {
        lock (_gate)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task.WaitAsync(WaitLimit);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop.WaitAsync(WaitLimit);
            await Task.WhenAll(_connections).WaitAsync(WaitLimit);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, _stop.Token);
                if (request is null)
                {
                    return;
                }

                Record(request);
                var response = await _handler(request);
                if (response.Kind == LoopbackResponse.Behaviour.Hang)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, _stop.Token);
                }

                if (response.Kind == LoopbackResponse.Behaviour.Drop)
                {
                    client.Client.LingerState = new LingerOption(true, 0);
                    return;
                }

                await stream.WriteAsync(response.Serialize(), _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client went away or the server stops.
            }
        }
    }

    private void Record(LoopbackRequest request)
    {
        lock (_gate)
        {
            _requests.Enqueue(request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_requests.Count >= _waiters[i].Count)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private static async Task<LoopbackRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
            if (buffer.Length > 1 << 20)
            {
                return null;
            }
        }

        var all = buffer.ToArray();
        var head = Encoding.ASCII.GetString(all, 0, headerEnd).Split("\r\n");
        var requestLine = head[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
        var body = new MemoryStream();
        body.Write(all, headerEnd + 4, all.Length - headerEnd - 4);
        while (body.Length < length)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            body.Write(chunk, 0, read);
        }

        return new LoopbackRequest(requestLine[0], requestLine[1], headers, body.ToArray());
    }

    private static int IndexOfHeaderEnd(MemoryStream buffer)
    {
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return bytes.IndexOf("\r\n\r\n"u8);
    }
}
