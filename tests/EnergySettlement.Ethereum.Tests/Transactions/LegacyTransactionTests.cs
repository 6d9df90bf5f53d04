using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Ethereum.Tests.Transactions;

// The worked example of EIP-155 (also in PROTOCOL-NOTES.md).
public sealed class LegacyTransactionTests
{
    private const string ExpectedSigned =
        "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";

    private static readonly LegacyTransaction Example = new()
    {
        ChainId = 1,
        Nonce = 9,
        GasPrice = 20_000_000_000UL,
        GasLimit = 21_000,
        To = EthereumAddress.Parse("0x3535353535353535353535353535353535353535"),
        Value = 1_000_000_000_000_000_000UL,
    };

    [Fact]
    public void GetSigningHash_Eip155Example_MatchesEip()
    {
        Assert.Equal("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53", Example.GetSigningHash().ToString());
    }

    [Fact]
    public void Sign_Eip155Example_ProducesPublishedBytesAndSender()
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();

        SignedTransaction signed = Example.Sign(key);

        Assert.Equal(ExpectedSigned, signed.ToHexString());
        Assert.Equal("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F", signed.Sender.ToString());
        Assert.Equal(Hex.Encode(Keccak256.Hash(Hex.Decode(ExpectedSigned)), withPrefix: true), signed.Hash.ToString());
        Assert.Equal(0, signed.Signature.RecoveryId); // v = 37 = 1 * 2 + 35 + 0
    }

    [Fact]
    public void Decode_Eip155Example_RecoversFieldsAndSender()
    {
        SignedTransaction decoded = SignedTransaction.Decode(Hex.Decode(ExpectedSigned));

        Assert.Equal(TransactionType.Legacy, decoded.Type);
        Assert.Equal(Example, decoded.Transaction);
        Assert.Equal("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F", decoded.Sender.ToString());
        Assert.Equal(ExpectedSigned, decoded.ToHexString());
    }

    [Fact]
    public void TryWriteSigned_LargeEnoughBuffer_WritesSameBytesAsSign()
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();
        byte[] buffer = new byte[Example.GetMaxSignedLength()];

        bool written = Example.TryWriteSigned(key, buffer, out int length);

        Assert.True(written);
        Assert.Equal(ExpectedSigned, Hex.Encode(buffer.AsSpan(0, length), withPrefix: true));
    }

    [Fact]
    public void TryWriteSigned_BufferTooSmall_ReturnsFalse()
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();
        byte[] buffer = new byte[100];

        Assert.False(Example.TryWriteSigned(key, buffer, out int length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void Sign_ChainIdZero_ThrowsInvalidOperationException()
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();

        Assert.Throws<InvalidOperationException>(() => (Example with { ChainId = 0 }).Sign(key));
    }

    [Fact]
    public void Sign_LargeChainId_EncodesVAsWideInteger()
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();
        LegacyTransaction transaction = Example with { ChainId = ulong.MaxValue };

        SignedTransaction signed = transaction.Sign(key);
        SignedTransaction decoded = SignedTransaction.Decode(signed.RawBytes.Span);

        Assert.Equal(ulong.MaxValue, decoded.Transaction.ChainId);
        Assert.Equal(signed.Sender, decoded.Sender);
    }

    [Fact]
    public void Equals_SameFieldsDifferentDataArrays_AreEqual()
    {
        LegacyTransaction a = Example with { Data = new byte[] { 1, 2, 3 } };
        LegacyTransaction b = Example with { Data = new byte[] { 1, 2, 3 } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { GasPrice = 1UL });
        Assert.NotEqual(a, a with { Data = new byte[] { 1, 2, 4 } });
    }

    [Fact]
    public void ToString_PrintsFieldsReadably()
    {
        string text = Example.ToString();

        Assert.Contains("Nonce = 9", text, StringComparison.Ordinal);
        Assert.Contains("GasPrice = 20000000000", text, StringComparison.Ordinal);
        Assert.Contains("To = 0x3535353535353535353535353535353535353535", text, StringComparison.Ordinal);
    }
}
