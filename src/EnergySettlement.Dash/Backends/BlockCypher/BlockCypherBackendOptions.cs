namespace EnergySettlement.Dash.Backends.BlockCypher;

/// <summary>
/// Configuration of a <see cref="BlockCypherBackend"/>: the chain's base URL, the API token, how many address pages to
/// read, plus the shared resilience options. Validated by <see cref="BlockCypherBackendOptionsValidator"/>, which reports
/// every error at once.
/// </summary>
/// <remarks>
/// <para>BlockCypher documents one Dash chain, <c>https://api.blockcypher.com/v1/dash/main</c>, and no Dash test network
/// (its test chains are Bitcoin Testnet3 and its own BlockCypher Test Chain). For a Dash test network, point
/// <see cref="BaseUrl"/> at a compatible service, or use Dash Core or Insight.</para>
/// <para>Configure once at start-up; not thread-safe while being configured, read-only afterwards. The token is never
/// logged.</para>
/// </remarks>
public sealed class BlockCypherBackendOptions : UtxoBackendOptions
{
    /// <summary>The base URL of Dash mainnet on BlockCypher.</summary>
    public static readonly Uri DashMainnet = new("https://api.blockcypher.com/v1/dash/main");

    /// <summary>Gets or sets the chain's base URL (<c>https://api.blockcypher.com/v1/$COIN/$CHAIN</c>); resource paths such
    /// as <c>addrs/{address}</c> and <c>txs/push</c> are appended.</summary>
    /// <value>The default is <see cref="DashMainnet"/>.</value>
    public Uri? BaseUrl { get; set; } = DashMainnet;

    /// <summary>Gets or sets the API token, sent as the <c>token</c> query parameter of every request. Without one,
    /// BlockCypher allows a few requests per second and per hour and answers HTTP 429 beyond. Never logged.</summary>
    /// <value>The default is <see langword="null"/> (no token).</value>
    public string? Token { get; set; }

    /// <summary>Gets or sets the most pages of up to 2,000 coins read for one address (BlockCypher pages an address's
    /// coins by block height). An address with more coins fails with <see cref="ChainRequestException"/> rather than
    /// returning a partial list.</summary>
    /// <value>The default is 10.</value>
    public int MaxAddressPages { get; set; } = 10;
}
