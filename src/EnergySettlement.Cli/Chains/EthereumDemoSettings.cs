using EnergySettlement.Ethereum.Accounts;

namespace EnergySettlement.Cli.Chains;

/// <summary>What <c>--chain ethereum</c> settles on: an existing node, its deployed <c>BatchSettlementV2</c>, the token to
/// quote and pay in (or the native coin), and where the accounts' keys are (never the command line).</summary>
/// <param name="RpcUrl">The node's JSON-RPC endpoint (<c>--rpc</c>).</param>
/// <param name="Contract">The deployed BatchSettlementV2 (<c>--contract</c>).</param>
/// <param name="Token">The ERC-20 to quote and pay in (<c>--token</c>), or <see langword="null"/> for the native coin.</param>
/// <param name="KeyFile">The key file (<c>--key-file</c>), or <see langword="null"/> for environment variables only (see <see cref="DemoKeys"/>).</param>
/// <param name="Confirmations">Blocks until a payment is final.</param>
internal sealed record EthereumDemoSettings(Uri RpcUrl, EthereumAddress Contract, EthereumAddress? Token, string? KeyFile, int Confirmations = 12);
