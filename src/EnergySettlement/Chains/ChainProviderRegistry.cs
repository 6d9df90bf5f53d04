namespace EnergySettlement.Chains;

/// <summary>
/// Finds the <see cref="ChainSettlementProvider"/> registered for a chain, and, when several providers share a chain
/// (one per paying account, as account-based adapters that hold one key each do), the one that can pay from a payer.
/// </summary>
/// <remarks>Built once from the registered providers; thread-safe for reads. Hosts without DI can construct it directly.</remarks>
public sealed class ChainProviderRegistry
{
    private readonly Dictionary<ChainId, List<ChainSettlementProvider>> _providers = [];

    /// <summary>Creates the registry.</summary>
    /// <param name="providers">The providers, in order of preference; several may share a chain when they pay from
    /// different accounts (see <see cref="ChainSettlementProvider.CanPayFrom"/>).</param>
    /// <exception cref="ArgumentException">The same provider instance is given twice.</exception>
    public ChainProviderRegistry(IEnumerable<ChainSettlementProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        foreach (var provider in providers)
        {
            ArgumentNullException.ThrowIfNull(provider, nameof(providers));
            if (!_providers.TryGetValue(provider.ChainId, out var list))
            {
                list = [];
                _providers.Add(provider.ChainId, list);
            }

            if (list.Contains(provider))
            {
                throw new ArgumentException($"The same chain provider for {provider.ChainId} is registered twice.", nameof(providers));
            }

            list.Add(provider);
        }
    }

    /// <summary>Gets the chains that have a provider.</summary>
    public IReadOnlyCollection<ChainId> Chains => _providers.Keys;

    /// <summary>Gets the first provider registered for a chain: for what any provider of the chain can answer
    /// (capabilities, address validation, balances).</summary>
    /// <param name="chainId">The chain.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="UnknownChainException">No provider is registered for the chain.</exception>
    public ChainSettlementProvider GetProvider(ChainId chainId) =>
        _providers.TryGetValue(chainId, out var list) ? list[0] : throw new UnknownChainException(chainId, _providers.Keys);

    /// <summary>Gets the provider that can pay from <paramref name="payer"/> on its chain: for everything about a batch of
    /// that payer (quote, prepare, submit, status, acceleration, release).</summary>
    /// <param name="payer">The paying account.</param>
    /// <returns>The first registered provider of the payer's chain whose <see cref="ChainSettlementProvider.CanPayFrom"/> accepts it.</returns>
    /// <exception cref="UnknownChainException">No provider is registered for the payer's chain.</exception>
    /// <exception cref="InvalidOperationException">Providers exist for the chain, but none can sign for the payer.</exception>
    public ChainSettlementProvider GetProviderFor(SettlementAccount payer)
    {
        if (!_providers.TryGetValue(payer.ChainId, out var list))
        {
            throw new UnknownChainException(payer.ChainId, _providers.Keys);
        }

        foreach (var provider in list)
        {
            if (provider.CanPayFrom(payer))
            {
                return provider;
            }
        }

        throw new InvalidOperationException($"{list.Count} provider(s) are registered for chain {payer.ChainId}, but none can pay from {payer}: register one with that account's signer.");
    }

    /// <summary>Tries to get the first provider registered for a chain.</summary>
    /// <param name="chainId">The chain.</param>
    /// <param name="provider">The provider, when registered.</param>
    /// <returns><see langword="true"/> when a provider is registered.</returns>
    public bool TryGetProvider(ChainId chainId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ChainSettlementProvider? provider)
    {
        provider = _providers.TryGetValue(chainId, out var list) ? list[0] : null;
        return provider is not null;
    }

    /// <summary>Checks that an account is on a registered chain and its address is valid there.</summary>
    /// <param name="account">The account.</param>
    /// <exception cref="UnknownChainException">No provider is registered for the account's chain.</exception>
    /// <exception cref="InvalidAddressException">The chain's adapter rejects the address.</exception>
    public void ValidateAccount(SettlementAccount account) => GetProvider(account.ChainId).ValidateAddress(account);
}
