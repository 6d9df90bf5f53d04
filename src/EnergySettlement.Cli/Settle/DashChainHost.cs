using EnergySettlement.Chains;
using EnergySettlement.Cli.Chains;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Cli.Input;
using EnergySettlement.Coins;
using EnergySettlement.Dash;
using EnergySettlement.Dash.Keys;
using EnergySettlement.Settlement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Cli.Settle;

/// <summary>
/// The config's <c>"kind": "dash"</c> chain: an existing Dash node or API (Dash Core, Insight, BlockCypher), paid through the
/// SDK's <see cref="DashSettlementProvider"/> registered exactly as <c>demo --chain dash</c> registers it
/// (<see cref="DashChainRegistration"/>): one transaction per batch from the payer's own address, coins reserved in the given
/// store (the settlement journal) before anything is signed, final on an InstantSend lock or ChainLock. The WIF keys come
/// from <c>ENERGY_SETTLE_WIF_&lt;PARTICIPANT&gt;</c> or the config's key file; Dash Core's credentials from
/// <c>ENERGY_SETTLE_DASHCORE_USER</c>/<c>_PASSWORD</c> or the cookie file — never the command line or the config.
/// </summary>
internal sealed class DashChainHost : ISettlementChainHost
{
    private const string ProviderName = "settle-dash";
    private readonly DashChainSettings _settings;
    private readonly ServiceProvider _services;
    private readonly List<WifKeySigner> _signers;

    private DashChainHost(DashChainSettings settings, ServiceProvider services, List<WifKeySigner> signers, DashSettlementProvider provider)
    {
        _settings = settings;
        _services = services;
        _signers = signers;
        Provider = provider;
        Registry = new ChainProviderRegistry([provider]);
    }

    /// <summary>Gets the provider.</summary>
    public DashSettlementProvider Provider { get; }

    /// <inheritdoc/>
    public ChainProviderRegistry Registry { get; }

    /// <inheritdoc/>
    public ChainId ChainId => Provider.ChainId;

    /// <inheritdoc/>
    /// <value>The confirmations that make a payment final without an InstantSend lock or ChainLock.</value>
    public int Confirmations => _settings.Confirmations;

    /// <summary>Opens the Dash backends a config names: loads the participants' keys (each checked against its account) and
    /// reads a payer's balance, so an unreachable backend is found before anything is written.</summary>
    /// <param name="config">The config; its chain must be of kind <c>dash</c>.</param>
    /// <param name="store">Where coins are reserved (the settlement journal; in memory for a rehearsal, which signs nothing).</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The host; dispose it.</returns>
    /// <exception cref="CliException">A key or credential is missing or invalid, or a key is of another account (exit code 3);
    /// a backend cannot be reached (exit code 4).</exception>
    public static async Task<DashChainHost> OpenAsync(SettlementConfig config, ICoinReservationStore store, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var settings = config.Dash ?? throw new ArgumentException($"The config's chain is not a Dash network: {config.ChainId}.", nameof(config));
        var owners = config.Participants
            .Select(p => (Name: p.Id.ToString(), Accounts: p.Accounts.Where(a => a.Account.ChainId == config.ChainId).Select(a => a.Account).Distinct().ToList()))
            .Where(p => p.Accounts.Count > 0)
            .ToList();
        if (owners.Count == 0)
        {
            throw new CliException(ExitCodes.InputError, $"{config.File}: no participant has an account on {config.ChainId}: nothing could be paid there.");
        }

        var keys = DashChainRegistration.LoadSigners(owners.Select(o => o.Name).ToList(), settings, Environment.GetEnvironmentVariable);
        var signers = owners.Select(o => keys[o.Name]).ToList();
        ServiceProvider? services = null;
        try
        {
            foreach (var (name, accounts) in owners)
            {
                var address = keys[name].GetAddress(settings.Parameters).ToString();
                var other = accounts.FindIndex(a => a.Address != address);
                if (other >= 0)
                {
                    throw new CliException(ExitCodes.InputError,
                        $"The key of participant '{name}' ({DemoKeys.VariableOf(DashChainRegistration.KeyVariablePrefix, name)}{(settings.KeyFile is null ? string.Empty : $" or {settings.KeyFile}")}) belongs to {address}, but its account in {config.File} is {accounts[other]}: each participant pays from the address of its own key.");
                }
            }

            var collection = new ServiceCollection();
            collection.AddSingleton(loggerFactory);
            collection.AddSingleton(store);
            collection.AddEnergySettlement(es => DashChainRegistration.AddDash(es, ProviderName, settings, [.. signers], Environment.GetEnvironmentVariable));
            services = collection.BuildServiceProvider();
            DashSettlementProvider provider;
            try
            {
                provider = (DashSettlementProvider)services.GetRequiredKeyedService<ChainSettlementProvider>(ProviderName);
            }
            catch (OptionsValidationException e)
            {
                throw new CliException(ExitCodes.InputError, "The Dash settings are not usable: " + string.Join(" ", e.Failures), e);
            }

            try
            {
                await provider.GetBalanceAsync(provider.Accounts[0], settings.Parameters.NativeAsset, cancellationToken).ConfigureAwait(false);
            }
            catch (EnergySettlementException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CliException(ExitCodes.ChainUnavailable, $"The Dash backend ({settings.DescribeBackends()}) cannot be reached or refused the request: {e.Message}", e);
            }

            return new DashChainHost(settings, services, signers, provider);
        }
        catch
        {
            if (services is not null)
            {
                await services.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var signer in signers)
            {
                signer.Dispose();
            }

            throw;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Dash needs nothing before paying: the payer's coins are reserved when each batch is prepared.</remarks>
    public Task PrepareToPayAsync(IReadOnlyList<BatchHistory> batches, TextWriter output, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    /// <remarks>Waits the config's <c>blockIntervalMs</c>: Dash makes blocks on its own, and InstantSend locks arrive within
    /// seconds.</remarks>
    public Task AdvanceAsync(CancellationToken cancellationToken) => Task.Delay(_settings.PollInterval, cancellationToken);

    /// <summary>Releases the provider's services and the keys.</summary>
    /// <returns>A task that completes when released.</returns>
    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        foreach (var signer in _signers)
        {
            signer.Dispose();
        }
    }
}
