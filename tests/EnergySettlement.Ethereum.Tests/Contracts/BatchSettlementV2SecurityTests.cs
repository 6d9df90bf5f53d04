using System.Numerics;
using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Commitments;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Tests.Anvil;

namespace EnergySettlement.Ethereum.Tests.Contracts;

/// <summary>
/// BatchSettlementV2 under attack and misuse, on Anvil: every refusal reaches the caller as a
/// <see cref="TransactionRejectedException"/> whose ErrorCode is the contract's custom error, decoded by the adapter.
/// </summary>
public sealed class BatchSettlementV2SecurityTests(ContractFixture chain) : IClassFixture<ContractFixture>
{
    private enum TokenMode : byte
    {
        Normal = 0,
        ReturnsFalse = 1,
        ReturnsNothing = 2,
        Reverts = 3,
        ChargesFee = 4,
    }

    private AnvilNode Node => chain.Node;

    [Fact]
    public async Task PrepareAsync_PayeeReentersAndReverts_RefusedWithNativeTransferFailed()
    {
        var attacker = await DeployReentrantPayeeAsync(swallow: false);
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(V2Options(signer));
        var batch = TestChain.NativeBatch(provider, "reentry-reverts", (TestChain.RandomAddress(), 1_000, "a"), (attacker, 2_000, "r"), (TestChain.RandomAddress(), 3_000, "b"));

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.PrepareAsync(batch));

        Assert.Equal(BatchSettlementErrorCodes.NativeTransferFailed, ex.ErrorCode);
        Assert.Contains(attacker.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettleNative_PayeeReentersToTakeTheEtherInFlight_EveryPayeePaidExactlyOnceAndNothingLeftInTheContract()
    {
        var attacker = await DeployReentrantPayeeAsync(swallow: true);
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(V2Options(signer));
        var (a, b) = (TestChain.RandomAddress(), TestChain.RandomAddress());
        var batch = TestChain.NativeBatch(provider, "reentry-swallowed", (a, 1_000, "a"), (attacker, 2_000, "r"), (b, 3_000, "b"));

        var prepared = await provider.PrepareAsync(batch);
        await provider.SubmitAsync(prepared);

        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, prepared)).State);
        Assert.Equal(new BigInteger(1_000), await Node.BalanceAsync(a.ToString()));
        Assert.Equal(new BigInteger(2_000), await Node.BalanceAsync(attacker.ToString()));
        Assert.Equal(new BigInteger(3_000), await Node.BalanceAsync(b.ToString()));
        Assert.Equal(BigInteger.Zero, await Node.BalanceAsync(chain.Contract.ToString()));
        Assert.True(await ViewWordAsync(attacker, "reentries()") >= 1UL, "the payee did re-enter");
        Assert.Equal(UInt256.Zero, await ViewWordAsync(attacker, "reentrySucceeded()"));
    }

    [Fact]
    public async Task PrepareAsync_TokenReturnsFalse_RefusedWithTokenTransferFailed()
    {
        var (provider, signer, asset, _) = await TokenPayerAsync(TokenMode.ReturnsFalse);
        using var ownedSigner = signer;
        using var ownedProvider = provider;

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.PrepareAsync(TokenBatch(provider, asset, "token-false", 500)));

        Assert.Equal(BatchSettlementErrorCodes.TokenTransferFailed, ex.ErrorCode);
    }

    [Fact]
    public async Task PrepareSubmit_TokenReturnsNothing_IsAcceptedAndPaysEveryPayee()
    {
        var (provider, signer, asset, _) = await TokenPayerAsync(TokenMode.ReturnsNothing);
        using var ownedSigner = signer;
        using var ownedProvider = provider;
        var batch = TokenBatch(provider, asset, "token-silent", 500, 700);

        var prepared = await provider.PrepareAsync(batch);
        await provider.SubmitAsync(prepared);

        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, prepared)).State);
        Assert.Equal(new Money(500, asset), await provider.GetBalanceAsync(batch.Payouts[0].Payee, asset));
        Assert.Equal(new Money(700, asset), await provider.GetBalanceAsync(batch.Payouts[1].Payee, asset));
        Assert.Equal(Money.Zero(asset), await provider.GetBalanceAsync(SettlementAccount.Create(TestChain.Chain, chain.Contract.ToString()), asset));
    }

    [Fact]
    public async Task PrepareAsync_TokenReverts_RefusedWithTokenTransferFailed()
    {
        var (provider, signer, asset, _) = await TokenPayerAsync(TokenMode.Reverts);
        using var ownedSigner = signer;
        using var ownedProvider = provider;

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.PrepareAsync(TokenBatch(provider, asset, "token-reverts", 500)));

        Assert.Equal(BatchSettlementErrorCodes.TokenTransferFailed, ex.ErrorCode);
    }

    [Fact]
    public async Task PrepareAsync_TokenChargesAFee_RefusedWithFeeOnTransferTokenInsteadOfPayingShort()
    {
        var (provider, signer, asset, token) = await TokenPayerAsync(TokenMode.ChargesFee);
        using var ownedSigner = signer;
        using var ownedProvider = provider;

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.PrepareAsync(TokenBatch(provider, asset, "token-fee", 1_000, 2_000)));

        Assert.Equal(BatchSettlementErrorCodes.FeeOnTransferToken, ex.ErrorCode);
        Assert.Contains(token.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected 3000, received 2970", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_TokenAddressWithoutCode_RefusedWithNotAToken()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var options = V2Options(signer);
        options.Tokens.Add(new EthereumTokenOptions { Address = TestChain.RandomAddress().ToString(), Symbol = "NONE", Decimals = 6 });
        using var provider = TestChain.Provider(options);
        var asset = provider.Capabilities.Assets.Single(a => a.Symbol == "NONE");

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.PrepareAsync(TokenBatch(provider, asset, "not-a-token", 500)));

        Assert.Equal(BatchSettlementErrorCodes.NotAToken, ex.ErrorCode);
    }

    [Fact]
    public async Task PrepareAsync_PayerReusesASettledBatchIdAfterLosingItsStore_ContractRefusesWithBatchAlreadySettled()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        var options = V2Options(signer, BatchNumbering.BatchIdHash);
        using (var first = TestChain.Provider(options))
        {
            var prepared = await first.PrepareAsync(TestChain.NativeBatch(first, "reused-id", (TestChain.RandomAddress(), 10, null)));
            await first.SubmitAsync(prepared);
            Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(first, prepared)).State);
        }

        // A new process with an empty store: only the chain knows; the once-only bit of keccak256(id) refuses it.
        using var second = TestChain.Provider(options);
        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => second.PrepareAsync(TestChain.NativeBatch(second, "reused-id", (TestChain.RandomAddress(), 10, null))));

        Assert.Equal(BatchSettlementErrorCodes.BatchAlreadySettled, ex.ErrorCode);
        Assert.Contains("batch number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EstimateCall_PayerReusesASettledBatchNumber_RefusedWithBatchAlreadySettled()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(V2Options(signer));
        var prepared = await provider.PrepareAsync(TestChain.NativeBatch(provider, "reused-number", (TestChain.RandomAddress(), 10, null)));
        await provider.SubmitAsync(prepared);
        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, prepared)).State);

        var data = NativeCall(prepared.Sequence!.Value, [(TestChain.RandomAddress(), 5)]);
        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.EstimateCallGasAsync(chain.Contract, 5UL, data));

        Assert.Equal(BatchSettlementErrorCodes.BatchAlreadySettled, ex.ErrorCode);
        Assert.Contains($"batch number {prepared.Sequence}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settle_AnotherAddressUsesThePayersBatchIdFirst_PayerStillSettlesAndOnlyRepeatsAreRefused()
    {
        using var payerSigner = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var payer = TestChain.Provider(V2Options(payerSigner, BatchNumbering.BatchIdHash));
        using var intruderSigner = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var intruder = TestChain.Provider(V2Options(intruderSigner, BatchNumbering.BatchIdHash));

        // The intruder settles a batch of its own under the payer's batch id first (the same batch number on chain).
        var stolen = await intruder.PrepareAsync(TestChain.NativeBatch(intruder, "payers-id", (TestChain.RandomAddress(), 1, null)));
        await intruder.SubmitAsync(stolen);
        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(intruder, stolen)).State);

        var prepared = await payer.PrepareAsync(TestChain.NativeBatch(payer, "payers-id", (TestChain.RandomAddress(), 2, null)));
        await payer.SubmitAsync(prepared);
        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(payer, prepared)).State);

        var number = (await payer.GetSettlementAsync(prepared))!.BatchNumber;
        Assert.Equal(number, (await intruder.GetSettlementAsync(stolen))!.BatchNumber);
        Assert.Equal(UInt256.One, await IsSettledAsync(payerSigner.Address, number));
        Assert.Equal(UInt256.One, await IsSettledAsync(intruderSigner.Address, number));
        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => intruder.EstimateCallGasAsync(chain.Contract, 1UL, NativeCall(number, [(TestChain.RandomAddress(), 1)])));
        Assert.Equal(BatchSettlementErrorCodes.BatchAlreadySettled, ex.ErrorCode);
        Assert.Contains(intruderSigner.Address.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EstimateCall_ReferencesAndPayoutsDifferInLength_RefusedWithMalformedBatch()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(V2Options(signer));
        var words = new[] { Word(TestChain.RandomAddress(), 1), Word(TestChain.RandomAddress(), 2) };
        var data = BatchSettlementV2Contract.EncodeSettleNative(77UL, new byte[32], default, words, ["only one"]);

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.EstimateCallGasAsync(chain.Contract, 3UL, data));

        Assert.Equal(BatchSettlementErrorCodes.MalformedBatch, ex.ErrorCode);
        Assert.Contains("payouts 2, references 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EstimateCall_NoPayouts_RefusedWithMalformedBatch()
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(V2Options(signer));

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.EstimateCallGasAsync(chain.Contract, UInt256.Zero, NativeCall(78, [])));

        Assert.Equal(BatchSettlementErrorCodes.MalformedBatch, ex.ErrorCode);
    }

    [Theory]
    [InlineData(2_999)]
    [InlineData(3_001)]
    public async Task EstimateCall_EtherSentDiffersFromTheTotal_RefusedWithValueMismatch(ulong sent)
    {
        using var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        using var provider = TestChain.Provider(V2Options(signer));
        var data = NativeCall(79, [(TestChain.RandomAddress(), 1_000), (TestChain.RandomAddress(), 2_000)]);

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.EstimateCallGasAsync(chain.Contract, sent, data));

        Assert.Equal(BatchSettlementErrorCodes.ValueMismatch, ex.ErrorCode);
        Assert.Contains($"expected 3000, received {sent}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2_999)]
    [InlineData(3_001)]
    public async Task EstimateCall_DeclaredTokenTotalDiffersFromTheAmounts_RefusedWithTotalMismatch(ulong declared)
    {
        var (provider, signer, _, token) = await TokenPayerAsync(TokenMode.Normal);
        using var ownedSigner = signer;
        using var ownedProvider = provider;
        var words = new[] { Word(TestChain.RandomAddress(), 1_000), Word(TestChain.RandomAddress(), 2_000) };
        var data = BatchSettlementV2Contract.EncodeSettleToken(80UL, new byte[32], default, token, declared, words, null);

        var ex = await Assert.ThrowsAsync<TransactionRejectedException>(() => provider.EstimateCallGasAsync(chain.Contract, UInt256.Zero, data));

        Assert.Equal(BatchSettlementErrorCodes.TotalMismatch, ex.ErrorCode);
        Assert.Contains($"declared {declared}, paid 3000", ex.Message, StringComparison.Ordinal);
    }

    private EthereumOptions V2Options(LocalKeySigner signer, BatchNumbering numbering = BatchNumbering.AccountNonce)
    {
        var options = TestChain.Options(Node, signer, chain.Contract, confirmations: 1);
        options.ContractVersion = BatchSettlementVersion.V2;
        options.BatchNumbering = numbering;
        return options;
    }

    private static UInt256 Word(EthereumAddress payee, ulong amount) => BatchSettlementV2Contract.PackPayout(payee, amount);

    private static byte[] NativeCall(ulong batchNumber, (EthereumAddress Payee, ulong Amount)[] payouts) =>
        BatchSettlementV2Contract.EncodeSettleNative(batchNumber, new byte[32], default, payouts.Select(p => Word(p.Payee, p.Amount)).ToArray(), null);

    private static byte[] NativeCall(UInt256 batchNumber, (EthereumAddress Payee, ulong Amount)[] payouts) =>
        BatchSettlementV2Contract.EncodeSettleNative(batchNumber, new byte[32], default, payouts.Select(p => Word(p.Payee, p.Amount)).ToArray(), null);

    private static SettlementBatch TokenBatch(EthereumSettlementProvider provider, Asset asset, string id, params long[] amounts) =>
        new(new SettlementBatchId(id), provider.Account, asset, amounts.Select(a => new Payout(SettlementAccount.Create(TestChain.Chain, TestChain.RandomAddress().ToString()), new Money(a, asset), id)));

    private async Task<UInt256> ViewWordAsync(EthereumAddress contract, string signature) =>
        UInt256.ReadBigEndian(await TestChain.ViewAsync(Node, contract, AbiEncoder.Call(AbiEncoder.Selector(signature))));

    private async Task<UInt256> IsSettledAsync(EthereumAddress payer, UInt256 number) =>
        UInt256.ReadBigEndian(await TestChain.ViewAsync(Node, chain.Contract, BatchSettlementV2Contract.EncodeIsSettled(payer, number)));

    private async Task<EthereumAddress> DeployReentrantPayeeAsync(bool swallow)
    {
        var constructor = AbiEncoder.EncodeTuple([AbiValue.Address(chain.Contract)]);
        var payee = await TestChain.DeployTestContractAsync(Node, "ReentrantPayee", constructor);
        await TestChain.CallAsync(Node, 3, payee, AbiEncoder.Call(AbiEncoder.Selector("setSwallow(bool)"), AbiValue.Word(swallow ? UInt256.One : UInt256.Zero)));
        return payee;
    }

    /// <summary>A fresh MisbehavingToken in <paramref name="mode"/>, a payer holding 1,000,000 units that approved the contract, and a provider paying in it.</summary>
    private async Task<(EthereumSettlementProvider Provider, LocalKeySigner Signer, Asset Asset, EthereumAddress Token)> TokenPayerAsync(TokenMode mode)
    {
        var token = await TestChain.DeployTestContractAsync(Node, "MisbehavingToken");
        var signer = await TestChain.FundedSignerAsync(Node, 10 * TestChain.Ether);
        await TestChain.CallAsync(Node, 3, token, AbiEncoder.Call(AbiEncoder.Selector("mint(address,uint256)"), AbiValue.Address(signer.Address), AbiValue.Word(1_000_000UL)));
        var options = V2Options(signer);
        options.Tokens.Add(new EthereumTokenOptions { Address = token.ToString(), Symbol = "BAD", Decimals = 6 });
        var provider = TestChain.Provider(options);
        var asset = provider.Capabilities.Assets.Single(a => a.Symbol == "BAD");
        var approval = await provider.PrepareApprovalAsync(new SettlementBatchId("approve-" + token.ToString()[2..]), new Money(1_000_000, asset));
        await provider.SubmitAsync(approval);
        Assert.Equal(SettlementState.Final, (await TestChain.IncludedStatusAsync(provider, approval)).State);
        await TestChain.CallAsync(Node, 3, token, AbiEncoder.Call(AbiEncoder.Selector("setMode(uint8)"), AbiValue.Word((ulong)mode)));
        return (provider, signer, asset, token);
    }
}
