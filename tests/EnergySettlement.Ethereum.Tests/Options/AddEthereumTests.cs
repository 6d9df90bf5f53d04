using EnergySettlement.Chains;
using EnergySettlement.Ethereum.Tests.Anvil;
using EnergySettlement.Sequencing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Ethereum.Tests.Options;

public sealed class AddEthereumTests
{
    [Fact]
    public void AddEthereum_ValidOptions_RegistersProviderInRegistryUnderItsChain()
    {
        using var signer = TestChain.Signer(1);
        var services = new ServiceCollection();
        services.AddSingleton<ISequencedTransactionStore, InMemorySequencedTransactionStore>();
        services.AddEnergySettlement(es => es.AddEthereum("sepolia", o =>
        {
            o.RpcUrl = new Uri("http://127.0.0.1:8545/");
            o.ChainId = 11155111;
            o.ContractAddress = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
            o.Signer = signer;
            o.Confirmations = 3;
        }));
        using var sp = services.BuildServiceProvider();

        var registry = sp.GetRequiredService<ChainProviderRegistry>();
        var provider = Assert.IsType<EthereumSettlementProvider>(registry.GetProvider(ChainId.Parse("eip155:11155111")));
        Assert.Same(provider, sp.GetRequiredKeyedService<ChainSettlementProvider>("sepolia"));
        Assert.Equal(signer.Address, provider.Address);
        Assert.Equal(TimeSpan.FromSeconds(36), provider.Capabilities.TypicalTimeToFinality);
    }

    [Fact]
    public void AddEthereum_InvalidOptions_FailsAtStartUpListingEveryError()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ISequencedTransactionStore, InMemorySequencedTransactionStore>();
        services.AddEnergySettlement(es => es.AddEthereum("broken", o => o.Confirmations = 0));
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<ChainProviderRegistry>());
        var failures = ex.Failures.ToArray();
        Assert.Contains(failures, f => f.Contains("RpcUrl", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("ChainId", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Signer", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Confirmations", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("ContractAddress", StringComparison.Ordinal));
    }

    [Fact]
    public void AddEthereum_InvalidOptions_FailWhenTheHostStartsBeforeAnythingIsResolved()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ISequencedTransactionStore, InMemorySequencedTransactionStore>();
        services.AddEnergySettlement(es => es.AddEthereum("broken", o => o.Confirmations = 0));
        using var sp = services.BuildServiceProvider();

        // What the generic host runs when it starts (ValidateOnStart), before any chain provider is resolved.
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("broken", ex.OptionsName);
        Assert.Contains(ex.Failures, f => f.Contains("RpcUrl", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Confirmations", StringComparison.Ordinal));
    }

    [Fact]
    public void AddEthereum_ValidOptions_PassStartUpValidation()
    {
        using var signer = TestChain.Signer(1);
        var services = new ServiceCollection();
        services.AddSingleton<ISequencedTransactionStore, InMemorySequencedTransactionStore>();
        services.AddEnergySettlement(es => es.AddEthereum("sepolia", o =>
        {
            o.RpcUrl = new Uri("http://127.0.0.1:8545/");
            o.ChainId = 11155111;
            o.ContractAddress = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
            o.Signer = signer;
        }));
        using var sp = services.BuildServiceProvider();

        sp.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void AddEthereum_SameNameTwice_Throws()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentException>(() => services.AddEnergySettlement(es => es.AddEthereum("main", _ => { }).AddEthereum("main", _ => { })));
    }

    [Fact]
    public void AddEthereum_NoSequenceStore_FailsWithClearMessage()
    {
        using var signer = TestChain.Signer(1);
        var services = new ServiceCollection();
        services.AddEnergySettlement(es => es.AddEthereum("nostore", o =>
        {
            o.RpcUrl = new Uri("http://127.0.0.1:8545/");
            o.ChainId = 1;
            o.ContractAddress = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
            o.Signer = signer;
        }));
        using var sp = services.BuildServiceProvider();
        var ex = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredKeyedService<ChainSettlementProvider>("nostore"));
        Assert.Contains("sequence store", ex.Message, StringComparison.Ordinal);
    }
}
