using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;

namespace EnergySettlement.Cli.Chains;

/// <summary>An Ethereum node made ready for the demo: how to reach it, the contract, the quote token, one key per account.</summary>
internal sealed record EthereumDemoSetUp(
    DemoJsonRpc Rpc,
    ulong ChainId,
    EthereumAddress Contract,
    EthereumDemoToken? Token,
    IReadOnlyDictionary<string, Secp256k1PrivateKey> Keys,
    int Confirmations,
    TimeSpan BlockTime);
