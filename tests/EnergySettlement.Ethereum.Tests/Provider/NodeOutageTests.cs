using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Tests.Anvil;

namespace EnergySettlement.Ethereum.Tests.Provider;

public sealed class NodeOutageTests : IAsyncLifetime
{
    private AnvilNode? _node;

    private AnvilNode Node => _node!;

    public async Task InitializeAsync() => _node = await AnvilNode.StartAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();

    [Fact]
    public async Task PrepareAsync_NodeDownThenBack_ThrowsChainUnavailableThenSucceeds()
    {
        var contract = await TestChain.DeployAsync(Node, BatchSettlementContract.Bytecode);
        using var signer = TestChain.Signer(11);
        await Node.SetBalanceAsync(signer.Address.ToString(), 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, contract, confirmations: 1));
        var batch = TestChain.NativeBatch(provider, "outage-1", (TestChain.RandomAddress(), 5, null));

        await Node.StopAsync();
        var down = await Assert.ThrowsAsync<ChainUnavailableException>(() => provider.PrepareAsync(batch));
        Assert.True(down.IsTransient);
        Assert.Equal(TestChain.Chain, down.ChainId);

        // The node comes back on the same port (a fresh chain: the same deployer nonce gives the same contract address).
        await Node.StartAsync();
        Assert.Equal(contract, await TestChain.DeployAsync(Node, BatchSettlementContract.Bytecode));
        await Node.SetBalanceAsync(signer.Address.ToString(), 10 * TestChain.Ether);

        var prepared = await provider.PrepareAsync(batch);
        Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(prepared));
        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, prepared)).State);
    }

    [Fact]
    public async Task GetStatusAsync_NodeDown_ThrowsChainUnavailableWithoutLeakingUrlPath()
    {
        var contract = await TestChain.DeployAsync(Node, BatchSettlementContract.Bytecode);
        using var signer = TestChain.Signer(12);
        var options = TestChain.Options(Node, signer, contract);
        options.RpcUrl = new Uri(Node.RpcUrl, "secret-api-key/");
        using var provider = TestChain.Provider(options);
        var prepared = new PreparedTransaction
        {
            BatchId = new SettlementBatchId("x"),
            ChainId = TestChain.Chain,
            Payer = provider.Account,
            TransactionId = new ChainTransactionId("0x" + new string('1', 64)),
            RawTransaction = new byte[] { 1 },
            MaxFee = Money.Zero(provider.Capabilities.NativeAsset),
            Sequence = 0,
        };
        await Node.StopAsync();

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => provider.GetStatusAsync(prepared));
        Assert.DoesNotContain("secret-api-key", ex.Message, StringComparison.Ordinal);
    }
}
