using EnergySettlement.Chains;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Dash;
using EnergySettlement.Dash.Keys;
using EnergySettlement.Settlement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnergySettlement.Cli.Chains;

/// <summary>
/// <c>--chain dash</c>: settles the demo on an existing Dash node or API through the SDK's <see cref="DashSettlementProvider"/>
/// (registered by <see cref="DashChainRegistration"/>): one provider holding every account's WIF key, so each home and the
/// grid operator pay their own batches from their own address, one transaction per batch paying many payees, final on an
/// InstantSend lock or ChainLock (or after the fallback confirmations). The market quotes and pays in the network's coin
/// (DASH, tDASH on the test networks), 8 decimals; payouts below the dust threshold are carried forward by the SDK.
/// </summary>
/// <remarks>
/// <para>The accounts must be funded beforehand; <see cref="OpenAsync"/> reads every balance (so an unreachable backend is
/// found before the market opens, exit code 4) and refuses an empty one (exit code 3) — nothing is paid then.</para>
/// <para>DASH is also the fee coin: each payout transaction's miner fee comes out of the payer's balance. So that the
/// demo's check compares what the settlement moved, <see cref="GetBalanceAsync"/> is the address's balance plus the fees
/// its own payout transactions paid (each transaction's fee as the SDK prepared it, read from the journal, counted once the
/// chain knows the transaction).</para>
/// </remarks>
internal sealed class DashDemoChain : IDemoChain
{
    /// <summary>The name on the command line.</summary>
    public const string ChainName = "dash";

    /// <summary>The provider's name in the demo's container.</summary>
    public const string ProviderName = "demo-dash";

    /// <summary>The least balance an account must hold for the demo to start: 0.001 of the coin (100,000 duffs).</summary>
    public const long MinimumFundingDuffs = 100_000;

    private readonly DashChainSettings _settings;
    private readonly Func<string, string?> _environment;
    private readonly List<WifKeySigner> _signers = [];
    private string[] _accountNames = [];
    private DashSettlementProvider? _provider;
    private ISettlementJournal? _journal;

    /// <summary>Creates the chain.</summary>
    /// <param name="settings">The network, backends and where the keys are.</param>
    /// <param name="environment">Reads an environment variable (keys, RPC credentials, the BlockCypher token).</param>
    public DashDemoChain(DashChainSettings settings, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);
        _settings = settings;
        _environment = environment;
    }

    /// <inheritdoc/>
    public string Name => ChainName;

    /// <inheritdoc/>
    /// <value>The network's coin (DASH on mainnet, tDASH on testnet and regtest).</value>
    public Asset QuoteAsset => _settings.Parameters.NativeAsset;

    /// <inheritdoc/>
    /// <value>The wait between settlement passes (<see cref="DashChainSettings.PollInterval"/>): on Dash a payment is final
    /// on its InstantSend lock, seconds after it is sent, rather than after blocks.</value>
    public TimeSpan BlockInterval => _settings.PollInterval;

    /// <inheritdoc/>
    /// <value>The dust threshold of a P2PKH output (546 duffs): smaller legs are carried forward by the SDK.</value>
    public Money? MinimumPayout => new Money(_settings.Parameters.GetDustThreshold(25), QuoteAsset);

    /// <summary>Gets the provider, once opened.</summary>
    public DashSettlementProvider Provider => _provider ?? throw new InvalidOperationException("The dash chain is not open yet.");

    /// <inheritdoc/>
    /// <remarks>Loads every account's WIF key (from the environment or the key file) and registers the SDK's Dash provider
    /// with them; nothing is contacted yet.</remarks>
    /// <exception cref="CliException">A key is missing or invalid, or the backends' credentials are missing (exit code 3).</exception>
    public void Register(EnergySettlementBuilder builder, IReadOnlyList<string> accountNames)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(accountNames);
        if (accountNames.Count == 0 || accountNames.Distinct(StringComparer.Ordinal).Count() != accountNames.Count)
        {
            throw new ArgumentException("The demo needs at least one account name and no name twice.", nameof(accountNames));
        }

        var keys = DashChainRegistration.LoadSigners(accountNames, _settings, _environment);
        _signers.AddRange(accountNames.Select(n => keys[n]));
        var addresses = _signers.Select(s => s.GetAddress(_settings.Parameters).ToString()).ToList();
        var twice = addresses.GroupBy(a => a, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            var names = accountNames.Where((_, i) => addresses[i] == twice.Key);
            throw new CliException(ExitCodes.InputError, $"{string.Join(" and ", names)} have the same key (address {twice.Key}); every account needs its own.");
        }

        _accountNames = [.. accountNames];
        DashChainRegistration.AddDash(builder, ProviderName, _settings, [.. _signers], _environment);
    }

    /// <inheritdoc/>
    /// <exception cref="CliException">A backend cannot be reached or refuses the requests (exit code 4), or an account holds
    /// less than <see cref="MinimumFundingDuffs"/> (exit code 3); nothing has been sent.</exception>
    public async Task<IReadOnlyDictionary<string, SettlementAccount>> OpenAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (_accountNames.Length == 0)
        {
            throw new InvalidOperationException("Register the dash chain (with the account names) before opening it.");
        }

        try
        {
            _provider = (DashSettlementProvider)services.GetRequiredKeyedService<ChainSettlementProvider>(ProviderName);
        }
        catch (OptionsValidationException e)
        {
            throw new CliException(ExitCodes.InputError, "The Dash settings are not usable: " + string.Join(" ", e.Failures), e);
        }

        _journal = services.GetRequiredService<ISettlementJournal>();
        var accounts = new Dictionary<string, SettlementAccount>(StringComparer.Ordinal);
        var empty = new List<string>();
        for (var i = 0; i < _accountNames.Length; i++)
        {
            var account = _provider.Accounts[i];
            accounts.Add(_accountNames[i], account);
            Money balance;
            try
            {
                balance = await _provider.GetBalanceAsync(account, QuoteAsset, cancellationToken).ConfigureAwait(false);
            }
            catch (EnergySettlementException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CliException(ExitCodes.ChainUnavailable, $"The Dash backend ({_settings.DescribeBackends()}) cannot be reached or refused the request: {e.Message}", e);
            }

            if (balance.Amount < MinimumFundingDuffs)
            {
                empty.Add($"{_accountNames[i]} {account.Address} ({balance})");
            }
        }

        if (empty.Count > 0)
        {
            throw new CliException(
                ExitCodes.InputError,
                $"These accounts hold less than {new Money(MinimumFundingDuffs, QuoteAsset)} on dash {_settings.Network.ToString().ToLowerInvariant()}: {string.Join("; ", empty)}. " +
                $"Fund every home and the grid operator (they pay in {QuoteAsset.Symbol}, and their miner fees) before the demo; nothing was paid.");
        }

        return accounts;
    }

    /// <inheritdoc/>
    /// <remarks>The address's balance (confirmed and in the mempool) plus the miner fees of the payout transactions it paid
    /// during the run, so that the change is what the settlement moved.</remarks>
    public async Task<Money> GetBalanceAsync(SettlementAccount account, CancellationToken cancellationToken)
    {
        var balance = await Provider.GetBalanceAsync(account, QuoteAsset, cancellationToken).ConfigureAwait(false);
        return balance + await FeesPaidAsync(account, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds up the miner fees of the transactions the account paid during the run that the chain knows (pending,
    /// included or final): each transaction's fee as the SDK prepared and journaled it.</summary>
    /// <param name="account">The paying account.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The fees, in the network's coin.</returns>
    public async Task<Money> FeesPaidAsync(SettlementAccount account, CancellationToken cancellationToken)
    {
        var journal = _journal ?? throw new InvalidOperationException("The dash chain is not open yet.");
        var transactions = new Dictionary<ChainTransactionId, PreparedTransaction>();
        long position = 0;
        while (true)
        {
            var page = await journal.GetTransitionsAfterAsync(position, 1_000, cancellationToken).ConfigureAwait(false);
            foreach (var transition in page)
            {
                if (transition.Transaction is { } prepared && prepared.Payer == account)
                {
                    transactions.TryAdd(prepared.TransactionId, prepared);
                }

                position = Math.Max(position, transition.Position);
            }

            if (page.Count < 1_000)
            {
                break;
            }
        }

        var fees = Money.Zero(QuoteAsset);
        foreach (var prepared in transactions.Values)
        {
            var status = await Provider.GetStatusAsync(prepared, cancellationToken).ConfigureAwait(false);
            if (status.State is SettlementState.Pending or SettlementState.Included or SettlementState.Final)
            {
                fees += prepared.MaxFee;
            }
        }

        return fees;
    }

    /// <inheritdoc/>
    /// <remarks>Waits <see cref="DashChainSettings.PollInterval"/> (wall-clock): Dash produces blocks every 2.5 minutes on its
    /// own; InstantSend locks arrive within seconds.</remarks>
    public Task AdvanceAsync(CancellationToken cancellationToken) => Task.Delay(_settings.PollInterval, cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        foreach (var signer in _signers)
        {
            signer.Dispose();
        }

        _signers.Clear();
        return ValueTask.CompletedTask;
    }
}
