using EnergySettlement.Chains;

namespace EnergySettlement.Dash.Tests.Provider;

/// <summary>The reference demonstration's shape: two homes paying each other on one chain through one provider.</summary>
public sealed class TwoHomesTests
{
    [Fact]
    public async Task TwoHomes_OneProvider_EachPaysTheOtherFromItsOwnCoins()
    {
        using var f = new ProviderFixture();
        f.Ledger.Fund(f.AddressA, 3_000_000);
        f.Ledger.Fund(f.AddressB, 3_000_000);
        var registry = new ChainProviderRegistry([f.Provider]);

        var aPays = await registry.GetProviderFor(f.AccountA).PrepareAsync(f.Batch(f.AccountA, (f.AddressB, 1_000_000)));
        var bPays = await registry.GetProviderFor(f.AccountB).PrepareAsync(f.Batch(f.AccountB, (f.AddressA, 400_000)));
        await f.Provider.SubmitAsync(aPays);
        await f.Provider.SubmitAsync(bPays);

        Assert.Equal([f.AccountA, f.AccountB], f.Provider.Accounts);
        Assert.Equal(f.AccountA, aPays.Payer);
        Assert.Equal(f.AccountB, bPays.Payer);
        Assert.Equal(3_000_000 - 1_000_000 + 400_000 - (long)aPays.MaxFee.Amount, f.Ledger.BalanceOf(f.AddressA));
        Assert.Equal(3_000_000 - 400_000 + 1_000_000 - (long)bPays.MaxFee.Amount, f.Ledger.BalanceOf(f.AddressB));
    }

    [Fact]
    public void CanPayFrom_OnlyTheConfiguredHomes()
    {
        using var f = new ProviderFixture();

        Assert.True(f.Provider.CanPayFrom(f.AccountA));
        Assert.True(f.Provider.CanPayFrom(f.AccountB));
        Assert.False(f.Provider.CanPayFrom(f.Account(ProviderFixture.Payee(1))));
        Assert.False(f.Provider.CanPayFrom(SettlementAccount.Create(ChainId.Parse("bip122:00000ffd590b1485b3caadc19b22e637"), f.AddressA.ToString())));
    }
}
