using EnergySettlement.Chains;
using Microsoft.Extensions.DependencyInjection;

namespace EnergySettlement.Tests.ChainAdapterExample;

/// <summary>docs/chain-adapters.md, "Test it": the adapter through the registry, as the pipeline uses it.</summary>
public sealed class CustodialLedgerProviderTests
{
    private static readonly ChainId Ledger = ChainId.Parse("utility:ledger");
    private static readonly Asset Eur = new(AssetId.Parse("utility:ledger/iso4217:EUR"), 2, "EUR");

    private static SettlementBatch Batch(string payee = "acct-2", string amount = "1.25") =>
        new(new SettlementBatchId("b-1"), SettlementAccount.Create(Ledger, "acct-1"), Eur, [new Payout(SettlementAccount.Create(Ledger, payee), Money.Parse(amount, Eur))]);

    [Fact]
    public async Task Settle_ThroughRegistry_PaysOnceAndRetryIsAlreadyKnown()
    {
        var ledger = new InMemoryLedger { Balances = { ["acct-1"] = 1_000 } };
        using var services = new ServiceCollection()
            .AddSingleton<ICustodialLedger>(ledger)
            .AddEnergySettlement(es => es.AddCustodialLedger("ledger", Ledger, Eur)).Services
            .BuildServiceProvider();
        var provider = services.GetRequiredService<ChainProviderRegistry>().GetProvider(Ledger);

        var quote = await provider.QuoteAsync(Batch());
        var prepared = await provider.PrepareAsync(Batch());
        Assert.Equal(SettlementState.Unknown, (await provider.GetStatusAsync(prepared)).State);

        Assert.True(quote.Fits);
        Assert.Equal(prepared, await provider.PrepareAsync(Batch()));
        Assert.Equal(SubmissionResult.Accepted, await provider.SubmitAsync(prepared));
        Assert.Equal(SubmissionResult.AlreadyKnown, await provider.SubmitAsync(prepared));
        Assert.True((await provider.GetStatusAsync(prepared)).IsFinal);
        Assert.Equal(125, ledger.Balances["acct-2"]);
        Assert.Equal(875, ledger.Balances["acct-1"]);
    }

    [Fact]
    public async Task Submit_PayerWithoutFunds_ThrowsInsufficientFundsNamingThePayer()
    {
        var provider = new CustodialLedgerProvider(Ledger, Eur, new InMemoryLedger());
        var prepared = await provider.PrepareAsync(Batch());

        var error = await Assert.ThrowsAsync<InsufficientFundsException>(() => provider.SubmitAsync(prepared));

        Assert.Equal(prepared.Payer, error.Account);
    }

    [Fact]
    public async Task Submit_LedgerUnreachable_ThrowsTransientChainUnavailable()
    {
        var provider = new CustodialLedgerProvider(Ledger, Eur, new InMemoryLedger { Reachable = false });
        var prepared = await provider.PrepareAsync(Batch());

        var error = await Assert.ThrowsAsync<ChainUnavailableException>(() => provider.SubmitAsync(prepared));

        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Prepare_BadPayeeAddress_ThrowsInvalidAddressBeforeTheAdapterRuns()
    {
        var provider = new CustodialLedgerProvider(Ledger, Eur, new InMemoryLedger());

        await Assert.ThrowsAsync<InvalidAddressException>(() => provider.PrepareAsync(Batch(payee: "bob")));
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

        public Dictionary<string, Int128> Balances { get; } = [];

        public bool Reachable { get; init; } = true;

        public Task<string> PostAsync(string transferId, string from, IReadOnlyList<(string To, Int128 Amount)> legs, CancellationToken cancellationToken)
        {
            if (!Reachable)
            {
                throw new HttpRequestException("connection refused");
            }

            if (_posted.Contains(transferId))
            {
                return Task.FromResult("duplicate");
            }

            Int128 total = legs.Aggregate(Int128.Zero, (sum, leg) => sum + leg.Amount);
            if (Balances.GetValueOrDefault(from) < total)
            {
                return Task.FromResult("insufficient-funds");
            }

            _posted.Add(transferId);
            foreach (var (to, amount) in legs)
            {
                Balances[from] = Balances.GetValueOrDefault(from) - amount;
                Balances[to] = Balances.GetValueOrDefault(to) + amount;
            }

            return Task.FromResult("posted");
        }

        public Task<bool> IsPostedAsync(string transferId, CancellationToken cancellationToken) =>
            Reachable ? Task.FromResult(_posted.Contains(transferId)) : throw new HttpRequestException("connection refused");
    }
}
