using System.Collections.Immutable;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Rlp;

namespace EnergySettlement.Ethereum.Transactions;

/// <summary>Strict decoding of raw signed transactions (legacy EIP-155 and type 2).</summary>
internal static class TransactionDecoder
{
    public static SignedTransaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            throw new TransactionFormatException("Expected a signed transaction, found no bytes.");
        }

        byte first = raw[0];
        if (first >= 0xc0)
        {
            return DecodeLegacy(raw);
        }

        if (first == (byte)TransactionType.Eip1559)
        {
            return DecodeEip1559(raw);
        }

        throw first < 0x80
            ? new TransactionFormatException($"Unsupported transaction type 0x{first:x2}: only legacy (EIP-155) and type 2 (EIP-1559) are supported.")
            : new TransactionFormatException($"Expected a legacy transaction list or a type byte, found the RLP string prefix 0x{first:x2}.");
    }

    private static SignedTransaction DecodeLegacy(ReadOnlySpan<byte> raw)
    {
        var reader = new RlpReader(raw);
        RlpReader fields = reader.ReadList();
        reader.EnsureEnd("a legacy transaction");

        ulong nonce = fields.ReadUInt64();
        UInt256 gasPrice = fields.ReadUInt256();
        ulong gasLimit = fields.ReadUInt64();
        EthereumAddress? to = ReadTo(ref fields);
        UInt256 value = fields.ReadUInt256();
        byte[] data = ReadData(ref fields);
        UInt256 v = ReadSignatureInteger(ref fields, "v");
        UInt256 r = ReadSignatureInteger(ref fields, "r");
        UInt256 s = ReadSignatureInteger(ref fields, "s");
        fields.EnsureEnd("the nine fields of a legacy transaction");

        if (v < 35UL)
        {
            throw new TransactionFormatException(
                $"Expected an EIP-155 v (chainId · 2 + 35 or 36), found {v}: unprotected legacy transactions (v = 27 or 28) are not accepted.");
        }

        UInt256 chainId = UInt256.DivRem(v - 35UL, 2UL, out UInt256 parity);
        if (chainId.IsZero || chainId > ulong.MaxValue)
        {
            throw new TransactionFormatException($"The v value {v} gives chain id {chainId}, which must be between 1 and 2^64 - 1.");
        }

        var transaction = new LegacyTransaction
        {
            ChainId = (ulong)chainId,
            Nonce = nonce,
            GasPrice = gasPrice,
            GasLimit = gasLimit,
            To = to,
            Value = value,
            Data = data,
        };
        return Finish(transaction, raw, (byte)(ulong)parity, r, s);
    }

    private static SignedTransaction DecodeEip1559(ReadOnlySpan<byte> raw)
    {
        var reader = new RlpReader(raw[1..]);
        RlpReader fields = reader.ReadList();
        reader.EnsureEnd("a type-2 transaction");

        ulong chainId = fields.ReadUInt64();
        ulong nonce = fields.ReadUInt64();
        UInt256 maxPriorityFee = fields.ReadUInt256();
        UInt256 maxFee = fields.ReadUInt256();
        ulong gasLimit = fields.ReadUInt64();
        EthereumAddress? to = ReadTo(ref fields);
        UInt256 value = fields.ReadUInt256();
        byte[] data = ReadData(ref fields);
        ImmutableArray<AccessListEntry> accessList = ReadAccessList(ref fields);
        UInt256 yParity = ReadSignatureInteger(ref fields, "yParity");
        UInt256 r = ReadSignatureInteger(ref fields, "r");
        UInt256 s = ReadSignatureInteger(ref fields, "s");
        fields.EnsureEnd("the twelve fields of a type-2 transaction");

        if (yParity > 1UL)
        {
            throw new TransactionFormatException($"Expected yParity 0 or 1, found {yParity}.");
        }

        var transaction = new Eip1559Transaction
        {
            ChainId = chainId,
            Nonce = nonce,
            MaxPriorityFeePerGas = maxPriorityFee,
            MaxFeePerGas = maxFee,
            GasLimit = gasLimit,
            To = to,
            Value = value,
            Data = data,
            AccessList = accessList,
        };
        return Finish(transaction, raw, (byte)(ulong)yParity, r, s);
    }

    private static SignedTransaction Finish(EthereumTransaction transaction, ReadOnlySpan<byte> raw, byte yParity, UInt256 r, UInt256 s)
    {
        // The same rules as signing: bytes that our signer (and every node) would refuse to produce are not a transaction.
        if (transaction.FindInvalidField() is { } reason)
        {
            throw new TransactionFormatException(reason);
        }

        Span<byte> rs = stackalloc byte[EcdsaSignature.CompactLength];
        r.WriteBigEndian32(rs);
        s.WriteBigEndian32(rs[32..]);
        if (!EcdsaSignature.TryFromCompact(rs, out EcdsaSignature signature))
        {
            throw new TransactionFormatException("The signature's r and s must each be between 1 and n - 1.");
        }

        if (!signature.IsLowS)
        {
            throw new TransactionFormatException("The signature is high-S (s > n / 2), which EIP-2 forbids.");
        }

        var recoverable = new RecoverableSignature(signature, yParity);
        Span<byte> hash = stackalloc byte[SigningHash.SizeInBytes];
        transaction.WriteSigningHash(hash);
        if (!Secp256k1PublicKey.TryRecover(hash, recoverable, out Secp256k1PublicKey publicKey))
        {
            throw new TransactionFormatException("No sender can be recovered from the signature.");
        }

        return new SignedTransaction(transaction, raw.ToArray(), recoverable, EthereumAddress.FromPublicKey(publicKey));
    }

    private static EthereumAddress? ReadTo(ref RlpReader fields)
    {
        int offset = fields.Offset;
        ReadOnlySpan<byte> bytes = fields.ReadString();
        return bytes.Length switch
        {
            0 => null,
            EthereumAddress.SizeInBytes => EthereumAddress.FromBytes(bytes),
            _ => throw new TransactionFormatException($"Expected 'to' to be empty or 20 bytes, found {bytes.Length} bytes at offset {offset}."),
        };
    }

    private static byte[] ReadData(ref RlpReader fields) => fields.ReadString().ToArray();

    private static UInt256 ReadSignatureInteger(ref RlpReader fields, string name)
    {
        if (!fields.HasMore)
        {
            throw new TransactionFormatException($"The transaction ends before its '{name}' field: is it unsigned?");
        }

        return fields.ReadUInt256();
    }

    private static ImmutableArray<AccessListEntry> ReadAccessList(ref RlpReader fields)
    {
        RlpReader list = fields.ReadList();
        if (!list.HasMore)
        {
            return ImmutableArray<AccessListEntry>.Empty;
        }

        ImmutableArray<AccessListEntry>.Builder entries = ImmutableArray.CreateBuilder<AccessListEntry>();
        while (list.HasMore)
        {
            RlpReader entry = list.ReadList();
            EthereumAddress address = EthereumAddress.FromBytes(entry.ReadFixedString(EthereumAddress.SizeInBytes, "an access-list address"));
            RlpReader keys = entry.ReadList();
            ImmutableArray<UInt256>.Builder storageKeys = ImmutableArray.CreateBuilder<UInt256>();
            while (keys.HasMore)
            {
                storageKeys.Add(UInt256.ReadBigEndian(keys.ReadFixedString(UInt256.SizeInBytes, "an access-list storage key")));
            }

            entry.EnsureEnd("an access-list entry [address, storageKeys]");
            entries.Add(new AccessListEntry(address, storageKeys.ToImmutable()));
        }

        return entries.ToImmutable();
    }
}
