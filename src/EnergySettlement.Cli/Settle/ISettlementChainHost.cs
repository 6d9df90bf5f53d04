using EnergySettlement.Chains;
using EnergySettlement.Settlement;

namespace EnergySettlement.Cli.Settle;

/// <summary>
/// The chain a settlement config names, opened for <c>settle</c> or <c>recover</c>: the providers the SDK's
/// <see cref="SettlementService"/> pays through, and how the tool moves on while batches wait for finality.
/// <see cref="SettlementChainHosts"/> opens one by the config's chain kind.
/// </summary>
internal interface ISettlementChainHost : IAsyncDisposable
{
    /// <summary>Gets the chain.</summary>
    ChainId ChainId { get; }

    /// <summary>Gets the registry holding the chain's provider.</summary>
    ChainProviderRegistry Registry { get; }

    /// <summary>Gets the confirmations that make a payment final.</summary>
    int Confirmations { get; }

    /// <summary>Makes the chain ready to pay the given batches (an ERC-20 allowance for the batch contract, …); called after
    /// they are recorded and before they are sent. Nothing for chains that need nothing.</summary>
    /// <param name="batches">The unfinished batches about to be paid.</param>
    /// <param name="output">Where to say what was done.</param>
    /// <param name="cancellationToken">Cancels the preparation.</param>
    /// <returns>A task that completes when the chain is ready.</returns>
    Task PrepareToPayAsync(IReadOnlyList<BatchHistory> batches, TextWriter output, CancellationToken cancellationToken);

    /// <summary>Moves on by one block: mines it (a chain the tool runs) or waits for the next one (a real node).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when a block passed, or the bounded wait ended.</returns>
    Task AdvanceAsync(CancellationToken cancellationToken);
}
