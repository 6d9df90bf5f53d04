using EnergySettlement.Ethereum;
using EnergySettlement.Sequencing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Ethereum settlement providers with <see cref="EnergySettlementBuilder"/>.</summary>
public static class EthereumEnergySettlementBuilderExtensions
{
    /// <summary>
    /// Adds an <see cref="EthereumSettlementProvider"/> named <paramref name="name"/>: its <see cref="EthereumOptions"/>
    /// are the named options <paramref name="name"/>, validated by <see cref="EthereumOptionsValidator"/> (every error at
    /// once, as an <see cref="OptionsValidationException"/>) when the host starts (<c>ValidateOnStart</c>) and again when
    /// the provider is first resolved, which the <c>ChainProviderRegistry</c> does when it is built; its HTTP client is the named client
    /// <c>EnergySettlement.Ethereum.&lt;name&gt;</c> (configure it with <c>AddHttpClient</c>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The provider's name (unique among chain providers).</param>
    /// <param name="configure">Sets the options (RPC URL, chain id, contract, signer, tokens, confirmations, fee cap, resilience).</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>The sequence store is <see cref="EthereumOptions.SequenceStore"/> or, when that is <see langword="null"/>,
    /// the registered <see cref="ISequencedTransactionStore"/>; with neither, resolving the provider throws
    /// <see cref="InvalidOperationException"/>.</remarks>
    /// <exception cref="ArgumentException">A chain provider with that name is already registered.</exception>
    public static EnergySettlementBuilder AddEthereum(this EnergySettlementBuilder builder, string name, Action<EthereumOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<EthereumOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EthereumOptions>, EthereumOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        var clientName = "EnergySettlement.Ethereum." + name;
        services.AddHttpClient(clientName);
        return builder.AddChainProvider(name, sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<EthereumOptions>>().Get(name);
            var store = options.SequenceStore ?? sp.GetService<ISequencedTransactionStore>()
                ?? throw new InvalidOperationException($"The Ethereum provider '{name}' needs a sequence store: set EthereumOptions.SequenceStore or register an ISequencedTransactionStore (for example FileSequencedTransactionStore).");
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(clientName);
            return new EthereumSettlementProvider(options, store, http, sp.GetService<TimeProvider>(), sp.GetService<ILoggerFactory>());
        });
    }
}
