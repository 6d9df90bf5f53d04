using EnergySettlement.Chains;

namespace EnergySettlement;

/// <summary>Thrown when no chain provider is registered for a requested <see cref="Chains.ChainId"/>.</summary>
public sealed class UnknownChainException : EnergySettlementException
{
    /// <summary>Creates the exception for <paramref name="chainId"/>.</summary>
    /// <param name="chainId">The chain that was asked for.</param>
    /// <param name="registered">The chains that are registered, listed in the message.</param>
    public UnknownChainException(ChainId chainId, IEnumerable<ChainId> registered)
        : base($"No chain provider is registered for chain '{chainId}'. Registered chains: {Describe(registered)}.")
    {
        ChainId = chainId;
    }

    /// <summary>Gets the chain that was asked for.</summary>
    public ChainId ChainId { get; }

    private static string Describe(IEnumerable<ChainId> registered)
    {
        ArgumentNullException.ThrowIfNull(registered);
        var names = string.Join(", ", registered.Select(c => c.ToString()).OrderBy(s => s, StringComparer.Ordinal));
        return names.Length == 0 ? "(none)" : names;
    }
}
