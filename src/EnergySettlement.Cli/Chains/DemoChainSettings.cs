using EnergySettlement.Ethereum.Accounts;

namespace EnergySettlement.Cli.Chains;

/// <summary>
/// The chain options of <c>energy-settle demo</c> beside <c>--chain</c> (see <see cref="DemoChainOptions"/>): where an
/// existing node is and where the accounts' keys are. Keys themselves never come from the command line.
/// </summary>
internal sealed record DemoChainSettings
{
    /// <summary>No chain options: what the simulated and the Anvil chain need.</summary>
    public static readonly DemoChainSettings None = new();

    /// <summary>Gets the node's JSON-RPC endpoint (<c>--rpc</c>).</summary>
    public Uri? RpcUrl { get; init; }

    /// <summary>Gets the deployed BatchSettlementV2 (<c>--contract</c>).</summary>
    public EthereumAddress? Contract { get; init; }

    /// <summary>Gets the ERC-20 to quote and pay in (<c>--token</c>), or <see langword="null"/> for the native coin.</summary>
    public EthereumAddress? Token { get; init; }

    /// <summary>Gets the key file (<c>--key-file</c>), or <see langword="null"/> for environment variables only.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Gets the blocks until a payment is final (<c>--confirmations</c>), or <see langword="null"/> for the chain's default.</summary>
    public int? Confirmations { get; init; }

    /// <summary>Gets the settings of <c>--chain dash</c>, or <see langword="null"/> for another chain.</summary>
    public DashChainSettings? Dash { get; init; }

    /// <summary>The settings of <c>--chain dash</c>.</summary>
    /// <returns>The settings.</returns>
    /// <exception cref="InvalidOperationException"><c>--backend</c> is missing (the parser refuses that first).</exception>
    public DashChainSettings ToDash() => Dash ?? throw new InvalidOperationException("--chain dash needs --backend.");

    /// <summary>The settings of <c>--chain ethereum</c>.</summary>
    /// <returns>The settings.</returns>
    /// <exception cref="InvalidOperationException"><c>--rpc</c> or <c>--contract</c> is missing (the parser refuses that first).</exception>
    public EthereumDemoSettings ToEthereum() => new(
        RpcUrl ?? throw new InvalidOperationException("--chain ethereum needs --rpc."),
        Contract ?? throw new InvalidOperationException("--chain ethereum needs --contract."),
        Token,
        KeyFile,
        Confirmations ?? 12);
}
