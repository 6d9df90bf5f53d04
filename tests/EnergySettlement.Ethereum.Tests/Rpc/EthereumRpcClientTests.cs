using System.Diagnostics;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Rpc;
using EnergySettlement.Ethereum.Tests.Anvil;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergySettlement.Ethereum.Tests.Rpc;

public sealed class EthereumRpcClientTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    private static readonly ChainId Chain = ChainId.Parse("eip155:31337");

    internal static EthereumRpcClient Client(Uri url, int retries = 1)
    {
        var options = new EthereumOptions { MaxRetryAttempts = retries, RetryBaseDelay = TimeSpan.FromMilliseconds(10), RequestTimeout = TimeSpan.FromSeconds(5) };
        return new EthereumRpcClient(new HttpClient(), url, Chain, RpcResiliencePipeline.Build(options, TimeProvider.System), NullLogger.Instance, TimeProvider.System);
    }

    [Fact]
    public async Task SendAsync_ChainId_ReturnsAnvilChainId()
    {
        var result = await Client(anvil.Node.RpcUrl).SendAsync("eth_chainId", CancellationToken.None);
        Assert.Equal(AnvilNode.ChainId, HexQuantity.ParseUInt64(result.GetString()));
    }

    [Fact]
    public async Task SendBatchAsync_MixedCalls_ReturnsResultsInRequestOrderWithErrorsInPlace()
    {
        var results = await Client(anvil.Node.RpcUrl).SendBatchAsync(
        [
            RpcRequest.Create("eth_chainId"),
            RpcRequest.Create("eth_no_such_method"),
            RpcRequest.Create("eth_getTransactionReceipt", "0x" + new string('0', 64)),
        ]);
        Assert.Equal(3, results.Length);
        Assert.Equal("0x7a69", results[0].Result.GetString());
        Assert.NotNull(results[1].Error);
        Assert.True(results[2].IsNull);
    }

    [Fact]
    public async Task SendAsync_GarbageRawTransaction_ThrowsRpcResponseExceptionWithNodeMessage()
    {
        var ex = await Assert.ThrowsAsync<RpcResponseException>(() => Client(anvil.Node.RpcUrl).SendAsync("eth_sendRawTransaction", CancellationToken.None, "0x02c0"));
        Assert.Equal("eth_sendRawTransaction", ex.Method);
        Assert.False(string.IsNullOrEmpty(ex.Error.Message));
        Assert.Equal(Chain, ex.ChainId);
    }

    [Fact]
    public async Task SendAsync_ClosedPort_ThrowsChainUnavailableAfterRetries()
    {
        var closed = new Uri($"http://127.0.0.1:{AnvilNode.FreePort()}/");
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => Client(closed, retries: 2).SendAsync("eth_chainId", CancellationToken.None));
        Assert.True(ex.IsTransient);
        Assert.Contains("127.0.0.1", ex.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }
}
