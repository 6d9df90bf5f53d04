using System.Text;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Rlp;

namespace EnergySettlement.Ethereum.Transactions;

/// <summary>
/// A legacy (untyped) transaction with EIP-155 replay protection: one gas price, signed over
/// <c>keccak256(rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0]))</c>, sent as
/// <c>rlp([nonce, gasPrice, gas, to, value, data, v, r, s])</c> with <c>v = chainId · 2 + 35 + recoveryId</c>.
/// </summary>
/// <remarks>
/// Use it for chains without EIP-1559 (some proof-of-authority networks); prefer <see cref="Eip1559Transaction"/>
/// elsewhere. <see cref="EthereumTransaction.ChainId"/> must be above zero: unprotected (pre-EIP-155) transactions
/// are neither built nor accepted. Immutable and thread-safe.
/// </remarks>
public sealed record LegacyTransaction : EthereumTransaction
{
    /// <inheritdoc />
    public override TransactionType Type => TransactionType.Legacy;

    /// <summary>Gets the price paid per unit of gas, in wei.</summary>
    /// <value>The default is 0.</value>
    public UInt256 GasPrice { get; init; }

    /// <summary>Value equality: all fields equal, data compared byte by byte.</summary>
    /// <param name="other">The other transaction.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(LegacyTransaction? other) => other is not null && base.Equals(other) && GasPrice == other.GasPrice;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), GasPrice);

    internal override int GetFieldsLength()
        => RlpWriter.GetIntegerLength(Nonce)
            + RlpWriter.GetIntegerLength(GasPrice)
            + RlpWriter.GetIntegerLength(GasLimit)
            + GetAddressLength(To)
            + RlpWriter.GetIntegerLength(Value)
            + RlpWriter.GetStringLength(Data.Span);

    internal override void WriteFields(ref RlpWriter writer)
    {
        writer.WriteInteger(Nonce);
        writer.WriteInteger(GasPrice);
        writer.WriteInteger(GasLimit);
        WriteAddress(ref writer, To);
        writer.WriteInteger(Value);
        writer.WriteString(Data.Span);
    }

    internal override SignatureFields? GetSigningFields() => new SignatureFields(ChainId, UInt256.Zero, UInt256.Zero);

    internal override SignatureFields GetSignatureFields(RecoverableSignature signature)
    {
        UInt256 v = ((UInt256)ChainId * 2UL) + 35UL + GetYParity(signature);
        return SignatureFields.FromSignature(v, signature);
    }

    internal override string? FindInvalidField() => ChainId == 0
        ? "A legacy transaction needs a chain id above 0 (EIP-155 replay protection); unprotected transactions are not built."
        : null;

    /// <inheritdoc />
    protected override bool PrintMembers(StringBuilder builder)
    {
        base.PrintMembers(builder);
        builder.Append(", GasPrice = ").Append(GasPrice.ToString());
        return true;
    }
}
