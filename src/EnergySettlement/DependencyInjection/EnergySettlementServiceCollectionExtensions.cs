using EnergySettlement;
using EnergySettlement.Chains;
using EnergySettlement.Meters;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers EnergySettlement in an <see cref="IServiceCollection"/>.</summary>
public static class EnergySettlementServiceCollectionExtensions
{
    /// <summary>
    /// Adds EnergySettlement: the chain-provider registry, options validated at start-up, the meter registry and reading
    /// validator, and a <see cref="TimeProvider"/> (the system clock unless the host registered one first).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds chains and options, for example <c>es => es.AddEthereum("mainnet", o => …)</c>.</param>
    /// <returns>The builder, for further configuration.</returns>
    /// <example><code>
    /// services.AddEnergySettlement(es => es
    ///     .Configure(o => o.Markets.Add(market))
    ///     .AddEthereum("mainnet", o => { o.RpcUrl = new Uri("http://127.0.0.1:8545"); o.ChainId = 1; }));
    /// </code></example>
    public static EnergySettlementBuilder AddEnergySettlement(this IServiceCollection services, Action<EnergySettlementBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EnergySettlementOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EnergySettlementOptions>, EnergySettlementOptionsValidator>());
        services.TryAddSingleton(sp => new ChainProviderRegistry(
            sp.GetServices<ChainProviderRegistration>().Select(r => sp.GetRequiredKeyedService<ChainSettlementProvider>(r.Name))));
        services.TryAddSingleton<IMeterRegistry>(sp => new InMemoryMeterRegistry(sp.GetRequiredService<IOptions<EnergySettlementOptions>>().Value.Meters));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMeterSignatureVerifier, EcdsaP256MeterSignatureVerifier>());
        services.TryAddSingleton(sp => new MeterReadingValidator(
            sp.GetRequiredService<IMeterRegistry>(),
            sp.GetServices<IMeterSignatureVerifier>(),
            sp.GetRequiredService<IOptions<EnergySettlementOptions>>().Value.MeterValidation,
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<MeterReadingValidator>()));

        var builder = new EnergySettlementBuilder(services);
        configure?.Invoke(builder);
        return builder;
    }
}
