using EnergySettlement;
using EnergySettlement.Chains;
using EnergySettlement.Meters;
using EnergySettlement.Trading;
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
    /// validator, the participant registry and order journal the market operators use (in memory unless the host chooses
    /// others), and a <see cref="TimeProvider"/> (the system clock unless the host registered one first).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds chains and options, for example <c>es => es.AddEthereum("mainnet", o => …)</c>.</param>
    /// <returns>The builder, for further configuration.</returns>
    /// <example><code>
    /// services.AddEnergySettlement(es => es
    ///     .AddMarket(market, o => o.Limits.MaxRestingOrders = 50)
    ///     .AddParticipant(new ParticipantId("solar-home"))
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
        services.TryAddSingleton<IParticipantRegistry>(sp => new InMemoryParticipantRegistry(sp.GetRequiredService<IOptions<EnergySettlementOptions>>().Value.Participants));
        services.TryAddSingleton<IOrderJournal, InMemoryOrderJournal>();
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
