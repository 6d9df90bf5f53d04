using EnergySettlement.Chains;
using EnergySettlement.Cli.Hosting;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Sequencing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnergySettlement.Cli.Chains;

/// <summary>
/// Settles the demo on an Ethereum (or EVM) node through the SDK's <see cref="EthereumSettlementProvider"/>: one provider
/// holding every account's key (<see cref="EthereumOptions.Signers"/>), so each home pays its own batches from its own
/// account, each in its own nonce sequence. This class is <c>--chain ethereum</c> (an existing node: the RPC URL, the
/// deployed <c>BatchSettlementV2</c>, the quote token and the keys come from <see cref="EthereumDemoSettings"/>);
/// <see cref="AnvilDemoChain"/> derives from it and sets up a throwaway local node instead.
/// </summary>
/// <remarks>The provider's options are only known once <see cref="OpenAsync"/> has set the chain up, so the demo must not
/// resolve the <see cref="ChainProviderRegistry"/> before it (the <see cref="IDemoChain"/> order: Register, build, Open).</remarks>
internal class EthereumDemoChain : IDemoChain
{
    /// <summary>The name on the command line.</summary>
    public const string ChainName = "ethereum";

    /// <summary>The provider's name in the demo's container.</summary>
    public const string ProviderName = "demo-ethereum";

    private static readonly TimeSpan ReceiptTimeout = TimeSpan.FromMinutes(2);
    private readonly EthereumDemoSettings? _settings;
    private readonly List<LocalKeySigner> _signers = [];
    private string[] _accountNames = [];
    private EthereumOptions? _options;
    private EthereumSettlementProvider? _provider;
    private Asset? _quoteAsset;

    /// <summary>Creates the chain for an existing node.</summary>
    /// <param name="settings">The node, contract, token and keys.</param>
    public EthereumDemoChain(EthereumDemoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
    }

    /// <summary>Creates the chain for a derived class that sets the node up itself (<see cref="SetUpAsync"/>).</summary>
    protected EthereumDemoChain()
    {
    }

    /// <inheritdoc/>
    public virtual string Name => ChainName;

    /// <inheritdoc/>
    public Asset QuoteAsset => _quoteAsset ?? throw new InvalidOperationException($"The {Name} chain is not open yet.");

    /// <inheritdoc/>
    /// <value>12 seconds, Ethereum's slot time, so that the demo's times to finality read as they would on Ethereum.</value>
    public TimeSpan BlockInterval => TimeSpan.FromSeconds(12);

    /// <summary>Gets the provider, once opened.</summary>
    public EthereumSettlementProvider Provider => _provider ?? throw new InvalidOperationException($"The {Name} chain is not open yet.");

    /// <summary>Gets the HTTP client the chain's JSON-RPC calls use (owned by the chain).</summary>
    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Gets the node's JSON-RPC access, once set up.</summary>
    protected DemoJsonRpc? Rpc { get; private set; }

    /// <inheritdoc/>
    /// <remarks>The provider holds one key per account; its options (node, contract, keys) are completed by
    /// <see cref="OpenAsync"/>, before anything resolves it.</remarks>
    public void Register(EnergySettlementBuilder builder, IReadOnlyList<string> accountNames)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(accountNames);
        if (accountNames.Count == 0 || accountNames.Distinct(StringComparer.Ordinal).Count() != accountNames.Count)
        {
            throw new ArgumentException("The demo needs at least one account name and no name twice.", nameof(accountNames));
        }

        _accountNames = [.. accountNames];
        builder.AddChainProvider(ProviderName, sp => new EthereumSettlementProvider(
            _options ?? throw new InvalidOperationException($"The {Name} chain's provider was resolved before the chain was opened: call IDemoChain.OpenAsync before resolving the ChainProviderRegistry."),
            sp.GetService<ISequencedTransactionStore>() ?? FallbackSequenceStore(),
            Http,
            TimeProvider.System, // a real chain runs on wall-clock time (RPC timeouts, retry delays), whatever clock the market runs on
            sp.GetService<ILoggerFactory>()));
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, SettlementAccount>> OpenAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var accountNames = _accountNames;
        if (accountNames.Length == 0)
        {
            throw new InvalidOperationException($"Register the {Name} chain (with the account names) before opening it.");
        }

        var setUp = await SetUpAsync(accountNames, cancellationToken).ConfigureAwait(false);
        Rpc = setUp.Rpc;
        var options = new EthereumOptions
        {
            RpcUrl = setUp.Rpc.Url,
            ChainId = setUp.ChainId,
            ContractAddress = setUp.Contract.ToString(),
            ContractVersion = BatchSettlementVersion.V2,
            Confirmations = setUp.Confirmations,
            BlockTime = setUp.BlockTime,
        };
        if (setUp.Token is { } token)
        {
            options.Tokens.Add(new EthereumTokenOptions { Address = token.Address.ToString(), Symbol = token.Symbol, Decimals = token.Decimals });
        }

        foreach (var name in accountNames)
        {
            var signer = new LocalKeySigner(setUp.Keys[name]);
            _signers.Add(signer);
            options.Signers.Add(signer);
        }

        _options = options;
        var provider = (EthereumSettlementProvider)services.GetRequiredKeyedService<ChainSettlementProvider>(ProviderName);
        _provider = provider;
        _quoteAsset = setUp.Token is { } quoted
            ? provider.Capabilities.Assets.Single(a => a.Id.ToString().EndsWith("/erc20:" + quoted.Address.ToString().ToLowerInvariant(), StringComparison.Ordinal))
            : provider.Capabilities.NativeAsset;

        var accounts = new Dictionary<string, SettlementAccount>(StringComparer.Ordinal);
        for (var i = 0; i < accountNames.Length; i++)
        {
            accounts.Add(accountNames[i], provider.Accounts[i]);
        }

        if (setUp.Token is not null)
        {
            // Token batches are paid with transferFrom: each account allows the contract its balance, from its own key.
            await Task.WhenAll(accounts.Select(a => ApproveAsync(provider, a.Key, a.Value, cancellationToken))).ConfigureAwait(false);
        }

        return accounts;
    }

    /// <inheritdoc/>
    public Task<Money> GetBalanceAsync(SettlementAccount account, CancellationToken cancellationToken) =>
        Provider.GetBalanceAsync(account, QuoteAsset, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>On an existing node: waits (at most three block times) for the next block.</remarks>
    public virtual async Task AdvanceAsync(CancellationToken cancellationToken)
    {
        var rpc = Rpc ?? throw new InvalidOperationException($"The {Name} chain is not open yet.");
        var start = await rpc.QuantityAsync("eth_blockNumber", cancellationToken).ConfigureAwait(false);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var bound = 3 * _options!.BlockTime;
        while (await rpc.QuantityAsync("eth_blockNumber", cancellationToken).ConfigureAwait(false) == start && waited.Elapsed < bound)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await ReleaseSetUpAsync().ConfigureAwait(false);
        foreach (var signer in _signers)
        {
            signer.Dispose();
        }

        Http.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Prepares the node and returns how to settle on it: the existing node of the settings here.</summary>
    /// <param name="accountNames">The accounts to open.</param>
    /// <param name="cancellationToken">Cancels the set-up.</param>
    /// <returns>The node, contract, token and one key per account name.</returns>
    /// <exception cref="CliException">The node cannot be reached (exit code 4) or a key is missing (exit code 3).</exception>
    protected virtual async Task<EthereumDemoSetUp> SetUpAsync(IReadOnlyList<string> accountNames, CancellationToken cancellationToken)
    {
        var settings = _settings!;
        var rpc = new DemoJsonRpc(Http, settings.RpcUrl);
        ulong chainId;
        EthereumDemoToken? token = null;
        try
        {
            chainId = await rpc.QuantityAsync("eth_chainId", cancellationToken).ConfigureAwait(false);
            if (settings.Token is { } tokenAddress)
            {
                token = await ReadTokenAsync(rpc, tokenAddress, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CliException(ExitCodes.ChainUnavailable, $"The Ethereum node at {settings.RpcUrl.GetLeftPart(UriPartial.Authority)} cannot be reached: {ex.Message}", ex);
        }

        var keys = DemoKeys.Load(accountNames, settings.KeyFile, Environment.GetEnvironmentVariable);
        return new EthereumDemoSetUp(rpc, chainId, settings.Contract, token, keys, settings.Confirmations, TimeSpan.FromSeconds(12));
    }

    /// <summary>Releases what <see cref="SetUpAsync"/> started; nothing for an existing node.</summary>
    /// <returns>A task that completes when released.</returns>
    protected virtual ValueTask ReleaseSetUpAsync() => ValueTask.CompletedTask;

    /// <summary>The sequence store when the demo registered none: in memory for a throwaway node, a file for a real one.</summary>
    protected virtual ISequencedTransactionStore FallbackSequenceStore() =>
        FileSequencedTransactionStore.Open(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "energy-settle", $"nonces-{_options!.ChainId}.jsonl"));

    private static async Task<EthereumDemoToken> ReadTokenAsync(DemoJsonRpc rpc, EthereumAddress token, CancellationToken cancellationToken)
    {
        async Task<byte[]> CallAsync(string signature)
        {
            var call = new System.Text.Json.Nodes.JsonObject { ["to"] = token.ToString(), ["data"] = DemoJsonRpc.ToHex(Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(signature)).AsSpan(0, 4)) };
            return Hex.Decode((await rpc.CallAsync("eth_call", cancellationToken, call, "latest").ConfigureAwait(false)).GetString());
        }

        var decimals = await CallAsync("decimals()").ConfigureAwait(false);
        var symbol = await CallAsync("symbol()").ConfigureAwait(false);
        if (decimals.Length != 32 || symbol.Length < 96)
        {
            throw new CliException(ExitCodes.InputError, $"--token {token} does not answer decimals() and symbol() as an ERC-20 token does.");
        }

        var length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(symbol.AsSpan(64 - 4, 4));
        return new EthereumDemoToken(token, System.Text.Encoding.UTF8.GetString(symbol, 64, Math.Min(length, symbol.Length - 64)), decimals[31]);
    }

    private async Task ApproveAsync(EthereumSettlementProvider provider, string name, SettlementAccount account, CancellationToken cancellationToken)
    {
        var balance = await provider.GetBalanceAsync(account, QuoteAsset, cancellationToken).ConfigureAwait(false);
        var approval = await provider.PrepareApprovalAsync(new SettlementBatchId("demo-approve-" + name), balance, account, cancellationToken).ConfigureAwait(false);
        await provider.SubmitAsync(approval, cancellationToken).ConfigureAwait(false);
        await Rpc!.ReceiptAsync(approval.TransactionId.Value, ReceiptTimeout, cancellationToken).ConfigureAwait(false);
    }
}
