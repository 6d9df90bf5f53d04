using EnergySettlement.Chains;
using Microsoft.Extensions.DependencyInjection;

namespace EnergySettlement.Tests.ChainAdapterExample;

/// <summary>docs/chain-adapters.md, step 4: test the adapter through the registry, as the pipeline will use it.</summary>
public sealed class CustodialLedgerProviderTests
{
    private static readonly ChainId Ledger = ChainId.Parse("utility:ledger");
    private static readonly Asset Eur = new(AssetId.Parse("utility:ledger/iso4217:EUR"), 2, "EUR");

    [Fact]
    public async Task Settle_ThroughRegistry_PaysOnceAndRetryIsAlreadyKnown()
    {
        var ledger = new InMemoryLedger();
        using var services = new ServiceCollection()
            .AddSingleton<ICustodialLedger>(ledger)
            .AddEnergySettlement(es => es.AddCustodialLedger("ledger", Ledger, Eur)).Services
            .BuildServiceProvider();
        var provider = services.GetRequiredService<ChainProviderRegistry>().GetProvider(Ledger);
        var batch = new SettlementBatch(new SettlementBatchId("b-1"), SettlementAccount.Create(Ledger, "acct-1"), Eur,
            [new Payout(SettlementAccount.Create(Ledger, "acct-2"), Money.Parse("1.25", Eur))]);

        var prepared = await provider.PrepareAsync(batch);
        Assert.Equal(prepared, await provider.PrepareAsync(batch));
        Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(prepared));
        Assert.Equal(SubmissionResult.AlreadyKnown, await provider.SubmitAsync(prepared));
        Assert.True((await provider.GetStatusAsync(prepared)).IsFinal);
        Assert.Equal(125, ledger.Balance("acct-2"));
        Assert.Equal(-125, ledger.Balance("acct-1"));
    }

    [Fact]
    public void ValidateAccount_BadAddress_ThrowsInvalidAddress()
    {
        var registry = new ChainProviderRegistry([new CustodialLedgerProvider(Ledger, Eur, new InMemoryLedger())]);

        Assert.Throws<InvalidAddressException>(() => registry.ValidateAccount(SettlementAccount.Create(Ledger, "bob")));
        registry.ValidateAccount(SettlementAccount.Create(Ledger, "acct-42"));
    }

    private sealed class InMemoryLedger : ICustodialLedger
    {
        private readonly HashSet<string> _posted = [];
        private readonly Dictionary<string, Int128> _balances = [];

        public Int128 Balance(string account) => _balances.GetValueOrDefault(account);

        public Task<bool> PostAsync(string transferId, string from, IReadOnlyList<(string To, Int128 Amount)> legs, CancellationToken cancellationToken)
        {
            if (!_posted.Add(transferId))
            {
                return Task.FromResult(false);
            }

            foreach (var (to, amount) in legs)
            {
                _balances[from] = Balance(from) - amount;
                _balances[to] = Balance(to) + amount;
            }

            return Task.FromResult(true);
        }

        public Task<bool> IsPostedAsync(string transferId, CancellationToken cancellationToken) => Task.FromResult(_posted.Contains(transferId));
    }
}
