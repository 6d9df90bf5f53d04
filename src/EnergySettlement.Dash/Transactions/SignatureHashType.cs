namespace EnergySettlement.Dash.Transactions;

/// <summary>
/// What a legacy signature commits to, written as the last byte of the signature in the unlocking script. The UTXO core
/// signs with <see cref="All"/>; the others exist so that any legacy signature hash can be computed and checked.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1008:Enums should have zero value", Justification = "The protocol's values; 0 is not a hash type.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifiers should not contain type names", Justification = "SIGHASH_SINGLE is the protocol's name.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2217:Do not mark enums with FlagsAttribute", Justification = "AnyoneCanPay combines with the other three.")]
[Flags]
public enum SignatureHashType
{
    /// <summary>Every input and every output (<c>SIGHASH_ALL</c>, 0x01).</summary>
    All = 0x01,

    /// <summary>Every input, no output (<c>SIGHASH_NONE</c>, 0x02).</summary>
    None = 0x02,

    /// <summary>Every input and the output at the signed input's index (<c>SIGHASH_SINGLE</c>, 0x03).</summary>
    Single = 0x03,

    /// <summary>Only the signed input; combined with one of the others (<c>SIGHASH_ANYONECANPAY</c>, 0x80).</summary>
    AnyoneCanPay = 0x80,
}
