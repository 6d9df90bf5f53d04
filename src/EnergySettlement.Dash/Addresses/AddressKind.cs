namespace EnergySettlement.Dash.Addresses;

/// <summary>What a legacy Base58Check address pays to.</summary>
public enum AddressKind
{
    /// <summary>The hash of a public key (P2PKH): <c>OP_DUP OP_HASH160 &lt;hash&gt; OP_EQUALVERIFY OP_CHECKSIG</c>.</summary>
    PayToPublicKeyHash = 0,

    /// <summary>The hash of a redeem script (P2SH, BIP-16): <c>OP_HASH160 &lt;hash&gt; OP_EQUAL</c>.</summary>
    PayToScriptHash = 1,
}
