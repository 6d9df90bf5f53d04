using EnergySettlement.Dash.Networks;

namespace EnergySettlement.Cli.Chains;

/// <summary>
/// Where and how the tool settles on Dash: the network, the node backends, where the Dash Core cookie and the payers' keys
/// are, and the fallback confirmations. Secrets are never here: keys, RPC credentials and the BlockCypher token are read
/// from environment variables or files by <see cref="DashChainRegistration"/>.
/// </summary>
internal sealed record DashChainSettings
{
    /// <summary>Gets the Dash network (<c>--network</c>).</summary>
    /// <value>The default is <see cref="DashNetwork.Testnet"/>: the demo spends real coins on mainnet only when asked.</value>
    public DashNetwork Network { get; init; } = DashNetwork.Testnet;

    /// <summary>Gets the backends (<c>--backend</c>), in order of preference for reads; at least one.</summary>
    public required IReadOnlyList<DashBackendSetting> Backends { get; init; }

    /// <summary>Gets the Dash Core cookie file (<c>--rpc-cookie</c>), or <see langword="null"/> for the user name and
    /// password from <see cref="DashChainRegistration.DashCoreUserVariable"/> and <see cref="DashChainRegistration.DashCorePasswordVariable"/>.</summary>
    public string? CookieFile { get; init; }

    /// <summary>Gets the key file of <c>name=WIF</c> lines (<c>--key-file</c>), or <see langword="null"/> for environment variables only.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Gets the confirmations after which a payment without an InstantSend lock or ChainLock is final (<c>--confirmations</c>).</summary>
    /// <value>The default is the SDK's, 6.</value>
    public int Confirmations { get; init; } = 6;

    /// <summary>Gets how long the demo waits between settlement passes (<c>--poll-interval</c>).</summary>
    /// <value>The default is 2 seconds, about an InstantSend lock's time.</value>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets the network's parameters.</summary>
    public UtxoNetwork Parameters => DashNetworks.Get(Network);

    /// <summary>Describes the backends for messages (kinds and hosts, never a secret).</summary>
    /// <returns>The description.</returns>
    public string DescribeBackends() => string.Join(", ", Backends.Select(b => b.Describe()));
}
