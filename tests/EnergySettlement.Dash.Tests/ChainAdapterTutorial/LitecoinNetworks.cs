using EnergySettlement.Chains;
using EnergySettlement.Dash.Fees;
using EnergySettlement.Dash.Networks;

namespace EnergySettlement.Dash.Tests.ChainAdapterTutorial;

/// <summary>Step 1: the chain's parameters, from Litecoin Core's <c>chainparams.cpp</c> and <c>policy/policy.h</c>.</summary>
public static class LitecoinNetworks
{
    /// <summary>Litecoin mainnet, legacy P2PKH keys (addresses start with L).</summary>
    public static UtxoNetwork Mainnet { get; } = new()
    {
        Name = "litecoin-mainnet",
        ChainId = ChainId.Parse("bip122:12a765e31ffd4059bada1e25190f6e98"), // genesis 12a765e3…7e04bfe2
        NativeAsset = new Asset(AssetId.Parse("bip122:12a765e31ffd4059bada1e25190f6e98/slip44:2"), 8, "LTC"),
        PublicKeyHashVersion = 0x30, // L…
        ScriptHashVersion = 0x32, // M… (the older 3… form of P2SH is not accepted)
        WifVersion = 0xB0,
        BlockTime = TimeSpan.FromSeconds(150),
        DustRelayFee = new FeeRate(30_000), // DUST_RELAY_TX_FEE: 5,460 litoshis for a P2PKH output
        // MinRelayFee 1,000 per kB, 80 bytes of OP_RETURN, 100,000-byte standard size: the defaults.
    };
}
