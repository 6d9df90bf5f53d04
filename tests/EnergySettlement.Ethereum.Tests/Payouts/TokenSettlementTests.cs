using System.Text.Json;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Tests.Anvil;

namespace EnergySettlement.Ethereum.Tests.Payouts;

public sealed class TokenSettlementTests(ContractFixture chain) : IClassFixture<ContractFixture>
{
    private AnvilNode Node => chain.Node;

    [Fact]
    public async Task PrepareSubmit_Erc20BatchAfterApproval_MovesTokensFromPayerToEveryPayee()
    {
        var (token, signer, provider, asset) = await TokenPayerAsync();
        using var ownedSigner = signer;
        using var ownedProvider = provider;
        Assert.Equal($"eip155:31337/erc20:{token.ToString().ToLowerInvariant()}", asset.Id.ToString());

        var payees = new[] { TestChain.RandomAddress(), TestChain.RandomAddress() };
        var batch = new SettlementBatch(
            new SettlementBatchId("token-1"),
            provider.Account,
            asset,
            [
                new Payout(SettlementAccount.Create(TestChain.Chain, payees[0].ToString()), new Money(1_500, asset), "t-1"),
                new Payout(SettlementAccount.Create(TestChain.Chain, payees[1].ToString()), new Money(2_500, asset), "t-2"),
            ]);

        // Without an allowance the contract's transferFrom fails: refused before anything is signed.
        var refused = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.PrepareAsync(batch));
        Assert.Equal(BatchSettlementErrorCodes.TokenTransferFailed, refused.ErrorCode);

        var approval = await provider.PrepareApprovalAsync(new SettlementBatchId("approve-tst-1"), new Money(10_000, asset));
        Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(approval));
        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, approval)).State);

        var prepared = await provider.PrepareAsync(batch);
        Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(prepared));
        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, prepared)).State);

        Assert.Equal(new Money(1_500, asset), await provider.GetBalanceAsync(SettlementAccount.Create(TestChain.Chain, payees[0].ToString()), asset));
        Assert.Equal(new Money(2_500, asset), await provider.GetBalanceAsync(SettlementAccount.Create(TestChain.Chain, payees[1].ToString()), asset));
        Assert.Equal(new Money(996_000, asset), await provider.GetBalanceAsync(provider.Account, asset));

        // The receipt carries the token's Transfer events (the pull of the total, then one per payee) and one BatchSettled.
        var receipt = await TestChain.ReceiptAsync(Node, prepared.TransactionId);
        var topics = receipt.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("topics")[0].GetString()).ToArray();
        Assert.Equal(3, topics.Count(t => t == Hex.Encode(Erc20.TransferTopic, withPrefix: true)));
        Assert.Equal(1, topics.Count(t => t == Hex.Encode(BatchSettlementV2Contract.BatchSettledTopic, withPrefix: true)));
        Assert.True((await provider.GetSettlementAsync(prepared))!.Matches(batch));
    }

    [Fact]
    public async Task GetStatusAsync_TokenTransferFailsWhenMined_ReportsFailedAndPaysNothing()
    {
        var (token, signer, provider, asset) = await TokenPayerAsync();
        using var ownedSigner = signer;
        using var ownedProvider = provider;
        var approval = await provider.PrepareApprovalAsync(new SettlementBatchId("approve-tst-fails"), new Money(10_000, asset));
        await provider.SubmitAsync(approval);
        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, approval)).State);
        var payee = SettlementAccount.Create(TestChain.Chain, TestChain.RandomAddress().ToString());
        var batch = new SettlementBatch(new SettlementBatchId("token-fails-1"), provider.Account, asset, [new Payout(payee, new Money(1_000, asset), "f-1")]);
        var prepared = await provider.PrepareAsync(batch);

        // The payer's tokens vanish after signing, before mining (as if spent elsewhere): zero balanceOf[payer] (slot 1).
        var slotKey = new byte[64];
        signer.Address.WriteBytes(slotKey.AsSpan(12, 20));
        slotKey[63] = 1;
        await Node.RpcAsync("anvil_setStorageAt", token.ToString(), Hex.Encode(Keccak256.Hash(slotKey), withPrefix: true), "0x" + new string('0', 64));
        Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(prepared));
        var status = await TestChain.IncludedStatusAsync(provider, prepared);

        Assert.Equal(SettlementState.Failed, status.State);
        Assert.NotNull(status.BlockNumber);
        Assert.Equal(Money.Zero(asset), await provider.GetBalanceAsync(payee, asset));
    }

    [Fact]
    public async Task GetBalanceAsync_Native_ReadsTheAccountBalance()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 3 * TestChain.Ether);
        using var provider = TestChain.Provider(TestChain.Options(Node, signer, chain.Contract));
        var balance = await provider.GetBalanceAsync(provider.Account, provider.Capabilities.NativeAsset);
        Assert.Equal((Int128)3_000_000_000_000_000_000, balance.Amount);
    }

    /// <summary>A fresh token, a payer funded with ether and holding 1,000,000 token units, and a provider that pays in it.</summary>
    private async Task<(EthereumAddress Token, LocalKeySigner Signer, EthereumSettlementProvider Provider, Asset Asset)> TokenPayerAsync()
    {
        var token = await DeployTokenAsync();
        var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        await TestChain.CallAsync(Node, 3, token, AbiEncoder.Call(AbiEncoder.Selector("mint(address,uint256)"), AbiValue.Address(signer.Address), AbiValue.Word(1_000_000UL)));
        var options = TestChain.Options(Node, signer, chain.Contract, confirmations: 1);
        options.Tokens.Add(new EthereumTokenOptions { Address = token.ToString(), Symbol = "TST", Decimals = 6 });
        var provider = TestChain.Provider(options);
        return (token, signer, provider, provider.Capabilities.Assets.Single(a => a.Symbol == "TST"));
    }

    private async Task<EthereumAddress> DeployTokenAsync()
    {
        var artifact = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "tests", "EnergySettlement.Ethereum.Tests", "Contracts", "TestToken.json"));
        using var document = JsonDocument.Parse(artifact);
        var bytecode = Hex.Decode(document.RootElement.GetProperty("bytecode").GetString());
        return await TestChain.DeployAsync(Node, bytecode, seed: 2);
    }
}
