using EnergySettlement.Chains;
using EnergySettlement.Settlement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers settlement execution with <see cref="EnergySettlementBuilder"/>.</summary>
public static class SettlementEnergySettlementBuilderExtensions
{
    /// <summary>
    /// Adds settlement: a singleton <see cref="SettlementService"/> over the registered <see cref="ISettlementJournal"/> and
    /// chain providers, a <see cref="SettlementPlanner"/>, and a hosted worker that recovers at start-up and then runs a
    /// pass every <see cref="SettlementOptions.PollInterval"/>. Both option sets are validated at start-up
    /// (<c>ValidateOnStart</c>), every problem reported at once.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets how batches are executed: timeouts, reorg watch, retry and circuit breaker, or a whole
    /// replacement resilience pipeline (<see cref="SettlementOptions.ConfigureResilience"/>).</param>
    /// <param name="configurePlanning">Sets how windows are planned: netting mode, clearing agent, missing-reading rule,
    /// rounding, minimum payouts.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>Without a storage package the journal is an <see cref="InMemorySettlementJournal"/>, which keeps nothing
    /// across restarts: production hosts call <c>UseSqliteJournal(path)</c> or <c>UsePostgreSqlJournal(connectionString)</c>
    /// (in any order with this call).</remarks>
    /// <example><code>
    /// services.AddEnergySettlement(es => es
    ///     .AddSettlement(o => o.DropTimeout = TimeSpan.FromHours(1))
    ///     .UseSqliteJournal("/var/lib/energy/settlement.db"));
    /// </code></example>
    public static EnergySettlementBuilder AddSettlement(this EnergySettlementBuilder builder, Action<SettlementOptions>? configure = null, Action<SettlementPlanningOptions>? configurePlanning = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SettlementOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var planning = services.AddOptions<SettlementPlanningOptions>().ValidateOnStart();
        if (configurePlanning is not null)
        {
            planning.Configure(configurePlanning);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SettlementOptions>, SettlementOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SettlementPlanningOptions>, SettlementPlanningOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISettlementJournal, InMemorySettlementJournal>();
        services.TryAddSingleton(sp => new SettlementPlanner(
            sp.GetRequiredService<IOptions<SettlementPlanningOptions>>().Value,
            sp.GetService<ILogger<SettlementPlanner>>()));
        services.TryAddSingleton(sp => new SettlementService(
            sp.GetRequiredService<ISettlementJournal>(),
            sp.GetRequiredService<ChainProviderRegistry>(),
            sp.GetRequiredService<IOptions<SettlementOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetRequiredService<SettlementPlanner>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SettlementWorker>(sp => new SettlementWorker(
            sp.GetRequiredService<SettlementService>(),
            sp.GetRequiredService<IOptions<SettlementOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<SettlementWorker>>() ?? NullLogger<SettlementWorker>.Instance)));
        return builder;
    }
}
