using EnergySettlement.Coins;
using EnergySettlement.Dash;
using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Backends.Redundancy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Dash settlement providers with <see cref="EnergySettlementBuilder"/>.</summary>
public static class DashEnergySettlementBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="DashSettlementProvider"/> named <paramref name="name"/>: its <see cref="DashOptions"/> are the named
    /// options <paramref name="name"/>, validated at host start-up (<c>ValidateOnStart</c>) and again when the provider is
    /// first resolved, which the <c>ChainProviderRegistry</c> does when it is built: <see cref="DashOptionsValidator"/>
    /// checks every option and backend, and a missing backend or coin reservation store is reported too, all in one
    /// <see cref="OptionsValidationException"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The provider's name (unique among chain providers).</param>
    /// <param name="configure">Sets the options (network, signers, backends, confirmations, fees, limits).</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// <para>The backend is, in this order: <see cref="UtxoSettlementOptions.Backend"/>; the backends chosen with
    /// <see cref="DashOptions.UseDashCore"/>, <see cref="DashOptions.UseDashCoreCookie"/>, <see cref="DashOptions.UseInsight"/>
    /// and <see cref="DashOptions.UseBlockCypher"/> (one as it is, several behind a <see cref="RedundantUtxoBackend"/>);
    /// or the <see cref="IUtxoBackend"/> registered as a keyed service under <paramref name="name"/>.</para>
    /// <para>Each chosen backend gets an <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>, named by provider
    /// and kind: <c>EnergySettlement.Dash.&lt;name&gt;.dash-core</c>, <c>….insight</c> or <c>….blockcypher</c> (backends of
    /// the same kind share the name). Configure handlers, proxies or certificates with
    /// <c>services.AddHttpClient("EnergySettlement.Dash.&lt;name&gt;.insight")</c>. The factory's default request logging is
    /// removed from these clients, because it would write BlockCypher's token (a query parameter) and, before .NET 9, Dash
    /// Core's credentials (a header) to the log; the backends log and measure their requests themselves. The client's
    /// <see cref="HttpClient.Timeout"/> is the backend's <see cref="UtxoBackendOptions.RequestTimeout"/> plus 5 seconds, a
    /// backstop behind the per-attempt timeout of its resilience pipeline (left as the factory makes it when
    /// <see cref="UtxoBackendOptions.ConfigureResilience"/> replaces the pipeline).</para>
    /// <para>The reservation store is <see cref="UtxoSettlementOptions.ReservationStore"/> or the registered
    /// <see cref="ICoinReservationStore"/>.</para>
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
        services.AddOptions<DashOptions>(name)
            .Configure(configure)
            .PostConfigure(o => o.ApplyNetworkToBackends())
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashOptions>, DashOptionsValidator>());
        services.AddSingleton<IValidateOptions<DashOptions>>(sp => new DashServicesValidator(name, sp.GetService<IServiceProviderIsService>()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient();
        foreach (var kind in DashBackendFactory.Kinds)
        {
            // The factory's default logging writes each request's full URL (BlockCypher's token is a query parameter)
            // and, before .NET 9, every header value (Dash Core's basic credentials): neither may reach a log. The
            // backends log and measure each request themselves, without secrets.
            services.AddHttpClient(DashBackendFactory.ClientName(name, kind)).RemoveAllLoggers().RedactLoggedHeaders(static _ => true);
        }

        return builder.AddChainProvider(name, sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<DashOptions>>().Get(name);
            var time = sp.GetService<TimeProvider>();
            var loggerFactory = sp.GetService<ILoggerFactory>();
            var backend = options.Backend
                ?? DashBackendFactory.Create(name, options, sp.GetRequiredService<IHttpClientFactory>(), time, loggerFactory)
                ?? sp.GetKeyedService<IUtxoBackend>(name)
                ?? throw new InvalidOperationException($"The Dash provider '{name}' needs a backend: choose one with o.UseDashCore, o.UseDashCoreCookie, o.UseInsight or o.UseBlockCypher, set DashOptions.Backend, or register an IUtxoBackend as a keyed service named '{name}'.");
            var store = options.ReservationStore ?? sp.GetService<ICoinReservationStore>()
                ?? throw new InvalidOperationException($"The Dash provider '{name}' needs a coin reservation store: set DashOptions.ReservationStore or register an ICoinReservationStore (the SQLite or PostgreSQL store in production).");
            return new DashSettlementProvider(options, backend, store, time, loggerFactory);
        });
    }
}
