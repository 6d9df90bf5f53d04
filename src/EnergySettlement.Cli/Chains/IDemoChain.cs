using EnergySettlement.Chains;
using Microsoft.Extensions.DependencyInjection;

namespace EnergySettlement.Cli.Chains;

/// <summary>
/// The chain a demo settles on, behind one seam so another chain (a local Anvil node, an existing Ethereum or Dash node)
/// is one more class registered in <see cref="DemoChains"/>. The demo calls <see cref="Register"/> while it builds the
/// SDK's container, <see cref="OpenAsync"/> once the container is built, then settles through the SDK's settlement
/// service, calling <see cref="AdvanceAsync"/> while batches wait for finality; it disposes the chain at the end.
/// </summary>
internal interface IDemoChain : IAsyncDisposable
{
    /// <summary>Gets the name used on the command line (<c>--chain NAME</c>).</summary>
    string Name { get; }

    /// <summary>Gets the asset the market quotes and pays in; valid after <see cref="OpenAsync"/>.</summary>
    Asset QuoteAsset { get; }

    /// <summary>
    /// Gets the smallest amount the chain can pay in one payout (a UTXO chain's dust threshold), which the demo gives the
    /// settlement planner as its minimum payout so that smaller legs are carried forward instead of failing; valid after
    /// <see cref="OpenAsync"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/>: any amount can be paid.</value>
    Money? MinimumPayout => null;

    /// <summary>Gets how far the demo's clock moves each time it calls <see cref="AdvanceAsync"/> (one block).</summary>
    TimeSpan BlockInterval { get; }

    /// <summary>
    /// Adds the chain's settlement provider(s) to the SDK's builder, with whatever each account needs to pay (a chain
    /// whose provider signs with one key per account creates and registers the keys here).
    /// </summary>
    /// <param name="builder">The builder of the demo's container.</param>
    /// <param name="accountNames">The accounts the demo will open, by name (the homes and the grid operator).</param>
    void Register(EnergySettlementBuilder builder, IReadOnlyList<string> accountNames);

    /// <summary>
    /// Starts what the chain needs (a node, contracts) and opens the funded account of each name given to
    /// <see cref="Register"/>: enough of <see cref="QuoteAsset"/> to pay a day of energy, and the native coin for fees.
    /// </summary>
    /// <param name="services">The built container (the providers registered by <see cref="Register"/> live there).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>Each name's account.</returns>
    /// <exception cref="Hosting.CliException">The chain cannot be started or reached (exit code 4).</exception>
    Task<IReadOnlyDictionary<string, SettlementAccount>> OpenAsync(IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>Reads an account's balance of <see cref="QuoteAsset"/>.</summary>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The balance.</returns>
    Task<Money> GetBalanceAsync(SettlementAccount account, CancellationToken cancellationToken);

    /// <summary>Lets the chain move on (a block) so that submitted transactions gain confirmations.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the chain has moved on.</returns>
    Task AdvanceAsync(CancellationToken cancellationToken);
}
