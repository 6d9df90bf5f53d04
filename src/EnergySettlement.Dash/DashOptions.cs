using EnergySettlement.Dash.Backends;
using EnergySettlement.Dash.Backends.BlockCypher;
using EnergySettlement.Dash.Backends.DashCore;
using EnergySettlement.Dash.Backends.Insight;
using EnergySettlement.Dash.Backends.Redundancy;
using EnergySettlement.Dash.Networks;

namespace EnergySettlement.Dash;

/// <summary>
/// Configuration of a <see cref="DashSettlementProvider"/>: which Dash network and which node backends, plus everything a
/// <see cref="UtxoSettlementProvider"/> takes (signers, reservation store, finality, fees, limits). Validated by
/// <see cref="DashOptionsValidator"/>, which reports every error at once.
/// </summary>
/// <remarks>
/// <para>Choose the backends with <see cref="UseDashCore"/>, <see cref="UseDashCoreCookie"/>, <see cref="UseInsight"/> and
/// <see cref="UseBlockCypher"/>: <c>AddDash</c> builds each on a named <see cref="HttpClient"/> from
/// <see cref="IHttpClientFactory"/> (<c>EnergySettlement.Dash.&lt;provider&gt;.&lt;kind&gt;</c>), and several at once behind a <see cref="RedundantUtxoBackend"/> (reads from the first
/// healthy one in the order declared, broadcasts to all).</para>
/// <para>Configure once at start-up; not thread-safe while being configured, read-only afterwards.</para>
/// </remarks>
public sealed class DashOptions : UtxoSettlementOptions
{
    /// <summary>Gets or sets the Dash network.</summary>
    /// <value>The default is <see cref="DashNetwork.Mainnet"/>.</value>
    public DashNetwork Network { get; set; } = DashNetwork.Mainnet;

    /// <summary>
    /// Gets the node backends <c>AddDash</c> builds, in order of preference for reads: <see cref="DashCoreRpcBackendOptions"/>,
    /// <see cref="InsightBackendOptions"/> or <see cref="BlockCypherBackendOptions"/> (the <c>Use…</c> methods add them). A
    /// backend whose <see cref="UtxoBackendOptions.ChainId"/> is left at its default serves <see cref="Network"/>'s chain.
    /// One backend is used as it is; more than one run behind a <see cref="RedundantUtxoBackend"/> configured by
    /// <see cref="Redundancy"/>. Used only by <c>AddDash</c>; a provider constructed directly takes its backend as an argument.
    /// </summary>
    /// <value>The default is empty: then <see cref="UtxoSettlementOptions.Backend"/> or the <see cref="IUtxoBackend"/>
    /// registered as a keyed service under the provider's name is used, and with none of the three the host fails at
    /// start-up.</value>
    public IList<UtxoBackendOptions> Backends { get; } = [];

    /// <summary>Gets the options of the <see cref="RedundantUtxoBackend"/> that <c>AddDash</c> puts in front of
    /// <see cref="Backends"/> when there are more than one.</summary>
    /// <value>The defaults of <see cref="RedundantUtxoBackendOptions"/>.</value>
    public RedundantUtxoBackendOptions Redundancy { get; } = new();

    /// <summary>Adds a Dash Core node, reached over JSON-RPC with a user name and password (<c>-rpcuser</c>/<c>-rpcpassword</c>
    /// or an <c>-rpcauth</c> entry), to <see cref="Backends"/>. The node runs with <c>-txindex=1</c> and
    /// <c>-addressindex=1</c>.</summary>
    /// <param name="url">The node's JSON-RPC endpoint, for example <c>http://127.0.0.1:9998/</c> (testnet 19998, regtest 19898).</param>
    /// <param name="userName">The RPC user name.</param>
    /// <param name="password">The RPC password (never logged).</param>
    /// <param name="configure">Further options (timeouts, retries, <see cref="DashCoreRpcBackendOptions.UseSpentIndex"/>), or
    /// <see langword="null"/>.</param>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="configure"/> is <see langword="null"/>.</exception>
    public DashOptions UseDashCore(Uri url, string userName, string password, Action<DashCoreRpcBackendOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        return Use(new DashCoreRpcBackendOptions { Url = url, UserName = userName, Password = password }, configure);
    }

    /// <summary>Adds a Dash Core node, reached over JSON-RPC with the <c>.cookie</c> file it writes at every start, to
    /// <see cref="Backends"/>. The node runs with <c>-txindex=1</c> and <c>-addressindex=1</c>.</summary>
    /// <param name="url">The node's JSON-RPC endpoint, for example <c>http://127.0.0.1:9998/</c>.</param>
    /// <param name="cookieFile">The path of the node's cookie file (<c>&lt;datadir&gt;/.cookie</c>; <c>testnet3/.cookie</c>,
    /// <c>regtest/.cookie</c> on those networks).</param>
    /// <param name="configure">Further options, or <see langword="null"/>.</param>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="configure"/> is <see langword="null"/>.</exception>
    public DashOptions UseDashCoreCookie(Uri url, string cookieFile, Action<DashCoreRpcBackendOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(cookieFile);
        return Use(new DashCoreRpcBackendOptions { Url = url, CookieFile = cookieFile }, configure);
    }

    /// <summary>Adds an Insight API to <see cref="Backends"/>.</summary>
    /// <param name="baseUrl">The API's base URL including its route prefix, for example
    /// <c>https://insight.dash.org/insight-api/</c> or <c>http://127.0.0.1:3001/insight-api/</c>.</param>
    /// <param name="configure">Further options (timeouts, retries, <see cref="InsightBackendOptions.QueryChainLocks"/>), or
    /// <see langword="null"/>.</param>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="baseUrl"/> is <see langword="null"/>.</exception>
    public DashOptions UseInsight(Uri baseUrl, Action<InsightBackendOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return Use(new InsightBackendOptions { BaseUrl = baseUrl }, configure);
    }

    /// <summary>Adds BlockCypher to <see cref="Backends"/>, at <see cref="BlockCypherBackendOptions.DashMainnet"/> unless
    /// <paramref name="configure"/> sets another <see cref="BlockCypherBackendOptions.BaseUrl"/>. BlockCypher documents no
    /// Dash test network, so on testnet or regtest a <c>BaseUrl</c> of a compatible service is required.</summary>
    /// <param name="token">The API token (sent as <c>?token=</c>, never logged), or <see langword="null"/> for BlockCypher's
    /// small anonymous quota.</param>
    /// <param name="configure">Further options (base URL, timeouts, retries, <see cref="BlockCypherBackendOptions.MaxAddressPages"/>),
    /// or <see langword="null"/>.</param>
    /// <returns>These options, for chaining.</returns>
    public DashOptions UseBlockCypher(string? token, Action<BlockCypherBackendOptions>? configure = null) =>
        Use(new BlockCypherBackendOptions { Token = token }, configure);

    /// <summary>Gives every backend in <see cref="Backends"/> whose chain id is unset the network's chain id (run by
    /// <c>AddDash</c> after the options are configured, before they are validated).</summary>
    internal void ApplyNetworkToBackends()
    {
        if (!Enum.IsDefined(Network))
        {
            return;
        }

        var chainId = DashNetworks.Get(Network).ChainId;
        foreach (var backend in Backends)
        {
            if (backend is not null && backend.ChainId == default)
            {
                backend.ChainId = chainId;
            }
        }
    }

    private DashOptions Use<T>(T backend, Action<T>? configure)
        where T : UtxoBackendOptions
    {
        configure?.Invoke(backend);
        Backends.Add(backend);
        return this;
    }
}
