using EnergySettlement.Ethereum.Accounts;

namespace EnergySettlement.Cli.Input;

/// <summary>The config's chain section for <c>"kind": "ethereum"</c>: an existing Ethereum (or EVM) node, the deployed
/// <c>BatchSettlementV2</c> contract, the ERC-20 to pay in (or the native coin), and where the paying accounts' keys are —
/// never in the config itself.</summary>
/// <param name="RpcUrl">The node's JSON-RPC endpoint.</param>
/// <param name="EvmChainId">The EIP-155 chain id (the config's <c>eip155:N</c>); checked against the node's.</param>
/// <param name="Contract">The deployed batch-settlement contract.</param>
/// <param name="Token">The ERC-20 token the config's assets include, or <see langword="null"/> for the native coin only.</param>
/// <param name="NativeSymbol">The native coin's symbol.</param>
/// <param name="Confirmations">Blocks until a payment is final.</param>
/// <param name="BlockTime">The chain's block time: how long the tool waits for a block, at most three times this.</param>
/// <param name="KeyFile">The key file (absolute; <c>name=hex</c> lines), or <see langword="null"/> for environment variables only.</param>
internal sealed record EthereumChainSettings(
    Uri RpcUrl,
    ulong EvmChainId,
    EthereumAddress Contract,
    EthereumChainToken? Token,
    string NativeSymbol,
    int Confirmations,
    TimeSpan BlockTime,
    string? KeyFile);
