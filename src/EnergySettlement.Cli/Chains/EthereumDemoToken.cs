using EnergySettlement.Ethereum.Accounts;

namespace EnergySettlement.Cli.Chains;

/// <summary>An ERC-20 token the demo quotes and pays in.</summary>
internal sealed record EthereumDemoToken(EthereumAddress Address, string Symbol, int Decimals);
