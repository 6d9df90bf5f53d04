using EnergySettlement.Chains;
using EnergySettlement.Coins;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Keys;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Tests.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace EnergySettlement.Dash.Tests.Provider;

/// <summary>A Dash regtest provider on an in-memory ledger and reservation store, with two paying homes and payees.</summary>
internal sealed class ProviderFixture : IDisposable
{
    private int _batches;

    public ProviderFixture(Action<DashOptions>? configure = null, InMemoryCoinReservationStore? store = null, InMemoryUtxoLedger? ledger = null)
    {
        Network = DashNetworks.Regtest;
        Ledger = ledger ?? new InMemoryUtxoLedger(Network);
        Store = store ?? new InMemoryCoinReservationStore();
        HomeA = TestKeys.Signer(1);
        HomeB = TestKeys.Signer(2);
        Options = new DashOptions { Network = DashNetwork.Regtest, Backend = Ledger, ReservationStore = Store };
        Options.Signers.Add(HomeA);
        Options.Signers.Add(HomeB);
        configure?.Invoke(Options);
        Provider = new DashSettlementProvider(Options, Ledger, Store, Time);
    }

    public UtxoNetwork Network { get; }

    public InMemoryUtxoLedger Ledger { get; }

    public InMemoryCoinReservationStore Store { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 6, 21, 11, 0, 0, TimeSpan.Zero));

    public WifKeySigner HomeA { get; }

    public WifKeySigner HomeB { get; }

    public DashOptions Options { get; }

    public DashSettlementProvider Provider { get; }

    public Asset Dash => Network.NativeAsset;

    public UtxoAddress AddressA => HomeA.GetAddress(Network);

    public UtxoAddress AddressB => HomeB.GetAddress(Network);

    public SettlementAccount AccountA => Account(AddressA);

    public SettlementAccount AccountB => Account(AddressB);

    /// <summary>A payee address that belongs to no configured signer.</summary>
    public static UtxoAddress Payee(int n) => UtxoAddress.FromPublicKey(TestKeys.Key(100 + n).PublicKey.ToCompressed(), DashNetworks.Regtest);

    public SettlementAccount Account(UtxoAddress address) => SettlementAccount.Create(Network.ChainId, address.ToString());

    public Money Duffs(long duffs) => new(duffs, Dash);

    public SettlementBatch Batch(SettlementAccount payer, params (UtxoAddress Payee, long Duffs)[] payouts) =>
        new(new SettlementBatchId($"batch-{++_batches}"), payer, Dash, payouts.Select(p => new Payout(Account(p.Payee), Duffs(p.Duffs))));

    public SettlementBatch Batch(string id, SettlementAccount payer, params (UtxoAddress Payee, long Duffs)[] payouts) =>
        new(new SettlementBatchId(id), payer, Dash, payouts.Select(p => new Payout(Account(p.Payee), Duffs(p.Duffs))));

    public DashSettlementProvider NewProvider() => new(Options, Ledger, Store, Time);

    public void Dispose()
    {
        Provider.Dispose();
        HomeA.Dispose();
        HomeB.Dispose();
    }
}
