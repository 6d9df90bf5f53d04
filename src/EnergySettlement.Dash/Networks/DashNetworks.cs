using EnergySettlement.Chains;

namespace EnergySettlement.Dash.Networks;

/// <summary>
/// The parameters of Dash mainnet, testnet and regtest, from Dash Core's <c>src/chainparams.cpp</c> and
/// <c>src/policy/policy.h</c>: P2PKH, P2SH and WIF version bytes, the genesis block that names the chain (CAIP-2
/// <c>bip122:</c> and the hash's first 32 hex digits), 2.5-minute blocks, InstantSend, ChainLocks and DIP-2 special
/// transactions.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class DashNetworks
{
    /// <summary>Gets Dash mainnet: genesis <c>00000ffd590b1485b3caadc19b22e6379c733355108f107a430458cdf3407ab6</c>;
    /// P2PKH 0x4C, P2SH 0x10, WIF 0xCC; the native asset <c>DASH</c> is SLIP-44 coin 5.</summary>
    public static UtxoNetwork Mainnet { get; } = Create("dash-mainnet", "00000ffd590b1485b3caadc19b22e637", 0x4C, 0x10, 0xCC, coinType: 5, "DASH");

    /// <summary>Gets Dash testnet: genesis <c>00000bafbc94add76cb75e2ec92894837288a481e5c005f6563d91623bf8bc2c</c>;
    /// P2PKH 0x8C, P2SH 0x13, WIF 0xEF; the native asset <c>tDASH</c> is SLIP-44 coin 1 (every testnet).</summary>
    public static UtxoNetwork Testnet { get; } = Create("dash-testnet", "00000bafbc94add76cb75e2ec9289483", 0x8C, 0x13, 0xEF, coinType: 1, "tDASH");

    /// <summary>Gets Dash regtest: genesis <c>000008ca1832a4baf228eb1553c03d3a2c8e02399550dd6ea8d65cec3ef23d2e</c>;
    /// testnet's version bytes. A single regtest node has no masternode quorums, so it never shows InstantSend locks or
    /// ChainLocks: transactions there become final by confirmations.</summary>
    public static UtxoNetwork Regtest { get; } = Create("dash-regtest", "000008ca1832a4baf228eb1553c03d3a", 0x8C, 0x13, 0xEF, coinType: 1, "tDASH");

    /// <summary>Gets the parameters of a Dash network.</summary>
    /// <param name="network">The network.</param>
    /// <returns>Its parameters.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="DashNetwork"/>.</exception>
    public static UtxoNetwork Get(DashNetwork network) => network switch
    {
        DashNetwork.Mainnet => Mainnet,
        DashNetwork.Testnet => Testnet,
        DashNetwork.Regtest => Regtest,
        _ => throw new ArgumentOutOfRangeException(nameof(network), network, "Expected Mainnet, Testnet or Regtest."),
    };

    private static UtxoNetwork Create(string name, string genesisPrefix, byte p2pkh, byte p2sh, byte wif, int coinType, string symbol)
    {
        var chain = ChainId.Parse("bip122:" + genesisPrefix);
        return new UtxoNetwork
        {
            Name = name,
            ChainId = chain,
            NativeAsset = new Asset(AssetId.Parse($"{chain}/slip44:{coinType}"), 8, symbol),
            PublicKeyHashVersion = p2pkh,
            ScriptHashVersion = p2sh,
            WifVersion = wif,
            BlockTime = TimeSpan.FromSeconds(150),
            HasInstantSend = true,
            HasChainLocks = true,
            HasSpecialTransactions = true,
        };
    }
}
