using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EnergySettlement.Dash.Backends.BlockCypher;
using EnergySettlement.Dash.Tests.Backends.BlockCypher;
using EnergySettlement.Dash.Tests.Backends.DashCore;
using EnergySettlement.Dash.Tests.Backends.Insight;
using Polly;
using Polly.Retry;

namespace EnergySettlement.Dash.Tests.Backends.Http;

/// <summary>The resilience every backend shares (BackendHttpClient and BackendResiliencePipeline), driven through the
/// public backends against scripted servers, with the clock faked.</summary>
public sealed class BackendResilienceTests
{
    private const string ChainBody = """{"name":"DASH.main","height":42,"high_fee_per_kb":46086,"medium_fee_per_kb":29422,"low_fee_per_kb":12045}""";

    [Fact]
    public async Task RateLimited_WithRetryAfterSeconds_WaitsExactlyThatLongThenRetries()
    {
        await using var server = LoopbackHttpServer.Script(
            LoopbackResponse.Json("""{"error":"Limits reached."}""", 429, new Dictionary<string, string> { ["Retry-After"] = "7" }),
            LoopbackResponse.Json(ChainBody));
        var time = new RecordingTimeProvider();
        var backend = BlockCypherBackendTests.Backend(server, o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(200), time: time);

        var height = backend.GetBlockHeightAsync();
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(7));
        Assert.Equal(1, server.RequestCount);
        time.Advance(TimeSpan.FromSeconds(7));

        Assert.Equal(42, await height);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task RateLimited_WithRetryAfterDate_WaitsUntilThatDate()
    {
        var time = new RecordingTimeProvider();
        var until = time.GetUtcNow().AddSeconds(12).ToString("R", CultureInfo.InvariantCulture);
        await using var server = LoopbackHttpServer.Script(
            LoopbackResponse.Json("""{"error":"Limits reached."}""", 429, new Dictionary<string, string> { ["Retry-After"] = until }),
            LoopbackResponse.Json(ChainBody));
        var backend = BlockCypherBackendTests.Backend(server, time: time);

        var height = backend.GetBlockHeightAsync();
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(12));
        time.Advance(TimeSpan.FromSeconds(12));

        Assert.Equal(42, await height);
    }

    [Fact]
    public async Task RateLimited_RetryAfterLongerThanAllowed_FailsAtOnceAsUnavailable()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json("""{"error":"Limits reached."}""", 429, new Dictionary<string, string> { ["Retry-After"] = "3600" }));

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => BlockCypherBackendTests.Backend(server, o => o.MaxRetryAfter = TimeSpan.FromSeconds(30)).GetBlockHeightAsync());

        Assert.Contains("rate-limited", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3600 s", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsTransient);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task RateLimited_EveryTime_ThrowsUnavailableAfterTheRetries()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json("""{"error":"Limits reached."}""", 429));

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => BlockCypherBackendTests.Backend(server, o => o.MaxRetryAttempts = 3).GetBlockHeightAsync());

        Assert.Equal("429", Assert.IsAssignableFrom<ChainRequestException>(ex.InnerException).ErrorCode);
        Assert.Equal(4, server.RequestCount);
    }

    [Fact]
    public async Task ServerError_Once_IsRetriedAndSucceeds()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Text("<html><body><h1>502 Bad Gateway</h1></body></html>", 502), LoopbackResponse.Json(ChainBody));

        Assert.Equal(42, await BlockCypherBackendTests.Backend(server).GetBlockHeightAsync());
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task ConnectionDropped_IsRetriedAndSucceeds()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Drop, LoopbackResponse.Json(ChainBody));

        Assert.Equal(42, await BlockCypherBackendTests.Backend(server).GetBlockHeightAsync());
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task NoServerListening_ThrowsUnavailableNamingHostAndPortOnly()
    {
        var port = FreePort();
        var backend = new BlockCypherBackend(
            new BlockCypherBackendOptions { ChainId = TestChain.DashMainnet, BaseUrl = new Uri($"http://127.0.0.1:{port}/v1/dash/main"), Token = "feedbeef", MaxRetryAttempts = 1, RetryBaseDelay = TimeSpan.Zero },
            TestChain.Http,
            new RecordingTimeProvider());

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => backend.GetBlockHeightAsync());

        Assert.Contains($"http://127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/v1/dash", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("feedbeef", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerNeverAnswers_TimesOutAfterRequestTimeoutAsUnavailable()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Hang);
        var time = new RecordingTimeProvider();
        var backend = InsightBackendTests.Backend(server, o => (o.RequestTimeout, o.MaxRetryAttempts) = (TimeSpan.FromSeconds(5), 0), time);

        var height = backend.GetBlockHeightAsync();
        await server.WaitForRequestsAsync(1);
        time.Advance(TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => height);
        Assert.Contains("timed out after 5 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerNeverAnswersThenAnswers_TimeoutIsRetried()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Hang, LoopbackResponse.Json("""{"info":{"blocks":77}}"""));
        var time = new RecordingTimeProvider();
        var backend = InsightBackendTests.Backend(server, o => (o.RequestTimeout, o.MaxRetryAttempts) = (TimeSpan.FromSeconds(5), 1), time);

        var height = backend.GetBlockHeightAsync();
        await server.WaitForRequestsAsync(1);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(77, await height);
    }

    [Fact]
    public async Task CallerCancels_WhileWaiting_ThrowsOperationCanceled()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Hang);
        using var cts = new CancellationTokenSource();
        var backend = InsightBackendTests.Backend(server);

        var height = backend.GetBlockHeightAsync(cts.Token);
        await server.WaitForRequestsAsync(1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => height);
    }

    [Fact]
    public async Task RepeatedOutage_OpensTheCircuitThenLetsRequestsThroughAfterTheBreak()
    {
        var down = true;
        await using var server = LoopbackHttpServer.Start(_ => Volatile.Read(ref down) ? LoopbackResponse.Text("Service Unavailable", 503) : LoopbackResponse.Json("""{"info":{"blocks":5}}"""));
        var time = new RecordingTimeProvider();
        var backend = InsightBackendTests.Backend(server, o => (o.MaxRetryAttempts, o.CircuitBreakerMinimumThroughput, o.CircuitBreakerFailureRatio, o.CircuitBreakerBreakDuration) = (0, 2, 0.5, TimeSpan.FromSeconds(15)), time);
        await Assert.ThrowsAsync<ChainUnavailableException>(() => backend.GetBlockHeightAsync());
        await Assert.ThrowsAsync<ChainUnavailableException>(() => backend.GetBlockHeightAsync());

        var open = await Assert.ThrowsAsync<ChainUnavailableException>(() => backend.GetBlockHeightAsync());
        Assert.Contains("circuit breaker", open.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.RequestCount);

        Volatile.Write(ref down, false);
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(5, await backend.GetBlockHeightAsync());
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task ConfigureResilience_HostPipeline_ReplacesTheDefaultOne()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Text("busy", 503));
        var retries = 0;
        var backend = InsightBackendTests.Backend(server, o => o.ConfigureResilience = builder => builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is EnergySettlementException { IsTransient: true }),
            MaxRetryAttempts = 5,
            Delay = TimeSpan.Zero,
            OnRetry = _ =>
            {
                retries++;
                return ValueTask.CompletedTask;
            },
        }));

        await Assert.ThrowsAsync<ChainUnavailableException>(() => backend.GetBlockHeightAsync());

        Assert.Equal(5, retries);
        Assert.Equal(6, server.RequestCount);
    }

    [Fact]
    public async Task Broadcast_NodeUnreachableThenAccepts_IsRetriedBecauseBroadcastIsIdempotent()
    {
        var calls = 0;
        await using var node = FakeDashCoreNode.Start((_, _) => Interlocked.Increment(ref calls) == 1 ? RpcReply.Http(LoopbackResponse.Drop) : RpcReply.Error(-27, "transaction already in block chain"));

        Assert.Equal(Chains.SubmissionResult.AlreadyKnown, await DashCoreRpcBackendTests.Backend(node).BroadcastAsync(TestChain.RawTransaction));
        Assert.Equal(2, node.Server.RequestCount);
    }

    [Fact]
    public async Task AnswerLargerThanAccepted_IsRefusedWithoutReadingIt()
    {
        await using var server = LoopbackHttpServer.Script(LoopbackResponse.Json("[]", headers: new Dictionary<string, string> { ["Content-Length"] = "100000000" }));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => InsightBackendTests.Backend(server).GetUnspentOutputsAsync(TestChain.Address));

        Assert.Equal("malformed response", ex.ErrorCode);
        Assert.Contains("100000000 bytes", ex.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
