using EnergySettlement.Chains;

namespace EnergySettlement.Tests.Chains;

public sealed class ChainProviderRegistryTests
{
    private static readonly RecordingChainProvider Ethereum = new(TestAssets.Ethereum, TestAssets.Ether, hexAddresses: true);
    private static readonly RecordingChainProvider Dash = new(TestAssets.Dash, TestAssets.DashCoin);

    [Fact]
    public void GetProvider_RegisteredChain_ReturnsItsProvider()
    {
        var registry = new ChainProviderRegistry([Ethereum, Dash]);
        Assert.Same(Dash, registry.GetProvider(TestAssets.Dash));
        Assert.Same(Ethereum, registry.GetProvider(TestAssets.Ethereum));
    }

    [Fact]
    public void GetProvider_UnknownChain_ThrowsUnknownChainListingRegistered()
    {
        var registry = new ChainProviderRegistry([Ethereum, Dash]);
        var error = Assert.Throws<UnknownChainException>(() => registry.GetProvider(ChainId.Parse("eip155:137")));
        Assert.Equal(ChainId.Parse("eip155:137"), error.ChainId);
        Assert.False(error.IsTransient);
        Assert.Contains("eip155:137", error.Message, StringComparison.Ordinal);
        Assert.Contains("bip122:00000ffd590b1485b3caadc19b22e637, eip155:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetProvider_EmptyRegistry_SaysNone() =>
        Assert.Contains("(none)", Assert.Throws<UnknownChainException>(() => new ChainProviderRegistry([]).GetProvider(TestAssets.Ethereum)).Message, StringComparison.Ordinal);

    [Fact]
    public void TryGetProvider_UnknownChain_ReturnsFalse()
    {
        var registry = new ChainProviderRegistry([Ethereum]);
        Assert.False(registry.TryGetProvider(TestAssets.Dash, out var provider));
        Assert.Null(provider);
    }

    [Fact]
    public void TryGetProvider_RegisteredChain_ReturnsTrue()
    {
        Assert.True(new ChainProviderRegistry([Ethereum]).TryGetProvider(TestAssets.Ethereum, out var provider));
        Assert.Same(Ethereum, provider);
    }

    [Fact]
    public void Constructor_SameProviderTwice_Throws() =>
        Assert.Throws<ArgumentException>(() => new ChainProviderRegistry([Ethereum, Ethereum]));

    [Fact]
    public void GetProviderFor_TwoProvidersOnOneChain_FindsTheOneThatSignsForThePayer()
    {
        var first = new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether, onlyPayer: TestAssets.EthAccount(1));
        var second = new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether, onlyPayer: TestAssets.EthAccount(2));
        var registry = new ChainProviderRegistry([first, second]);

        Assert.Same(second, registry.GetProviderFor(TestAssets.EthAccount(2)));
        Assert.Same(first, registry.GetProviderFor(TestAssets.EthAccount(1)));
        Assert.Same(first, registry.GetProvider(TestAssets.Ethereum));
    }

    [Fact]
    public void GetProviderFor_NoProviderSignsForThePayer_ThrowsInvalidOperation()
    {
        var registry = new ChainProviderRegistry([new RecordingChainProvider(TestAssets.Ethereum, TestAssets.Ether, onlyPayer: TestAssets.EthAccount(1))]);

        Assert.Throws<InvalidOperationException>(() => registry.GetProviderFor(TestAssets.EthAccount(3)));
    }

    [Fact]
    public void GetProviderFor_UnregisteredChain_ThrowsUnknownChain() =>
        Assert.Throws<UnknownChainException>(() => new ChainProviderRegistry([Ethereum]).GetProviderFor(SettlementAccount.Create(TestAssets.Dash, "XxV9h4Xmv6Pup8tVAQmH97K6grzvDwMG9F")));

    [Fact]
    public void Constructor_NullProvider_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new ChainProviderRegistry([Ethereum, null!]));

    [Fact]
    public void Chains_ListsRegisteredChains() =>
        Assert.Equal([TestAssets.Dash, TestAssets.Ethereum], new ChainProviderRegistry([Ethereum, Dash]).Chains.Order());

    [Fact]
    public void ValidateAccount_ValidAddressOnRegisteredChain_DoesNotThrow()
    {
        var registry = new ChainProviderRegistry([Ethereum, Dash]);
        registry.ValidateAccount(TestAssets.EthAccount(1));
        registry.ValidateAccount(SettlementAccount.Create(TestAssets.Dash, "XxV9h4Xmv6Pup8tVAQmH97K6grzvDwMG9F"));
    }

    [Fact]
    public void ValidateAccount_UnknownChain_ThrowsUnknownChain() =>
        Assert.Throws<UnknownChainException>(() => new ChainProviderRegistry([Dash]).ValidateAccount(TestAssets.EthAccount(1)));

    [Fact]
    public void ValidateAccount_AddressTheAdapterRejects_ThrowsInvalidAddress()
    {
        var account = SettlementAccount.Parse("eip155:1:0x1234");
        var error = Assert.Throws<InvalidAddressException>(() => new ChainProviderRegistry([Ethereum]).ValidateAccount(account));
        Assert.Equal(account, error.Account);
        Assert.Equal("expected 0x followed by 40 hex digits", error.Reason);
        Assert.Contains("0x1234", error.Message, StringComparison.Ordinal);
    }
}
