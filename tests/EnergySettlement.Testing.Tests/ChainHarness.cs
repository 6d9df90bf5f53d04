using EnergySettlement.Chains;
using Microsoft.Extensions.Time.Testing;

namespace EnergySettlement.Testing.Tests;

/// <summary>A simulated chain (coin SIM, token USDS) on a fake clock, with a funded payer and two payees.</summary>
internal sealed class ChainHarness
{
    public const long PayerFunds = 1_000_000;

    public ChainHarness(Action<SimulatedChainOptions>? configure = null)
    {
        var options = new SimulatedChainOptions();
        options.Tokens["USDS"] = 6;
        configure?.Invoke(options);
        Chain = new SimulatedChain(options, Time);
        Provider = new SimulatedChainProvider(Chain);
        Sim = Chain.NativeAsset;
        Usds = Chain.GetAsset("USDS");
        Payer = Chain.Account("payer");
        Alice = Chain.Account("alice");
        Bob = Chain.Account("bob");
        Chain.Fund(Payer, Units(PayerFunds));
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public SimulatedChain Chain { get; }

    public SimulatedChainProvider Provider { get; }

    public Asset Sim { get; }

    public Asset Usds { get; }

    public SettlementAccount Payer { get; }

    public SettlementAccount Alice { get; }

    public SettlementAccount Bob { get; }

    public Money Units(long amount) => new(amount, Sim);

    public SettlementBatch Batch(string id, long toAlice, long toBob = 0) => Batch(id, Payer, Sim, toAlice, toBob);

    public SettlementBatch Batch(string id, SettlementAccount payer, Asset asset, long toAlice, long toBob = 0)
    {
        var payouts = new List<Payout> { new(Alice, new Money(toAlice, asset), "ref-" + id) };
        if (toBob > 0)
        {
            payouts.Add(new Payout(Bob, new Money(toBob, asset)));
        }

        return new SettlementBatch(new SettlementBatchId(id), payer, asset, payouts);
    }

    public async Task<PreparedTransaction> PayAsync(SettlementBatch batch)
    {
        var tx = await Provider.PrepareAsync(batch);
        Assert.Equal(SubmissionResult.Accepted, await Provider.SubmitAsync(tx));
        return tx;
    }

    public Task<SettlementStatus> StatusAsync(PreparedTransaction tx) => Provider.GetStatusAsync(tx);

    public long Balance(SettlementAccount account) => (long)Chain.GetBalance(account, Sim).Amount;

    /// <summary>Asserts, for every asset, that balances plus burned fees equal the money issued.</summary>
    public void AssertConserved()
    {
        foreach (var asset in Chain.Assets)
        {
            var burned = asset == Sim ? Chain.FeesBurned.Amount : 0;
            Assert.Equal(Chain.TotalIssued(asset).Amount, Chain.TotalBalance(asset).Amount + burned);
        }
    }
}
