using EnergySettlement.Chains;
using EnergySettlement.Cli.Input;
using EnergySettlement.Testing;

namespace EnergySettlement.Cli.Settle;

/// <summary>
/// The simulated chain a config names, kept in its state file so a later process (<c>status</c>, <c>recover</c>) sees the
/// same chain: balances, blocks and every transaction. The tool is the chain's only miner: it mines a block after each
/// settlement pass, waiting the config's block interval first.
/// </summary>
internal sealed class SimulatedChainHost
{
    private SimulatedChainHost(SimulatedChain chain, SettlementConfig config, bool created)
    {
        Chain = chain;
        Config = config;
        Created = created;
        Provider = new SimulatedChainProvider(chain);
        Registry = new ChainProviderRegistry([Provider]);
    }

    /// <summary>Gets the chain.</summary>
    public SimulatedChain Chain { get; }

    /// <summary>Gets the config.</summary>
    public SettlementConfig Config { get; }

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
        if (File.Exists(config.ChainStateFile))
        {
            return Checked(new SimulatedChainHost(Load(config, () => SimulatedChain.Load(config.ChainStateFile, time)), config, created: false));
        }

        var chain = new SimulatedChain(config.ChainOptions, time);
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
        var exists = File.Exists(config.ChainStateFile);
        if (!exists && mustExist)
        {
            throw new InputFileException(config.ChainStateFile, 0, $"The simulated chain's state file (chain.stateFile in {config.File}) does not exist: nothing was ever settled on it.");
        }

        var chain = Load(config, () => SimulatedChain.OpenFile(config.ChainStateFile, config.ChainOptions, time));
        if (!exists)
        {
            Fund(chain, config);
        }

        return Checked(new SimulatedChainHost(chain, config, created: !exists));
    }

    /// <summary>Waits the block interval, then mines one block.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the block is mined.</returns>
    public async Task MineAsync(CancellationToken cancellationToken)
    {
        if (Config.BlockInterval > TimeSpan.Zero)
        {
            await Task.Delay(Config.BlockInterval, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        Chain.MineBlock();
    }

    private static SimulatedChain Load(SettlementConfig config, Func<SimulatedChain> open)
    {
        try
        {
            return open();
        }
        catch (InvalidDataException ex)
        {
            throw new InputFileException(config.ChainStateFile, 0, ex.Message, ex);
        }
    }

    private static void Fund(SimulatedChain chain, SettlementConfig config)
    {
        foreach (var (account, amount) in config.Funding)
        {
            chain.Fund(account, amount);
        }
    }

    private static SimulatedChainHost Checked(SimulatedChainHost host)
    {
        var expected = new SimulatedChain(host.Config.ChainOptions).Assets;
        var actual = host.Chain.Assets;
        if (host.Chain.ChainId != host.Config.ChainOptions.ChainId || !expected.SequenceEqual(actual))
        {
            throw new InputFileException(host.Config.ChainStateFile, 0,
                $"The state file holds chain {host.Chain.ChainId} with {string.Join(", ", actual.Select(a => a.Symbol))}; the config ({host.Config.File}) describes {host.Config.ChainOptions.ChainId} with {string.Join(", ", expected.Select(a => a.Symbol))}.");
        }

        return host;
    }
}
