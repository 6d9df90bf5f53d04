using System.Collections.Immutable;
using System.Text.Json;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Rlp;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Ethereum.Tests.Transactions;

// Golden vectors: ethereumjs packages/tx/test/json/eip1559.json (TestVectors/eip1559.ethereumjs.json).
public sealed class Eip1559TransactionTests
{
    public static TheoryData<int> VectorIndexes
    {
        get
        {
            var data = new TheoryData<int>();
            for (int i = 0; i < LoadVectors().Count; i++)
            {
                data.Add(i);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Sign_EthereumJsVector_ReproducesSignedBytes(int index)
    {
        Vector vector = LoadVectors()[index];
        using Secp256k1PrivateKey key = TestKeys.FromHex(vector.PrivateKey);

        SignedTransaction signed = vector.Transaction.Sign(key);

        Assert.Equal(vector.SignedHex, signed.ToHexString());
        Assert.Equal(EthereumAddress.FromPublicKey(key.PublicKey), signed.Sender);
        Assert.Equal(Hex.Encode(Keccak256.Hash(Hex.Decode(vector.SignedHex)), withPrefix: true), signed.Hash.ToString());
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Decode_EthereumJsVector_RecoversFieldsAndSender(int index)
    {
        Vector vector = LoadVectors()[index];
        using Secp256k1PrivateKey key = TestKeys.FromHex(vector.PrivateKey);

        SignedTransaction decoded = SignedTransaction.Decode(Hex.Decode(vector.SignedHex));

        Assert.Equal(TransactionType.Eip1559, decoded.Type);
        Assert.Equal(vector.Transaction, decoded.Transaction);
        Assert.Equal(EthereumAddress.FromPublicKey(key.PublicKey), decoded.Sender);
    }

    [Fact]
    public void Sign_WithAccessListAndContractCreation_RoundTripsThroughDecode()
    {
        using Secp256k1PrivateKey key = TestKeys.FromHex("0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63");
        var transaction = new Eip1559Transaction
        {
            ChainId = 1,
            Nonce = 0,
            MaxPriorityFeePerGas = 1_500_000_000UL,
            MaxFeePerGas = UInt256.Parse("0xffffffffffffffffffffffffffffffffff"),
            GasLimit = 3_000_000,
            To = null,
            Value = UInt256.MaxValue,
            Data = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray(),
            AccessList =
            [
                new AccessListEntry(EthereumAddress.Parse("0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae"), [UInt256.Zero, UInt256.Parse("0x1234")]),
                new AccessListEntry(EthereumAddress.Zero, []),
            ],
        };

        SignedTransaction signed = transaction.Sign(key);
        SignedTransaction decoded = SignedTransaction.Decode(signed.RawBytes.Span);

        Assert.Equal(transaction, decoded.Transaction);
        Assert.Null(decoded.Transaction.To);
        Assert.Equal(signed.Sender, decoded.Sender);
        Assert.Equal(signed.Hash, decoded.Hash);
        Assert.Equal(signed.RawBytes.ToArray(), decoded.RawBytes.ToArray());
    }

    [Fact]
    public void With_RaisedFees_KeepsNonceAndChangesHash()
    {
        Vector vector = LoadVectors()[0];
        using Secp256k1PrivateKey key = TestKeys.FromHex(vector.PrivateKey);
        var original = (Eip1559Transaction)vector.Transaction;

        Eip1559Transaction bumped = original with
        {
            MaxFeePerGas = original.MaxFeePerGas * 9UL / 8UL + 1UL,
            MaxPriorityFeePerGas = original.MaxPriorityFeePerGas * 9UL / 8UL + 1UL,
        };

        Assert.Equal(original.Nonce, bumped.Nonce);
        Assert.NotEqual(original, bumped);
        Assert.NotEqual(original.Sign(key).Hash, bumped.Sign(key).Hash);
    }

    [Fact]
    public void TryWriteSigned_Vector_MatchesSign()
    {
        Vector vector = LoadVectors()[1];
        using Secp256k1PrivateKey key = TestKeys.FromHex(vector.PrivateKey);
        Span<byte> buffer = stackalloc byte[vector.Transaction.GetMaxSignedLength()];

        Assert.True(vector.Transaction.TryWriteSigned(key, buffer, out int written));
        Assert.Equal(vector.SignedHex, Hex.Encode(buffer[..written], withPrefix: true));
    }

    [Fact]
    public void Sign_PriorityFeeAboveMaxFee_ThrowsInvalidOperationException()
    {
        Vector vector = LoadVectors()[0];
        using Secp256k1PrivateKey key = TestKeys.FromHex(vector.PrivateKey);
        var transaction = (Eip1559Transaction)vector.Transaction with { MaxPriorityFeePerGas = 10UL, MaxFeePerGas = 9UL };

        Assert.Throws<InvalidOperationException>(() => transaction.Sign(key));
        Assert.Throws<InvalidOperationException>(() => transaction.GetSigningHash());
        Assert.Throws<InvalidOperationException>(() => transaction.TryWriteSigned(key, new byte[500], out _));
    }

    internal static IReadOnlyList<Vector> LoadVectors()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestVectors", "eip1559.ethereumjs.json");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        var vectors = new List<Vector>();
        foreach (JsonElement item in document.RootElement.GetProperty("vectors").EnumerateArray())
        {
            // The file wraps each typed transaction in one extra RLP string header: strip it.
            byte[] wrapped = Hex.Decode(item.GetProperty("signedTransactionRLP").GetString()!);
            var reader = new RlpReader(wrapped);
            byte[] typed = reader.ReadString().ToArray();
            reader.EnsureEnd("the wrapped vector");
            var chainReader = new RlpReader(typed.AsSpan(1));
            ulong chainId = chainReader.ReadList().ReadUInt64();

            var transaction = new Eip1559Transaction
            {
                ChainId = chainId,
                Nonce = item.GetProperty("nonce").GetUInt64(),
                Value = item.GetProperty("value").GetUInt64(),
                GasLimit = item.GetProperty("gasLimit").GetUInt64(),
                MaxPriorityFeePerGas = item.GetProperty("maxInclusionFeePerGas").GetUInt64(),
                MaxFeePerGas = item.GetProperty("maxFeePerGas").GetUInt64(),
                To = EthereumAddress.Parse(item.GetProperty("to").GetString()!),
            };
            vectors.Add(new Vector(transaction, item.GetProperty("privateKey").GetString()!, Hex.Encode(typed, withPrefix: true)));
        }

        return vectors;
    }

    internal sealed record Vector(EthereumTransaction Transaction, string PrivateKey, string SignedHex);
}
