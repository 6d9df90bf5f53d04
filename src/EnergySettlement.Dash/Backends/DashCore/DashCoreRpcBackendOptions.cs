namespace EnergySettlement.Dash.Backends.DashCore;

/// <summary>
/// Configuration of a <see cref="DashCoreRpcBackend"/>: the node's JSON-RPC endpoint and credentials, plus the shared
/// resilience options. Validated by <see cref="DashCoreRpcBackendOptionsValidator"/>, which reports every error at once.
/// </summary>
/// <remarks>
/// <para>The node must run with <c>-txindex=1</c> (transaction status) and <c>-addressindex=1</c> (coins by address);
/// <c>-spentindex=1</c> additionally lets <see cref="DashCoreRpcBackend.GetSpendAsync"/> name the spending transaction
/// (<see cref="UseSpentIndex"/>). Enabling an index on an existing node needs a one-time <c>-reindex</c>.</para>
/// <para>Configure once at start-up; not thread-safe while being configured, read-only afterwards. The password is never
/// logged.</para>
/// </remarks>
public sealed class DashCoreRpcBackendOptions : UtxoBackendOptions
{
    /// <summary>Gets or sets the node's JSON-RPC endpoint, for example <c>http://127.0.0.1:9998/</c> (mainnet; testnet
    /// listens on 19998, regtest on 19898). Only scheme, host and port ever appear in logs and messages.</summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public Uri? Url { get; set; }

    /// <summary>Gets or sets the RPC user name (<c>-rpcuser</c>, or the user of an <c>-rpcauth</c> entry). Leave
    /// <see langword="null"/> when <see cref="CookieFile"/> is used.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? UserName { get; set; }

    /// <summary>Gets or sets the RPC password. Never logged.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Password { get; set; }

    /// <summary>Gets or sets the path of the node's <c>.cookie</c> file (in its data directory; in <c>testnet3/</c> or
    /// <c>regtest/</c> for those networks), used instead of a user name and password. The node writes a new cookie at
    /// every start; the backend re-reads it when the node refuses the old one.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? CookieFile { get; set; }

    /// <summary>Gets or sets whether the node runs with <c>-spentindex=1</c>, so that a spent output's spender is asked
    /// with <c>getspentinfo</c> and reported in <see cref="OutputSpend.SpentBy"/>.</summary>
    /// <value>The default is <see langword="false"/> (<see cref="OutputSpend.SpentBy"/> stays <see langword="null"/>).</value>
    public bool UseSpentIndex { get; set; }
}
