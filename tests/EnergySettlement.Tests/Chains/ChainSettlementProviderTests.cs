using EnergySettlement.Chains;

namespace EnergySettlement.Tests.Chains;

public sealed class ChainSettlementProviderTests
{
    private static SettlementBatch Batch(string id, Asset asset, params Payout[] payouts) =>
        new(new SettlementBatchId(id), TestAssets.EthAccount(0), asset, payouts);

    private static Payout Wei(int account, long wei) => new(TestAssets.EthAccount(account), new Money(wei, TestAssets.Ether));

    [Fact]
    public void Constructor_DefaultChainId_Throws() =>
        Assert.Throws<ArgumentException>(() => new RecordingChainProvider(default, TestAssets.Ether));

    [Fact]
    public void ValidateAddress_DefaultRule_AcceptsAnyCaip10Address() =>
        new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether).ValidateAddress(SettlementAccount.Parse("eip155:1:anything.goes"));

    [Fact]
    public void ValidateAddress_OverriddenRule_RejectsWithReason()
    {
        var provider = new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether, hexAddresses: true);
        var error = Assert.Throws<InvalidAddressException>(() => provider.ValidateAddress(SettlementAccount.Parse("eip155:1:0xZZ")));
        Assert.Equal("expected 0x followed by 40 hex digits", error.Reason);
    }

    [Fact]
    public void ValidateAddress_OverriddenRule_AcceptsValidAddress() =>
        new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether, hexAddresses: true).ValidateAddress(TestAssets.EthAccount(7));

    [Fact]
    public void ValidateAddress_AccountOnOtherChain_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether)
            .ValidateAddress(SettlementAccount.Create(TestAssets.Dash, "XxV9h4Xmv6Pup8tVAQmH97K6grzvDwMG9F")));

    [Fact]
    public void CanQueryBalance_DefaultsToFalse() =>
        Assert.False(new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether).CanQueryBalance);

    [Fact]
    public async Task GetBalanceAsync_Default_ThrowsNotSupported() =>
        await Assert.ThrowsAsync<NotSupportedException>(() =>
            new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether).GetBalanceAsync(TestAssets.EthAccount(1), TestAssets.Ether));

    [Fact]
    public async Task QuoteAsync_UnsupportedAsset_ThrowsArgumentException()
    {
        var provider = new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether);
        var batch = Batch("b-usdc", TestAssets.Usdc, new Payout(TestAssets.EthAccount(1), TestAssets.Usd(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => provider.QuoteAsync(batch));
    }

    [Fact]
    public async Task QuoteAsync_BatchOfOtherChain_ThrowsArgumentException()
    {
        var provider = new RecordingChainProvider(ChainId.Parse("eip155:5"), new Asset(AssetId.Parse("eip155:5/slip44:60"), 18, "GOR"));
        await Assert.ThrowsAsync<ArgumentException>(() => provider.QuoteAsync(Batch("b-1", TestAssets.Ether, Wei(1, 1))));
    }

    [Fact]
    public async Task QuoteAsync_MorePayoutsThanCapability_DoesNotFit()
    {
        var quote = await new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether).QuoteAsync(Batch("b-1", TestAssets.Ether, Wei(1, 1), Wei(2, 1), Wei(3, 1)));
        Assert.False(quote.Fits);
        Assert.NotNull(quote.Reason);
    }

    [Fact]
    public async Task SubmitAsync_SamePreparedTwice_SecondIsAlreadyKnown()
    {
        var provider = new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether);
        var prepared = await provider.PrepareAsync(Batch("b-1", TestAssets.Ether, Wei(1, 5)));
        Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(prepared));
        Assert.Equal(SubmissionResult.AlreadyKnown, await provider.SubmitAsync(prepared));
        Assert.Single(provider.Submitted);
        Assert.True((await provider.GetStatusAsync(prepared)).IsFinal);
    }

    [Fact]
    public void Capabilities_Supports_OnlyListedAssets()
    {
        var capabilities = new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether).Capabilities;
        Assert.True(capabilities.Supports(TestAssets.Ether));
        Assert.False(capabilities.Supports(TestAssets.Usdc));
        Assert.False(capabilities.SupportsMemo);
    }

    [Fact]
    public async Task PrepareAsync_InvalidPayeeAddress_ThrowsBeforeTheAdapterCoreRuns()
    {
        var provider = new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether, hexAddresses: true);
        var batch = Batch("b-bad-payee", TestAssets.Ether, new Payout(SettlementAccount.Parse("eip155:1:0xZZ"), new Money(1, TestAssets.Ether)));

        var error = await Assert.ThrowsAsync<InvalidAddressException>(() => provider.PrepareAsync(batch));

        Assert.Equal("eip155:1:0xZZ", error.Account.ToString());
        Assert.Equal(0, provider.CoreCalls);
    }

    [Fact]
    public async Task QuoteAsync_InvalidPayerAddress_ThrowsBeforeTheAdapterCoreRuns()
    {
        var provider = new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether, hexAddresses: true);
        var batch = new SettlementBatch(new SettlementBatchId("b-bad-payer"), SettlementAccount.Parse("eip155:1:nothex"), TestAssets.Ether, [Wei(1, 1)]);

        await Assert.ThrowsAsync<InvalidAddressException>(() => provider.QuoteAsync(batch));

        Assert.Equal(0, provider.CoreCalls);
    }

    [Fact]
    public async Task PrepareAsync_PayerTheProviderCannotSignFor_ThrowsArgumentException()
    {
        var provider = new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether, onlyPayer: TestAssets.EthAccount(9));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => provider.PrepareAsync(Batch("b-other-payer", TestAssets.Ether, Wei(1, 1))));

        Assert.Contains("cannot sign for", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, provider.CoreCalls);
    }

    [Fact]
    public async Task SubmitAsync_TransactionOfOtherChain_ThrowsArgumentException()
    {
        var provider = new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether);
        var prepared = await provider.PrepareAsync(Batch("b-1", TestAssets.Ether, Wei(1, 5)));

        await Assert.ThrowsAsync<ArgumentException>(() => provider.SubmitAsync(prepared with { ChainId = TestAssets.Dash }));

        Assert.Empty(provider.Submitted);
    }

    [Fact]
    public async Task AccelerateAsync_Default_ThrowsNotSupported()
    {
        var provider = new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether);
        var prepared = await provider.PrepareAsync(Batch("b-1", TestAssets.Ether, Wei(1, 5)));

        Assert.False(provider.CanAccelerate);
        await Assert.ThrowsAsync<NotSupportedException>(() => provider.AccelerateAsync(prepared));
    }

    [Fact]
    public async Task ReleaseAsync_Default_CompletesWithoutEffect()
    {
        var provider = new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether);
        var prepared = await provider.PrepareAsync(Batch("b-1", TestAssets.Ether, Wei(1, 5)));

        await provider.ReleaseAsync(prepared);

        Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(prepared));
    }

    [Fact]
    public void SettlementState_DefaultIsUnknown() =>
        Assert.Equal(SettlementState.Unknown, default(SettlementState));

    [Theory]
    [InlineData("0x")]
    [InlineData("")]
    [InlineData("0xab-cd")]
    public void ChainTransactionId_Invalid_Throws(string text) =>
        Assert.Throws<ArgumentException>(() => new ChainTransactionId(text));

    [Fact]
    public void ChainTransactionId_TooLong_Throws() =>
        Assert.Throws<ArgumentException>(() => new ChainTransactionId("0x" + new string('a', 129)));

    [Fact]
    public void DigestSignature_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => new DigestSignature(new byte[63], null));

    [Fact]
    public void DigestSignature_RecoveryIdOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DigestSignature(new byte[64], 4));

    [Fact]
    public void DigestSignature_SplitsRAndS()
    {
        var rs = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();
        var signature = new DigestSignature(rs, 1);
        Assert.Equal(rs[..32], signature.R.ToArray());
        Assert.Equal(rs[32..], signature.S.ToArray());
        rs[0] = 0xFF;
        Assert.Equal(0, signature.RS[0]);
    }
}
