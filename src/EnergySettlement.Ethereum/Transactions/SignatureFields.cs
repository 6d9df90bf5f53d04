using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Rlp;

namespace EnergySettlement.Ethereum.Transactions;

/// <summary>
/// The three trailing RLP integers of a legacy transaction or a signed typed transaction: (v or yParity, r, s);
/// for the EIP-155 signing form of a legacy transaction, (chainId, 0, 0).
/// </summary>
internal readonly record struct SignatureFields(UInt256 V, UInt256 R, UInt256 S)
{
    public int EncodedLength => RlpWriter.GetIntegerLength(V) + RlpWriter.GetIntegerLength(R) + RlpWriter.GetIntegerLength(S);

    public static SignatureFields FromSignature(UInt256 v, Crypto.RecoverableSignature signature)
    {
        Span<byte> rs = stackalloc byte[Crypto.EcdsaSignature.CompactLength];
        signature.Signature.WriteCompact(rs);
        return new SignatureFields(v, UInt256.ReadBigEndian(rs[..32]), UInt256.ReadBigEndian(rs[32..]));
    }

    public void Write(ref RlpWriter writer)
    {
        writer.WriteInteger(V);
        writer.WriteInteger(R);
        writer.WriteInteger(S);
    }
}
