using EnergySettlement.Chains;
using EnergySettlement.Testing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a <see cref="SimulatedChain"/> and its <see cref="SimulatedChainProvider"/> with the EnergySettlement builder.</summary>
public static class SimulatedChainEnergySettlementBuilderExtensions
{
    /// <summary>
    /// Adds a simulated chain named <paramref name="name"/>: its options (named <paramref name="name"/>, validated when
    /// the chain is first resolved, every error reported at once in an <see cref="OptionsValidationException"/>), the
    /// chain itself as a keyed singleton <see cref="SimulatedChain"/> (resolve it with
    /// <c>GetRequiredKeyedService&lt;SimulatedChain&gt;(name)</c> to fund accounts, mine blocks and inject faults), and
    /// its provider as the chain provider <paramref name="name"/>. The chain's clock is the registered
    /// <see cref="TimeProvider"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The chain provider's name; unique among the builder's chains.</param>
    /// <param name="configure">Configures the chain's options.</param>
    /// <returns>The builder, to chain calls.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or already used by another chain provider.</exception>
    public static EnergySettlementBuilder AddSimulatedChain(this EnergySettlementBuilder builder, string name, Action<SimulatedChainOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddChainProvider(name, sp => new SimulatedChainProvider(sp.GetRequiredKeyedService<SimulatedChain>(name)));
        builder.Services.AddOptions<SimulatedChainOptions>(name).Configure(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SimulatedChainOptions>, SimulatedChainOptionsValidator>());
        builder.Services.AddKeyedSingleton(name, (sp, _) => new SimulatedChain(
            sp.GetRequiredService<IOptionsMonitor<SimulatedChainOptions>>().Get(name),
            sp.GetService<TimeProvider>()));
        return builder;
    }
}
