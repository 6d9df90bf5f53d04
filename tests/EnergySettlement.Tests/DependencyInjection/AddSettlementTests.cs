using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using EnergySettlement.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EnergySettlement.Tests.DependencyInjection;

public sealed class AddSettlementTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AddSettlement_ResolvesOneServiceOverTheRegisteredJournalWithThePlanningOptions()
    {
        var journal = new InMemorySettlementJournal();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<ISettlementJournal>(journal);
        services.AddEnergySettlement(es => es
            .AddSimulatedChain("sim", o => o.Tokens["EURC"] = 6)
            .AddSettlement(o => o.DropTimeout = TimeSpan.FromHours(2), p => p.Netting = NettingMode.Bilateral));
        using var provider = services.BuildServiceProvider();

        var service = provider.GetRequiredService<SettlementService>();

        Assert.Same(service, provider.GetRequiredService<SettlementService>());
        Assert.Same(journal, service.Journal);
        Assert.Equal(TimeSpan.FromHours(2), provider.GetRequiredService<IOptions<SettlementOptions>>().Value.DropTimeout);
        Assert.Single(provider.GetServices<IHostedService>(), h => h.GetType().Name == "SettlementWorker");
    }

    [Fact]
    public void AddSettlement_WithoutAStoragePackage_UsesTheInMemoryJournal()
    {
        var services = new ServiceCollection();
        services.AddEnergySettlement(es => es.AddSettlement());
        using var provider = services.BuildServiceProvider();

        Assert.IsType<InMemorySettlementJournal>(provider.GetRequiredService<SettlementService>().Journal);
    }

    [Fact]
    public void AddSettlement_InvalidOptions_ReportsEveryProblemAtOnce()
    {
        var services = new ServiceCollection();
        services.AddEnergySettlement(es => es.AddSettlement(
            o => { o.DropTimeout = TimeSpan.Zero; o.MaxRetryAttempts = -1; },
            p => p.Netting = NettingMode.Cleared));
        using var provider = services.BuildServiceProvider();

        var execution = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SettlementOptions>>().Value);
        var planning = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SettlementPlanningOptions>>().Value);

        Assert.Equal(2, execution.Failures.Count());
        Assert.Contains(planning.Failures, f => f.Contains("ClearingAgent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Worker_RecoversAtStartAndRunsAPassEveryPollInterval_PayingAScheduledBatch()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddEnergySettlement(es => es
            .AddSimulatedChain("sim", o => o.ConfirmationsForFinality = 1)
            .AddSettlement(o => { o.PollInterval = TimeSpan.FromSeconds(15); o.RetryBaseDelay = TimeSpan.Zero; }));
        using var provider = services.BuildServiceProvider();
        var chain = provider.GetRequiredKeyedService<SimulatedChain>("sim");
        var payer = chain.Account("utility");
        chain.Fund(payer, new Money(1_000_000, chain.NativeAsset));
        var service = provider.GetRequiredService<SettlementService>();
        var batch = new SettlementBatch(new SettlementBatchId("w-1"), payer, chain.NativeAsset, [new Payout(chain.Account("home"), new Money(2_500, chain.NativeAsset), "r0")]);
        await service.ScheduleAsync([batch]);
        var worker = provider.GetServices<IHostedService>().Single(h => h.GetType().Name == "SettlementWorker");

        await worker.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(async () => (await service.GetBatchAsync(batch.Id))!.State == BatchState.Submitted);
            chain.MineBlock();
            await WaitUntilAsync(async () =>
            {
                _time.Advance(TimeSpan.FromSeconds(15));
                return (await service.GetBatchAsync(batch.Id))!.State == BatchState.Final;
            });
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Equal(new Money(2_500, chain.NativeAsset), chain.GetBalance(chain.Account("home"), chain.NativeAsset));
        Assert.Single(chain.GetSettlements(batch.Id));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("The worker did not get there within 10 s.");
    }
}
