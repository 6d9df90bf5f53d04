using System.Collections.Immutable;
using System.Text;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Rlp;

namespace EnergySettlement.Ethereum.Transactions;

/// <summary>
/// An EIP-1559 fee-market transaction (type 2), signed over
/// <c>keccak256(0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gas, to, value, data, accessList]))</c>
/// and sent as <c>0x02 ‖ rlp([…, yParity, r, s])</c>.
/// </summary>
/// <remarks>
/// The sender pays <c>min(maxFeePerGas, baseFee + maxPriorityFeePerGas)</c> per unit of gas. To replace a stuck
/// transaction, sign a copy with the same nonce and both fee fields raised (<c>with { … }</c>). Immutable and thread-safe.
/// </remarks>
public sealed record Eip1559Transaction : EthereumTransaction
{
    private readonly ImmutableArray<AccessListEntry> _accessList;

    /// <inheritdoc />
    public override TransactionType Type => TransactionType.Eip1559;

    /// <summary>Gets the most the sender pays the block producer per unit of gas on top of the base fee, in wei.</summary>
    /// <value>The default is 0.</value>
    public UInt256 MaxPriorityFeePerGas { get; init; }

    /// <summary>Gets the most the sender pays per unit of gas in total (base fee and priority fee), in wei.</summary>
    /// <value>The default is 0.</value>
    public UInt256 MaxFeePerGas { get; init; }

    /// <summary>Gets the EIP-2930 access list: accounts and storage slots declared in advance (rarely needed for payouts).</summary>
    /// <value>The default is empty; never the default array.</value>
    public ImmutableArray<AccessListEntry> AccessList
    {
        get => _accessList.IsDefault ? ImmutableArray<AccessListEntry>.Empty : _accessList;
        init => _accessList = value;
    }

    /// <summary>Value equality: all fields equal, data and access list compared item by item.</summary>
    /// <param name="other">The other transaction.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(Eip1559Transaction? other)
        => other is not null
            && base.Equals(other)
            && MaxPriorityFeePerGas == other.MaxPriorityFeePerGas
            && MaxFeePerGas == other.MaxFeePerGas
            && AccessList.AsSpan().SequenceEqual(other.AccessList.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), MaxPriorityFeePerGas, MaxFeePerGas, AccessList.Length);

    internal static int GetAccessListPayloadLength(ImmutableArray<AccessListEntry> accessList)
    {
        int payload = 0;
        foreach (AccessListEntry entry in accessList)
        {
            payload += RlpWriter.GetListLength(GetEntryPayloadLength(entry));
        }

        return payload;
    }

    internal override int GetFieldsLength()
        => RlpWriter.GetIntegerLength(ChainId)
            + RlpWriter.GetIntegerLength(Nonce)
            + RlpWriter.GetIntegerLength(MaxPriorityFeePerGas)
            + RlpWriter.GetIntegerLength(MaxFeePerGas)
            + RlpWriter.GetIntegerLength(GasLimit)
            + GetAddressLength(To)
            + RlpWriter.GetIntegerLength(Value)
            + RlpWriter.GetStringLength(Data.Span)
            + RlpWriter.GetListLength(GetAccessListPayloadLength(AccessList));

    internal override void WriteFields(ref RlpWriter writer)
    {
        writer.WriteInteger(ChainId);
        writer.WriteInteger(Nonce);
        writer.WriteInteger(MaxPriorityFeePerGas);
        writer.WriteInteger(MaxFeePerGas);
        writer.WriteInteger(GasLimit);
        WriteAddress(ref writer, To);
        writer.WriteInteger(Value);
        writer.WriteString(Data.Span);
        ImmutableArray<AccessListEntry> accessList = AccessList;
        writer.WriteListHeader(GetAccessListPayloadLength(accessList));
        Span<byte> word = stackalloc byte[UInt256.SizeInBytes];
        foreach (AccessListEntry entry in accessList)
        {
            writer.WriteListHeader(GetEntryPayloadLength(entry));
            WriteAddress(ref writer, entry.Address);
            writer.WriteListHeader(entry.StorageKeys.Length * (1 + UInt256.SizeInBytes));
            foreach (UInt256 key in entry.StorageKeys)
            {
                key.WriteBigEndian32(word);
                writer.WriteString(word);
            }
        }
    }

    internal override SignatureFields? GetSigningFields() => null;

    internal override string? FindInvalidField() => MaxPriorityFeePerGas > MaxFeePerGas
        ? $"The max priority fee per gas ({MaxPriorityFeePerGas} wei) is above the max fee per gas ({MaxFeePerGas} wei); no node accepts such a transaction."
        : null;

    internal override SignatureFields GetSignatureFields(RecoverableSignature signature)
        => SignatureFields.FromSignature(GetYParity(signature), signature);

    private static int GetEntryPayloadLength(AccessListEntry entry)
        => 1 + EthereumAddress.SizeInBytes + RlpWriter.GetListLength(entry.StorageKeys.Length * (1 + UInt256.SizeInBytes));

    /// <inheritdoc />
    protected override bool PrintMembers(StringBuilder builder)
    {
        base.PrintMembers(builder);
        builder.Append(", MaxPriorityFeePerGas = ").Append(MaxPriorityFeePerGas.ToString())
            .Append(", MaxFeePerGas = ").Append(MaxFeePerGas.ToString())
            .Append(", AccessList = ").Append(AccessList.Length).Append(" entries");
        return true;
    }
}
