namespace EnergySettlement.Ethereum;

/// <summary>An ERC-20 token the provider may pay out, as configured in <see cref="EthereumOptions.Tokens"/>.</summary>
/// <remarks>Its asset id is <c>eip155:&lt;chain id&gt;/erc20:&lt;address&gt;</c> with the address in lower case. Not thread-safe while being configured.</remarks>
public sealed class EthereumTokenOptions
{
    /// <summary>Gets or sets the token contract's address (EIP-55 checksummed or all lower case, <c>0x</c>-prefixed).</summary>
    /// <value>The default is an empty string, which fails validation.</value>
    public string Address { get; set; } = string.Empty;

    /// <summary>Gets or sets the token's symbol (1 to 11 ASCII letters or digits), used in amounts' text.</summary>
    /// <value>The default is an empty string, which fails validation.</value>
    public string Symbol { get; set; } = string.Empty;

    /// <summary>Gets or sets the token's decimals (what its <c>decimals()</c> returns): amounts are integers of 10^-decimals tokens.</summary>
    /// <value>The default is 18.</value>
    public int Decimals { get; set; } = 18;
}
