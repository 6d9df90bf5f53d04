using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using EnergySettlement.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EnergySettlement.Tests.Settlement.Execution;

/// <summary>
/// A settlement service over an in-memory journal and a simulated chain (coin SIM, token EURC, 3 confirmations) on a
/// fake clock, with a funded payer and payees. Chain calls and journal writes are recorded in one event log, in order.
/// </summary>
internal sealed class SettlementRig : IDisposable
{
    private readonly List<SettlementService> _services = [];

    public SettlementRig(Action<SimulatedChainOptions>? configureChain = null, Action<SettlementOptions>? configure = null)
    {
        var chainOptions = new SimulatedChainOptions { ConfirmationsForFinality = 3 };
        chainOptions.Tokens["EURC"] = 6;
        configureChain?.Invoke(chainOptions);
        Chain = new SimulatedChain(chainOptions, Time);
        Eurc = Chain.GetAsset("EURC");
        Payer = Chain.Account("payer");
        Chain.Fund(Payer, new Money(1_000_000_000, Eurc));
        Chain.Fund(Payer, new Money(100_000_000, Chain.NativeAsset));
        Journal = new RecordingJournal(new InMemorySettlementJournal(), Events);
        Options = new SettlementOptions
        {
            // No waiting on the fake clock inside a pass: a retry goes again at once.
            RetryBaseDelay = TimeSpan.Zero,
            MaxRetryAttempts = 2,
            DropTimeout = TimeSpan.FromMinutes(30),
            AccelerateAfter = TimeSpan.FromMinutes(10),
            ReorgWatch = TimeSpan.FromHours(1),
            BlockedRetryDelay = TimeSpan.FromMinutes(5),
        };
        configure?.Invoke(Options);
        Restart();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.Zero));

    public List<string> Events { get; } = [];

    public SimulatedChain Chain { get; }

    public Asset Eurc { get; }

    public SettlementAccount Payer { get; }

    public RecordingJournal Journal { get; }

    public SettlementOptions Options { get; }

    /// <summary>Gets the provider of the current "process": a fresh one after each <see cref="Restart"/>, as after a crash.</summary>
    public SimulatedChainProvider Provider { get; private set; } = null!;

    public SettlementService Service { get; private set; } = null!;

    public SettlementAccount Account(string name) => Chain.Account(name);

    /// <summary>A batch from the payer paying each (payee, amount in micro-EURC) pair, references "ref-i".</summary>
    public SettlementBatch Batch(string id, params (string Payee, long Amount)[] payouts) =>
        new(new SettlementBatchId(id), Payer, Eurc, payouts.Select((p, i) => new Payout(Chain.Account(p.Payee), new Money(p.Amount, Eurc), $"r{i}")));

    public Money Balance(string account) => Chain.GetBalance(Chain.Account(account), Eurc);

    /// <summary>Starts a new service and provider over the same journal and chain, as a restarted process does.</summary>
    public SettlementService Restart(ISettlementJournal? journal = null)
    {
        Provider = new SimulatedChainProvider(Chain);
        var recording = new RecordingProvider(Provider, Events);
        Service = new SettlementService(journal ?? Journal, new ChainProviderRegistry([recording]), Options, Time);
        _services.Add(Service);
        return Service;
    }

    public async Task<BatchHistory> BatchAsync(string id) => (await Journal.GetBatchAsync(new SettlementBatchId(id)))!;

    public void Dispose()
    {
        foreach (var service in _services)
        {
            service.Dispose();
        }
    }
}
