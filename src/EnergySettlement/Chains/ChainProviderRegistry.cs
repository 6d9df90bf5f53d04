namespace EnergySettlement.Chains;

/// <summary>Finds the <see cref="ChainSettlementProvider"/> registered for a chain.</summary>
/// <remarks>Built once from the registered providers; thread-safe for reads. Hosts without DI can construct it directly.</remarks>
public sealed class ChainProviderRegistry
{
    private readonly Dictionary<ChainId, ChainSettlementProvider> _providers = [];

    /// <summary>Creates the registry.</summary>
    /// <param name="providers">The providers; at most one per chain.</param>
    /// <exception cref="ArgumentException">Two providers are for the same chain.</exception>
    public ChainProviderRegistry(IEnumerable<ChainSettlementProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        foreach (var provider in providers)
        {
            ArgumentNullException.ThrowIfNull(provider, nameof(providers));
            if (!_providers.TryAdd(provider.ChainId, provider))
            {
                throw new ArgumentException($"Two chain providers are registered for chain {provider.ChainId}; register one per chain.", nameof(providers));
            }
        }
    }

    /// <summary>Gets the chains that have a provider.</summary>
    public IReadOnlyCollection<ChainId> Chains => _providers.Keys;

    /// <summary>Gets the provider for a chain.</summary>
    /// <param name="chainId">The chain.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="UnknownChainException">No provider is registered for the chain.</exception>
    public ChainSettlementProvider GetProvider(ChainId chainId) =>
        _providers.TryGetValue(chainId, out var provider) ? provider : throw new UnknownChainException(chainId, _providers.Keys);

    /// <summary>Tries to get the provider for a chain.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="provider">The provider, when registered.</param>
    /// <returns><see langword="true"/> when a provider is registered.</returns>
    public bool TryGetProvider(ChainId chainId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ChainSettlementProvider? provider) =>
        _providers.TryGetValue(chainId, out provider);

    /// <summary>Checks that an account is on a registered chain and its address is valid there.</summary>
    /// <param name="account">The account.</param>
    /// <exception cref="UnknownChainException">No provider is registered for the account's chain.</exception>
    /// <exception cref="InvalidAddressException">The chain's adapter rejects the address.</exception>
    public void ValidateAccount(SettlementAccount account) => GetProvider(account.ChainId).ValidateAddress(account);
}
