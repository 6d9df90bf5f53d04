using EnergySettlement.Coins;
using EnergySettlement.Dash.Backends;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Dash.Tests.ChainAdapterTutorial;

/// <summary>Step 3: one builder extension, so hosts write <c>es.AddLitecoin("ltc", o => …)</c>.</summary>
public static class LitecoinBuilderExtensions
{
    /// <summary>Adds a Litecoin provider. The backend is the options' or the <see cref="IUtxoBackend"/> keyed by
    /// <paramref name="name"/>; the store is the options' or the registered <see cref="ICoinReservationStore"/>. The
    /// provider's constructor validates the options and reports every error at once.</summary>
    public static EnergySettlementBuilder AddLitecoin(this EnergySettlementBuilder builder, string name, Action<UtxoSettlementOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<UtxoSettlementOptions>(name).Configure(configure);
        return builder.AddChainProvider(name, sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<UtxoSettlementOptions>>().Get(name);
            return new LitecoinSettlementProvider(
                options,
                options.Backend ?? sp.GetRequiredKeyedService<IUtxoBackend>(name),
                options.ReservationStore ?? sp.GetRequiredService<ICoinReservationStore>(),
                sp.GetService<TimeProvider>(),
                sp.GetService<ILoggerFactory>());
        });
    }
}
