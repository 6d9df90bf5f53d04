namespace EnergySettlement.Cli.Chains;

/// <summary>The kinds of Dash node or API the tool can settle through (<c>--backend KIND[=URL]</c>): the SDK's three backends.</summary>
internal enum DashBackendKind
{
    /// <summary>A Dash Core node over JSON-RPC (<c>dashcore=URL</c>), with <c>-txindex=1 -addressindex=1</c>.</summary>
    DashCore,

    /// <summary>An Insight API (<c>insight=URL</c>, the base URL including its route prefix, e.g. <c>…/insight-api/</c>).</summary>
    Insight,

    /// <summary>BlockCypher (<c>blockcypher</c> for its Dash mainnet API, or <c>blockcypher=URL</c> for a compatible service).</summary>
    BlockCypher,
}
