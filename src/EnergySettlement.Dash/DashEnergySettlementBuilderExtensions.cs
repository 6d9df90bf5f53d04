using EnergySettlement.Coins;
using EnergySettlement.Dash;
using EnergySettlement.Dash.Backends;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Dash settlement providers with <see cref="EnergySettlementBuilder"/>.</summary>
public static class DashEnergySettlementBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="DashSettlementProvider"/> named <paramref name="name"/>: its <see cref="DashOptions"/> are the named
    /// options <paramref name="name"/>, validated by <see cref="DashOptionsValidator"/> (every error at once, as an
    /// <see cref="OptionsValidationException"/>) when the provider is first resolved, which the <c>ChainProviderRegistry</c>
    /// does when it is built.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The provider's name (unique among chain providers).</param>
    /// <param name="configure">Sets the options (network, signers, backend, confirmations, fees, limits).</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// <para>The backend is <see cref="UtxoSettlementOptions.Backend"/> or, when that is <see langword="null"/>, the
    /// <see cref="IUtxoBackend"/> registered as a keyed service under <paramref name="name"/> (the backend registrations of
    /// this package register theirs that way). The reservation store is <see cref="UtxoSettlementOptions.ReservationStore"/>
    /// or the registered <see cref="ICoinReservationStore"/>. With neither, resolving the provider throws
    /// <see cref="InvalidOperationException"/> naming what is missing.</para>
    /// <para>Two homes paying on one chain: add their two signers to one provider's <see cref="UtxoSettlementOptions.Signers"/>;
    /// the registry finds it for either payer.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">A chain provider with that name is already registered.</exception>
    public static EnergySettlementBuilder AddDash(this EnergySettlementBuilder builder, string name, Action<DashOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<DashOptions>(name).Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashOptions>, DashOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return builder.AddChainProvider(name, sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<DashOptions>>().Get(name);
            var backend = options.Backend ?? sp.GetKeyedService<IUtxoBackend>(name)
                ?? throw new InvalidOperationException($"The Dash provider '{name}' needs a backend: set DashOptions.Backend, or register an IUtxoBackend as a keyed service named '{name}' (Dash Core JSON-RPC, Insight or BlockCypher).");
            var store = options.ReservationStore ?? sp.GetService<ICoinReservationStore>()
                ?? throw new InvalidOperationException($"The Dash provider '{name}' needs a coin reservation store: set DashOptions.ReservationStore or register an ICoinReservationStore (the SQLite or PostgreSQL store in production).");
            return new DashSettlementProvider(options, backend, store, sp.GetService<TimeProvider>(), sp.GetService<ILoggerFactory>());
        });
    }
}
