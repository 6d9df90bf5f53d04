using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Tests.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash.Tests.Options;

public sealed class AddDashTests
{
    [Fact]
    public void AddDash_KeyedBackendAndRegisteredStore_ResolveThroughTheRegistry()
    {
        using var signer = TestKeys.Signer(1);
        var ledger = new InMemoryUtxoLedger(DashNetworks.Testnet);
        using var services = new ServiceCollection()
            .AddKeyedSingleton<IUtxoBackend>("dash", ledger)
            .AddSingleton<ICoinReservationStore, InMemoryCoinReservationStore>()
            .AddEnergySettlement(es => es.AddDash("dash", o =>
            {
                o.Network = DashNetwork.Testnet;
                o.Signers.Add(signer);
            })).Services
            .BuildServiceProvider();

        var registry = services.GetRequiredService<ChainProviderRegistry>();
        var payer = SettlementAccount.Create(DashNetworks.Testnet.ChainId, signer.GetAddress(DashNetworks.Testnet).ToString());

        var provider = Assert.IsType<DashSettlementProvider>(registry.GetProviderFor(payer));
        Assert.Equal(DashNetworks.Testnet.ChainId, provider.ChainId);
        Assert.Same(DashNetworks.Testnet, provider.Network);
    }

    [Fact]
    public async Task AddDash_BackendInOptions_IsUsedOverAKeyedOne()
    {
        using var signer = TestKeys.Signer(1);
        var chosen = new InMemoryUtxoLedger(DashNetworks.Regtest);
        var other = new InMemoryUtxoLedger(DashNetworks.Regtest);
        chosen.Fund(signer.GetAddress(DashNetworks.Regtest), 777);
        using var services = new ServiceCollection()
            .AddKeyedSingleton<IUtxoBackend>("dash", other)
            .AddEnergySettlement(es => es.AddDash("dash", o =>
            {
                o.Network = DashNetwork.Regtest;
                o.Signers.Add(signer);
                o.Backend = chosen;
                o.ReservationStore = new InMemoryCoinReservationStore();
            })).Services
            .BuildServiceProvider();
        var provider = services.GetRequiredService<ChainProviderRegistry>().GetProvider(DashNetworks.Regtest.ChainId);

        var balance = await provider.GetBalanceAsync(SettlementAccount.Create(provider.ChainId, signer.GetAddress(DashNetworks.Regtest).ToString()), DashNetworks.Regtest.NativeAsset);

        Assert.Equal(777, balance.Amount);
    }

    [Fact]
    public void AddDash_NoBackend_ThrowsNamingTheKeyedService()
    {
        using var signer = TestKeys.Signer(1);
        using var services = new ServiceCollection()
            .AddSingleton<ICoinReservationStore, InMemoryCoinReservationStore>()
            .AddEnergySettlement(es => es.AddDash("home", o => o.Signers.Add(signer))).Services
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ChainProviderRegistry>());

        Assert.Contains("keyed service named 'home'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddDash_NoReservationStore_ThrowsNamingIt()
    {
        using var signer = TestKeys.Signer(1);
        using var services = new ServiceCollection()
            .AddEnergySettlement(es => es.AddDash("home", o =>
            {
                o.Signers.Add(signer);
                o.Backend = new InMemoryUtxoLedger(DashNetworks.Mainnet);
            })).Services
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ChainProviderRegistry>());

        Assert.Contains("ICoinReservationStore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddDash_InvalidOptions_ReportsEveryProblemAtOnce()
    {
        using var services = new ServiceCollection()
            .AddSingleton<ICoinReservationStore, InMemoryCoinReservationStore>()
            .AddEnergySettlement(es => es.AddDash("bad", o =>
            {
                o.Backend = new InMemoryUtxoLedger(DashNetworks.Mainnet);
                o.Confirmations = 0;
                o.FeeRatePerKilobyte = 10;
                o.MaxInputsPerTransaction = 0;
            })).Services
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ChainProviderRegistry>());

        Assert.Contains(error.Failures, f => f.Contains("Signers", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Confirmations", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("FeeRatePerKilobyte", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("MaxInputsPerTransaction", StringComparison.Ordinal));
        Assert.All(error.Failures, f => Assert.StartsWith("Dash provider 'bad': ", f, StringComparison.Ordinal));
    }

    [Fact]
    public void AddDash_SameNameTwice_ThrowsArgumentException()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddEnergySettlement(es => es.AddDash("dash", _ => { }).AddDash("dash", _ => { })));
    }
}
