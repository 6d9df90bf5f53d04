using EnergySettlement.Ethereum.Accounts;

namespace EnergySettlement.Cli.Input;

/// <summary>The ERC-20 token of an <see cref="EthereumChainSettings"/>: its contract, and the symbol and decimals the config
/// uses for it (checked against the token's own <c>symbol()</c> and <c>decimals()</c> when the chain is opened).</summary>
/// <param name="Address">The token contract.</param>
/// <param name="Symbol">The symbol.</param>
/// <param name="Decimals">The decimals.</param>
internal sealed record EthereumChainToken(EthereumAddress Address, string Symbol, int Decimals);
