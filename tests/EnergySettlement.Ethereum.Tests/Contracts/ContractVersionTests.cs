using System.Text;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Tests.Anvil;

namespace EnergySettlement.Ethereum.Tests.Contracts;

/// <summary>Picking the contract version (configured or probed), and version 1 still settling for existing deployments.</summary>
public sealed class ContractVersionTests(ContractFixture chain) : IClassFixture<ContractFixture>
{
    private AnvilNode Node => chain.Node;

    [Fact]
    public async Task GetContractVersionAsync_DetectOnEachContract_ReportsItsVersion()
    {
        using var signer = TestChain.Signer(7);
        using var v2 = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract));
        using var v1 = TestChain.Provider(TestChain.Options(Node, signer, chain.ContractV1));

        Assert.Equal(BatchSettlementVersion.V2, await v2.GetContractVersionAsync());
        Assert.Equal(BatchSettlementVersion.V1, await v1.GetContractVersionAsync());
    }

    [Fact]
    public async Task PrepareAsync_ConfiguredVersionDiffersFromTheContract_RefusedBeforeSigning()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var options = TestChain.Options(Node, signer, chain.ContractV1);
        options.ContractVersion = BatchSettlementVersion.V2;
        using var provider = TestChain.Provider(options);

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => provider.PrepareAsync(TestChain.NativeBatch(provider, "mismatch", (TestChain.RandomAddress(), 1, null))));

        Assert.Equal("contract version mismatch", ex.ErrorCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task GetContractVersionAsync_AddressWithoutCode_RefusedAsNoContract()
    {
        using var signer = TestChain.Signer(7);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, TestChain.RandomAddress()));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => provider.GetContractVersionAsync());

        Assert.Equal("no contract", ex.ErrorCode);
    }

    [Fact]
    public async Task GetContractVersionAsync_ContractOfAnotherKind_RefusedAsNotABatchSettlementContract()
    {
        var token = await TestChain.DeployTestContractAsync(Node, "TestToken");
        using var signer = TestChain.Signer(7);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, token));

        var ex = await Assert.ThrowsAsync<ChainRequestException>(() => provider.GetContractVersionAsync());

        Assert.Equal("not a batch-settlement contract", ex.ErrorCode);
    }

    [Fact]
    public async Task PrepareSubmit_VersionOneContract_PaysAndLogsEachReference()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.ContractV1, confirmations: 1));
        var batch = TestChain.NativeBatch(provider, "v1-native", (TestChain.RandomAddress(), 1_000, "obligation-1"), (TestChain.RandomAddress(), 2_000, "obligation-2"));

        var prepared = await provider.PrepareAsync(batch);
        await provider.SubmitAsync(prepared);

        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, prepared)).State);
        var receipt = await TestChain.ReceiptAsync(Node, prepared.TransactionId);
        var payouts = receipt.GetProperty("logs").EnumerateArray()
            .Where(l => l.GetProperty("topics")[0].GetString() == Hex.Encode(BatchSettlementContract.PayoutTopic, withPrefix: true))
            .ToArray();
        Assert.Equal(2, payouts.Length);
        var data = Hex.Decode(payouts[1].GetProperty("data").GetString());
        Assert.Equal("obligation-2", Encoding.UTF8.GetString(data, 96, data[95]));
        await Assert.ThrowsAsync<NotSupportedException>(() => provider.GetSettlementAsync(prepared));
    }

    [Fact]
    public async Task PrepareAsync_VersionOneBatchIdAlreadySettled_ContractRefusesWithBatchAlreadySettled()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.ContractV1, confirmations: 1));
        var batch = TestChain.NativeBatch(provider, "v1-once", (TestChain.RandomAddress(), 5, null));
        var prepared = await provider.PrepareAsync(batch);
        await provider.SubmitAsync(prepared);
        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, prepared)).State);

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.PrepareAsync(batch));

        Assert.Equal(BatchSettlementErrorCodes.BatchAlreadySettled, ex.ErrorCode);
        Assert.Contains("batch key", ex.Message, StringComparison.Ordinal);
    }
}
