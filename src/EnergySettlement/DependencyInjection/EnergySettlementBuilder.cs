using EnergySettlement;
using EnergySettlement.Chains;
using EnergySettlement.Trading;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Configures EnergySettlement in a service collection: chain providers (keyed by name), markets and their operators, participants, meters. Returned by
/// <see cref="EnergySettlementServiceCollectionExtensions.AddEnergySettlement(IServiceCollection, Action{EnergySettlementBuilder}?)"/>;
/// chain adapters add one extension method on it (<c>AddEthereum</c>, <c>AddDash</c>, …).
/// </summary>
/// <remarks>Not thread-safe: configure at start-up, from one thread.</remarks>
public sealed class EnergySettlementBuilder
{
    private readonly HashSet<string> _chainNames = new(StringComparer.Ordinal);
    private readonly HashSet<MarketId> _marketIds = [];

    internal EnergySettlementBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the service collection, for adapters' own registrations.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers a chain provider under <paramref name="name"/>: a keyed singleton <see cref="ChainSettlementProvider"/>
    /// that the <see cref="ChainProviderRegistry"/> finds by its chain id.
    /// </summary>
    /// <param name="name">The configuration name (for example <c>mainnet</c>); unique among chain providers.</param>
    /// <param name="factory">Creates the provider; called once, when the registry is first resolved.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public EnergySettlementBuilder AddChainProvider(string name, Func<IServiceProvider, ChainSettlementProvider> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_chainNames.Add(name))
        {
            throw new ArgumentException($"A chain provider named '{name}' is already registered; each needs its own name.", nameof(name));
        }

        Services.AddKeyedSingleton<ChainSettlementProvider>(name, (sp, _) => factory(sp));
        Services.AddSingleton(new ChainProviderRegistration(name));
        return this;
    }

    /// <summary>
    /// Runs a market: registers a <see cref="MarketOperator"/> for it, resolved as a keyed singleton by the market id's
    /// text (<c>sp.GetRequiredKeyedService&lt;MarketOperator&gt;("sunny-street")</c>) and started with the host by a hosted
    /// service (without a host, call <see cref="MarketOperator.StartAsync"/>). The market and the options are validated
    /// at start-up, every problem reported at once.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="configure">Sets the operator's options: participants' default limits, book capacity, journal batching, snapshots.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">A market with the same id is already added.</exception>
    public EnergySettlementBuilder AddMarket(MarketDefinition market, Action<MarketOperatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(market);
        if (!_marketIds.Add(market.Id))
        {
            throw new ArgumentException($"A market with id '{market.Id}' is already added; each needs its own id.", nameof(market));
        }

        var name = market.Id.Value;
        Services.Configure<EnergySettlementOptions>(o => o.Markets.Add(market));
        var options = Services.AddOptions<MarketOperatorOptions>(name).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MarketOperatorOptions>, MarketOperatorOptionsValidator>());
        Services.AddKeyedSingleton(name, (sp, _) => new MarketOperator(
            market,
            sp.GetRequiredService<IOptionsMonitor<MarketOperatorOptions>>().Get(name),
            sp.GetRequiredService<IParticipantRegistry>(),
            sp.GetRequiredService<IOrderJournal>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetServices<IMarketEventSink>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<MarketOperator>()));
        Services.AddSingleton(new MarketOperatorRegistration(name));
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MarketOperatorHostedService>());
        return this;
    }

    /// <summary>Registers a participant in the default in-memory participant registry.</summary>
    /// <param name="registration">The participant, its zone and its limits.</param>
    /// <returns>This builder.</returns>
    public EnergySettlementBuilder AddParticipant(ParticipantRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        Services.Configure<EnergySettlementOptions>(o => o.Participants.Add(registration));
        return this;
    }

    /// <summary>Registers a participant with the market's default limits in the default in-memory participant registry.</summary>
    /// <param name="participant">The participant.</param>
    /// <param name="zone">Its grid zone, in a market with zones.</param>
    /// <returns>This builder.</returns>
    public EnergySettlementBuilder AddParticipant(ParticipantId participant, ZoneId? zone = null) =>
        AddParticipant(new ParticipantRegistration { Participant = participant, Zone = zone });

    /// <summary>Uses a participant registry of the host's (for example its customer database) instead of the in-memory default.</summary>
    /// <typeparam name="TRegistry">The registry type, registered as a singleton.</typeparam>
    /// <returns>This builder.</returns>
    public EnergySettlementBuilder UseParticipantRegistry<TRegistry>()
        where TRegistry : class, IParticipantRegistry
    {
        Services.Replace(ServiceDescriptor.Singleton<IParticipantRegistry, TRegistry>());
        return this;
    }

    /// <summary>
    /// Uses an order journal (the storage packages add <c>UseSqlite</c>/<c>UsePostgreSql</c>, which call this) instead of the
    /// in-memory default, which keeps nothing across restarts.
    /// </summary>
    /// <typeparam name="TJournal">The journal type, registered as a singleton.</typeparam>
    /// <returns>This builder.</returns>
    public EnergySettlementBuilder UseOrderJournal<TJournal>()
        where TJournal : class, IOrderJournal
    {
        Services.Replace(ServiceDescriptor.Singleton<IOrderJournal, TJournal>());
        return this;
    }

    /// <summary>Adds a receiver of every market's events, which each market waits for before it answers the command that caused them.</summary>
    /// <typeparam name="TSink">The sink type, registered as a singleton.</typeparam>
    /// <returns>This builder.</returns>
    public EnergySettlementBuilder AddMarketEventSink<TSink>()
        where TSink : class, IMarketEventSink
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IMarketEventSink, TSink>());
        return this;
    }

    /// <summary>Configures the SDK's options (markets, meter validation).</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public EnergySettlementBuilder Configure(Action<EnergySettlement.EnergySettlementOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Uses a meter registry of the host's (for example backed by its asset database) instead of the in-memory default.</summary>
    /// <typeparam name="TRegistry">The registry type, registered as a singleton.</typeparam>
    /// <returns>This builder.</returns>
    public EnergySettlementBuilder UseMeterRegistry<TRegistry>()
        where TRegistry : class, EnergySettlement.Meters.IMeterRegistry
    {
        Services.Replace(ServiceDescriptor.Singleton<EnergySettlement.Meters.IMeterRegistry, TRegistry>());
        return this;
    }
}
