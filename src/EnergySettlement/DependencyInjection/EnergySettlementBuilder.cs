using EnergySettlement.Chains;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Configures EnergySettlement in a service collection: chain providers (keyed by name), markets, meters. Returned by
/// <see cref="EnergySettlementServiceCollectionExtensions.AddEnergySettlement(IServiceCollection, Action{EnergySettlementBuilder}?)"/>;
/// chain adapters add one extension method on it (<c>AddEthereum</c>, <c>AddDash</c>, …).
/// </summary>
/// <remarks>Not thread-safe: configure at start-up, from one thread.</remarks>
public sealed class EnergySettlementBuilder
{
    private readonly HashSet<string> _chainNames = new(StringComparer.Ordinal);

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
