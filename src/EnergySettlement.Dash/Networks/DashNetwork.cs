namespace EnergySettlement.Dash.Networks;

/// <summary>The Dash networks the adapter ships parameters for (see <see cref="DashNetworks"/>).</summary>
public enum DashNetwork
{
    /// <summary>Dash mainnet: real money; addresses start with <c>X</c> (P2SH <c>7</c>).</summary>
    Mainnet = 0,

    /// <summary>Dash testnet: coins without value from a faucet; addresses start with <c>y</c> (P2SH <c>8</c>).</summary>
    Testnet = 1,

    /// <summary>A local regression-test network (<c>dashd -regtest</c>); testnet's address and key versions.</summary>
    Regtest = 2,
}
