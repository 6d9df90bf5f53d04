using EnergySettlement.Chains;
using EnergySettlement.Cli.Input;
using EnergySettlement.Settlement;
using EnergySettlement.Testing;

namespace EnergySettlement.Cli.Settle;

/// <summary>
/// The simulated chain a config names, kept in its state file so a later process (<c>status</c>, <c>recover</c>) sees the
/// same chain: balances, blocks and every transaction. The tool is the chain's only miner: it mines a block after each
/// settlement pass, waiting the config's block interval first.
/// </summary>
internal sealed class SimulatedChainHost : ISettlementChainHost
{
    private SimulatedChainHost(SimulatedChain chain, SettlementConfig config, bool created)
    {
        Chain = chain;
        Config = config;
        Settings = config.Simulated ?? throw new ArgumentException($"The config's chain is not a simulated chain: {config.ChainId}.", nameof(config));
        Created = created;
        Provider = new SimulatedChainProvider(chain);
        Registry = new ChainProviderRegistry([Provider]);
    }

    /// <summary>Gets the chain.</summary>
    public SimulatedChain Chain { get; }

    /// <summary>Gets the config.</summary>
    public SettlementConfig Config { get; }

    /// <summary>Gets the config's simulated chain section.</summary>
    public SimulatedChainSettings Settings { get; }

    /// <inheritdoc/>
    public ChainId ChainId => Chain.ChainId;

    /// <inheritdoc/>
    public int Confirmations => Chain.ConfirmationsForFinality;

    /// <summary>Gets whether the state file did not exist (the chain is new, funded from the config).</summary>
    public bool Created { get; }

    /// <summary>Gets the chain's provider.</summary>
    public SimulatedChainProvider Provider { get; }

    /// <summary>Gets the registry holding the provider.</summary>
    public ChainProviderRegistry Registry { get; }

    /// <summary>Opens the chain without writing anything: loaded from the state file, or new and funded in memory when the
    /// file does not exist yet. For rehearsals.</summary>
    /// <param name="config">The config.</param>
    /// <param name="time">The clock.</param>
    /// <returns>The host.</returns>
    /// <exception cref="InputFileException">The state file is unreadable or holds another chain than the config describes.</exception>
    public static SimulatedChainHost OpenReadOnly(SettlementConfig config, TimeProvider time)
    {
        if (File.Exists(config.Simulated!.StateFile))
        {
            return Checked(new SimulatedChainHost(Load(config, () => SimulatedChain.Load(config.Simulated!.StateFile, time)), config, created: false));
        }

        var chain = new SimulatedChain(config.Simulated!.Options, time);
        Fund(chain, config);
        return new SimulatedChainHost(chain, config, created: true);
    }

    /// <summary>Opens the chain kept in its state file, creating and funding it when the file does not exist; from then on
    /// every change is saved before the call that made it returns.</summary>
    /// <param name="config">The config.</param>
    /// <param name="time">The clock.</param>
    /// <param name="mustExist">Whether a missing state file is an error (<c>recover</c>: a chain that was never created
    /// cannot hold payments to finish).</param>
    /// <returns>The host.</returns>
    /// <exception cref="InputFileException">The state file is missing (when it must exist), unreadable, or holds another chain.</exception>
    public static SimulatedChainHost Open(SettlementConfig config, TimeProvider time, bool mustExist)
    {
        var exists = File.Exists(config.Simulated!.StateFile);
        if (!exists && mustExist)
        {
            throw new InputFileException(config.Simulated!.StateFile, 0, $"The simulated chain's state file (chain.stateFile in {config.File}) does not exist: nothing was ever settled on it.");
        }

        var chain = Load(config, () => SimulatedChain.OpenFile(config.Simulated!.StateFile, config.Simulated!.Options, time));
        if (!exists)
        {
            Fund(chain, config);
        }

        return Checked(new SimulatedChainHost(chain, config, created: !exists));
    }

    /// <inheritdoc/>
    /// <remarks>The simulated chain needs nothing before paying.</remarks>
    public Task PrepareToPayAsync(IReadOnlyList<BatchHistory> batches, TextWriter output, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    /// <remarks>Waits the block interval, then mines one block.</remarks>
    public async Task AdvanceAsync(CancellationToken cancellationToken)
    {
        if (Settings.BlockInterval > TimeSpan.Zero)
        {
            await Task.Delay(Settings.BlockInterval, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        Chain.MineBlock();
    }

    /// <inheritdoc/>
    /// <remarks>Nothing to release: every change was saved when it was made.</remarks>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static SimulatedChain Load(SettlementConfig config, Func<SimulatedChain> open)
    {
        try
        {
            return open();
        }
        catch (InvalidDataException ex)
        {
            throw new InputFileException(config.Simulated!.StateFile, 0, ex.Message, ex);
        }
    }

    private static void Fund(SimulatedChain chain, SettlementConfig config)
    {
        foreach (var (account, amount) in config.Simulated!.Funding)
        {
            chain.Fund(account, amount);
        }
    }

    private static SimulatedChainHost Checked(SimulatedChainHost host)
    {
        var expected = new SimulatedChain(host.Settings.Options).Assets;
        var actual = host.Chain.Assets;
        if (host.Chain.ChainId != host.Settings.Options.ChainId || !expected.SequenceEqual(actual))
        {
            throw new InputFileException(host.Settings.StateFile, 0,
                $"The state file holds chain {host.Chain.ChainId} with {string.Join(", ", actual.Select(a => a.Symbol))}; the config ({host.Config.File}) describes {host.Settings.Options.ChainId} with {string.Join(", ", expected.Select(a => a.Symbol))}.");
        }

        return host;
    }
}
