using System.Net;
using System.Text;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Rpc;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergySettlement.Ethereum.Tests.Rpc;

public sealed class RpcResilienceTests
{
    private static readonly ChainId Chain = ChainId.Parse("eip155:1");

    [Fact]
    public async Task SendAsync_TransientHttp503ThenSuccess_IsRetriedAndSucceeds()
    {
        var handler = new ScriptedHandler(
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            id => Json($$"""{"jsonrpc":"2.0","id":{{id}},"result":"0x1"}"""));
        var result = await Client(handler, retries: 2).SendAsync("eth_chainId", CancellationToken.None);
        Assert.Equal("0x1", result.GetString());
        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public async Task SendAsync_NodeErrorObject_IsNotRetried()
    {
        var handler = new ScriptedHandler(id => Json("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32000,\"message\":\"nonce too low\"}}"));
        var ex = await Assert.ThrowsAsync<RpcResponseException>(() => Client(handler, retries: 3).SendAsync("eth_sendRawTransaction", CancellationToken.None, "0x00"));
        Assert.Equal(RpcErrorKind.NonceTooLow, ex.Error.Kind);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task SendAsync_RateLimitedThenSuccess_IsRetried()
    {
        var handler = new ScriptedHandler(
            id => Json("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32005,\"message\":\"limit exceeded\"}}"),
            id => Json($$"""{"jsonrpc":"2.0","id":{{id}},"result":"0x2"}"""));

        var result = await Client(handler, retries: 2).SendAsync("eth_blockNumber", CancellationToken.None);
        Assert.Equal("0x2", result.GetString());
        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public async Task SendAsync_RateLimitedEveryTime_ThrowsTransientAfterRetries()
    {
        var handler = new ScriptedHandler(id => Json("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32005,\"message\":\"limit exceeded\"}}"));
        var ex = await Assert.ThrowsAsync<RpcResponseException>(() => Client(handler, retries: 2).SendAsync("eth_blockNumber", CancellationToken.None));
        Assert.True(ex.IsTransient);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task SendAsync_RepeatedOutage_OpensCircuitAndFailsFastAsChainUnavailable()
    {
        var handler = new ScriptedHandler(_ => throw new HttpRequestException("connection refused"));
        var options = new EthereumOptions { MaxRetryAttempts = 0, CircuitBreakerMinimumThroughput = 2, CircuitBreakerFailureRatio = 0.5, CircuitBreakerBreakDuration = TimeSpan.FromMinutes(1) };
        var client = new EthereumRpcClient(new HttpClient(handler), new Uri("http://node.example/key/"), Chain, RpcResiliencePipeline.Build(options, TimeProvider.System), NullLogger.Instance, TimeProvider.System);

        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<ChainUnavailableException>(() => client.SendAsync("eth_chainId", CancellationToken.None));
        }

        var calls = handler.Calls;
        var open = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.SendAsync("eth_chainId", CancellationToken.None));
        Assert.Contains("circuit breaker", open.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/key/", open.Message, StringComparison.Ordinal);
        Assert.Equal(calls, handler.Calls);
    }

    [Fact]
    public async Task SendBatchAsync_ResponsesOutOfOrder_AreMatchedById()
    {
        var handler = new ScriptedHandler(id => Json($$"""[{"jsonrpc":"2.0","id":{{id + 1}},"result":"b"},{"jsonrpc":"2.0","id":{{id}},"result":"a"}]"""));
        var results = await Client(handler, retries: 0).SendBatchAsync([RpcRequest.Create("m1"), RpcRequest.Create("m2")]);
        Assert.Equal("a", results[0].Result.GetString());
        Assert.Equal("b", results[1].Result.GetString());
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var handler = new ScriptedHandler(id => Json($$"""{"jsonrpc":"2.0","id":{{id}},"result":"0x1"}"""));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client(handler, retries: 2).SendAsync(RpcRequest.Create("eth_chainId"), cts.Token));
    }

    private static EthereumRpcClient Client(HttpMessageHandler handler, int retries)
    {
        var options = new EthereumOptions { MaxRetryAttempts = retries, RetryBaseDelay = TimeSpan.FromMilliseconds(1) };
        return new EthereumRpcClient(new HttpClient(handler), new Uri("http://node.example/"), Chain, RpcResiliencePipeline.Build(options, TimeProvider.System), NullLogger.Instance, TimeProvider.System);
    }

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>Answers each HTTP call with the next script step (the last repeats), given the request's first JSON-RPC id.</summary>
    private sealed class ScriptedHandler(params Func<long, HttpResponseMessage>[] steps) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            var idAt = body.IndexOf("\"id\":", StringComparison.Ordinal) + 5;
            var id = long.Parse(body.AsSpan(idAt, body.IndexOfAny([',', '}'], idAt) - idAt), System.Globalization.CultureInfo.InvariantCulture);
            var step = steps[Math.Min(Calls, steps.Length - 1)];
            Calls++;
            return step(id);
        }
    }
}
