namespace EnergySettlement.Dash.Backends.Insight;

/// <summary>
/// Configuration of an <see cref="InsightBackend"/>: the API's base URL, whether to ask for ChainLocks, plus the shared
/// resilience options. Validated by <see cref="InsightBackendOptionsValidator"/>, which reports every error at once.
/// </summary>
/// <remarks>Configure once at start-up; not thread-safe while being configured, read-only afterwards.</remarks>
public sealed class InsightBackendOptions : UtxoBackendOptions
{
    /// <summary>Gets or sets the API's base URL including its route prefix, for example
    /// <c>https://insight.dash.org/insight-api/</c> or <c>http://127.0.0.1:3001/insight-api/</c> for a node of your own
    /// (<c>dashcore-node</c> with <c>@dashevo/insight-api</c>). Paths such as <c>addr/{address}/utxo</c> are appended.</summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// Gets or sets whether the status of a mined transaction also asks for the best ChainLock
    /// (<c>status?q=getBestChainLock</c>): a transaction at or below the chain-locked height is reported
    /// <see cref="UtxoTransactionStatus.IsChainLocked"/>. Insight's transaction object carries the InstantSend lock
    /// (<c>txlock</c>) but no ChainLock.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool QueryChainLocks { get; set; } = true;
}
