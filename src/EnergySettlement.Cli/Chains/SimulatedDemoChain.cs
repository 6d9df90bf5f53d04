using EnergySettlement.Chains;
using EnergySettlement.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EnergySettlement.Cli.Chains;

/// <summary>
/// The embedded simulated chain (<c>--chain simulated</c>, the default): in-process, deterministic, no set-up and no
/// network. Quotes and pays in the token EURC (6 decimals); fees in the chain's coin SIM; final after 3 confirmations.
/// </summary>
internal sealed class SimulatedDemoChain : IDemoChain
{
    /// <summary>The name on the command line.</summary>
    public const string ChainName = "simulated";

    private const string ProviderName = "demo-sim";
    private SimulatedChain? _chain;
    private string[] _accountNames = [];

    /// <inheritdoc/>
    public string Name => ChainName;

    /// <inheritdoc/>
    public Asset QuoteAsset => Chain.GetAsset("EURC");

    /// <summary>Gets the chain, once opened (for the demo's report of fees and heights).</summary>
    public SimulatedChain Chain => _chain ?? throw new InvalidOperationException("The simulated chain is not open yet.");

    /// <inheritdoc/>
    public TimeSpan BlockInterval => TimeSpan.FromSeconds(10);

    /// <inheritdoc/>
    public void Register(EnergySettlementBuilder builder, IReadOnlyList<string> accountNames)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(accountNames);
        _accountNames = [.. accountNames];

        // The simulated chain's provider pays from any of its accounts: no keys to register.
        builder.AddSimulatedChain(ProviderName, o =>
        {
            o.Tokens["EURC"] = 6;
            o.ConfirmationsForFinality = 3;
            o.BlockInterval = BlockInterval;
        });
    }

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<string, SettlementAccount>> OpenAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        cancellationToken.ThrowIfCancellationRequested();
        _chain = services.GetRequiredKeyedService<SimulatedChain>(ProviderName);
        var accounts = new Dictionary<string, SettlementAccount>(StringComparer.Ordinal);
        foreach (var name in _accountNames)
        {
            var account = _chain.Account(name);
            _chain.Fund(account, Money.Parse("500", QuoteAsset));
            _chain.Fund(account, Money.Parse("10", _chain.NativeAsset));
            accounts.Add(name, account);
        }

        return Task.FromResult<IReadOnlyDictionary<string, SettlementAccount>>(accounts);
    }

    /// <inheritdoc/>
    public Task<Money> GetBalanceAsync(SettlementAccount account, CancellationToken cancellationToken) =>
        Task.FromResult(Chain.GetBalance(account, QuoteAsset));

    /// <inheritdoc/>
    public Task AdvanceAsync(CancellationToken cancellationToken)
    {
        Chain.MineBlock();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
