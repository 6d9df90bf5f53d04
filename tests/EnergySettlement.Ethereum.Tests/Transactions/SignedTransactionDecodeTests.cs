using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Rlp;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Ethereum.Tests.Transactions;

public sealed class SignedTransactionDecodeTests
{
    private const string Eip155Signed =
        "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";

    private static readonly UInt256 N = UInt256.Parse("0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");

    private static readonly LegacyTransaction Legacy = new()
    {
        ChainId = 1,
        Nonce = 9,
        GasPrice = 20_000_000_000UL,
        GasLimit = 21_000,
        To = EthereumAddress.Parse("0x3535353535353535353535353535353535353535"),
        Value = 1_000_000_000_000_000_000UL,
    };

    private static readonly Eip1559Transaction Typed = new()
    {
        ChainId = 5,
        Nonce = 1,
        MaxPriorityFeePerGas = 2UL,
        MaxFeePerGas = 30UL,
        GasLimit = 21_000,
        To = EthereumAddress.Parse("0x3535353535353535353535353535353535353535"),
        Value = 7UL,
    };

    [Fact]
    public void Decode_TrailingByte_ThrowsRlpFormatException()
    {
        byte[] raw = Hex.Decode(Eip155Signed + "00");

        RlpFormatException error = Assert.Throws<RlpFormatException>(() => SignedTransaction.Decode(raw));

        Assert.Contains("trailing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TypedWithTrailingByte_ThrowsRlpFormatException()
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();
        byte[] raw = [.. Typed.Sign(key).RawBytes.Span, 0x80];

        Assert.Throws<RlpFormatException>(() => SignedTransaction.Decode(raw));
    }

    [Fact]
    public void Decode_Truncated_ThrowsRlpFormatException()
    {
        byte[] raw = Hex.Decode(Eip155Signed.AsSpan(0, Eip155Signed.Length - 2));

        Assert.Throws<RlpFormatException>(() => SignedTransaction.Decode(raw));
    }

    [Fact]
    public void Decode_Empty_ThrowsTransactionFormatException()
    {
        Assert.Throws<TransactionFormatException>(() => SignedTransaction.Decode(ReadOnlySpan<byte>.Empty));
    }

    [Theory]
    [InlineData("01c0")] // EIP-2930 access-list transaction: not supported
    [InlineData("03c0")] // EIP-4844 blob transaction: not supported
    [InlineData("80")] // an RLP string, not a transaction
    public void Decode_UnsupportedEnvelope_ThrowsTransactionFormatException(string rawHex)
    {
        Assert.Throws<TransactionFormatException>(() => SignedTransaction.Decode(Hex.Decode(rawHex)));
    }

    [Fact]
    public void Decode_HighS_ThrowsTransactionFormatException()
    {
        SignedTransaction original = SignedTransaction.Decode(Hex.Decode(Eip155Signed));
        (UInt256 r, UInt256 s) = SplitSignature(original);
        UInt256 v = 37UL + (1UL - original.Signature.RecoveryId); // negating s flips the parity

        byte[] raw = EncodeLegacy(Legacy, v, r, N - s);

        TransactionFormatException error = Assert.Throws<TransactionFormatException>(() => SignedTransaction.Decode(raw));
        Assert.Contains("high-S", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(27UL)] // pre-EIP-155
    [InlineData(28UL)]
    [InlineData(0UL)]
    [InlineData(35UL)] // chain id 0
    public void Decode_NonEip155V_ThrowsTransactionFormatException(ulong v)
    {
        SignedTransaction original = SignedTransaction.Decode(Hex.Decode(Eip155Signed));
        (UInt256 r, UInt256 s) = SplitSignature(original);

        Assert.Throws<TransactionFormatException>(() => SignedTransaction.Decode(EncodeLegacy(Legacy, v, r, s)));
    }

    [Fact]
    public void Decode_YParityTwo_ThrowsTransactionFormatException()
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();
        SignedTransaction signed = Typed.Sign(key);
        (UInt256 r, UInt256 s) = SplitSignature(signed);
        byte[] raw = new byte[Typed.GetEncodedLength(new SignatureFields(2UL, r, s))];
        Typed.Encode(raw, new SignatureFields(2UL, r, s));

        TransactionFormatException error = Assert.Throws<TransactionFormatException>(() => SignedTransaction.Decode(raw));
        Assert.Contains("yParity", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Decode_ZeroOrOversizedR_ThrowsTransactionFormatException(bool zero)
    {
        SignedTransaction original = SignedTransaction.Decode(Hex.Decode(Eip155Signed));
        (_, UInt256 s) = SplitSignature(original);

        byte[] raw = EncodeLegacy(Legacy, 37UL, zero ? UInt256.Zero : N, s);

        Assert.Throws<TransactionFormatException>(() => SignedTransaction.Decode(raw));
    }

    [Fact]
    public void Decode_Eip1559PriorityFeeAboveMaxFee_ThrowsTransactionFormatExceptionAsSigningDoes()
    {
        // Validly signed bytes whose fields break the rule that Sign enforces (and every node): tip above max fee.
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();
        Eip1559Transaction invalid = Typed with { MaxPriorityFeePerGas = 31UL, MaxFeePerGas = 30UL };
        Assert.Throws<InvalidOperationException>(() => invalid.Sign(key));
        byte[] hash = new byte[SigningHash.SizeInBytes];
        invalid.WriteSigningHash(hash);
        SignatureFields fields = invalid.GetSignatureFields(key.Sign(hash));
        byte[] raw = new byte[invalid.GetEncodedLength(fields)];
        invalid.Encode(raw, fields);

        TransactionFormatException error = Assert.Throws<TransactionFormatException>(() => SignedTransaction.Decode(raw));

        Assert.Contains("priority fee", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Eip1559PriorityFeeEqualToMaxFee_IsAccepted()
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();
        Eip1559Transaction boundary = Typed with { MaxPriorityFeePerGas = 30UL, MaxFeePerGas = 30UL };

        SignedTransaction decoded = SignedTransaction.Decode(boundary.Sign(key).RawBytes.Span);

        Assert.Equal(boundary, decoded.Transaction);
    }

    [Fact]
    public void Decode_UnsignedTypedTransaction_ThrowsTransactionFormatException()
    {
        byte[] raw = new byte[Typed.GetEncodedLength(null)];
        Typed.Encode(raw, null);

        TransactionFormatException error = Assert.Throws<TransactionFormatException>(() => SignedTransaction.Decode(raw));
        Assert.Contains("unsigned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ToOfNineteenBytes_ThrowsTransactionFormatException()
    {
        // Replace the 20-byte 'to' (0x94 ‖ 20 bytes) by 19 bytes and fix the list length.
        string body = Eip155Signed.Substring(4).Replace("943535353535353535353535353535353535353535", "9335353535353535353535353535353535353535", StringComparison.Ordinal);
        byte[] raw = Hex.Decode("f86b" + body);

        Assert.Throws<TransactionFormatException>(() => SignedTransaction.Decode(raw));
    }

    [Fact]
    public void Decode_NonCanonicalNonce_ThrowsRlpFormatException()
    {
        // nonce 9 written as 0x8109 (single byte below 0x80 behind a header): list grows by one byte.
        byte[] raw = Hex.Decode(string.Concat("f86d8109", Eip155Signed.AsSpan(6)));

        Assert.Throws<RlpFormatException>(() => SignedTransaction.Decode(raw));
    }

    [Fact]
    public void Decode_RandomSignedTransactions_RoundTrip()
    {
        using Secp256k1PrivateKey key = Secp256k1PrivateKey.Generate();
        for (ulong nonce = 0; nonce < 20; nonce++)
        {
            EthereumTransaction transaction = nonce % 2 == 0 ? Legacy with { Nonce = nonce } : Typed with { Nonce = nonce };
            SignedTransaction signed = transaction.Sign(key);

            SignedTransaction decoded = SignedTransaction.Decode(signed.RawBytes.Span);

            Assert.Equal(transaction, decoded.Transaction);
            Assert.Equal(signed.Sender, decoded.Sender);
            Assert.Equal(signed.Signature, decoded.Signature);
        }
    }

    private static (UInt256 R, UInt256 S) SplitSignature(SignedTransaction signed)
    {
        byte[] rs = new byte[64];
        signed.Signature.Signature.WriteCompact(rs);
        return (UInt256.ReadBigEndian(rs.AsSpan(0, 32)), UInt256.ReadBigEndian(rs.AsSpan(32)));
    }

    private static byte[] EncodeLegacy(LegacyTransaction transaction, UInt256 v, UInt256 r, UInt256 s)
    {
        var fields = new SignatureFields(v, r, s);
        byte[] raw = new byte[transaction.GetEncodedLength(fields)];
        transaction.Encode(raw, fields);
        return raw;
    }
}
