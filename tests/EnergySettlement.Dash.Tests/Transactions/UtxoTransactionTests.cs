using System.Text;
using CsCheck;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Tests.CrossCheck;
using EnergySettlement.Dash.Transactions;

namespace EnergySettlement.Dash.Tests.Transactions;

public sealed class UtxoTransactionTests
{
    /// <summary>Dash mainnet's genesis coinbase, built as Dash Core's <c>CreateGenesisBlock</c> does; its txid is the
    /// genesis block's published merkle root (chainparams.cpp).</summary>
    private static UtxoTransaction GenesisCoinbase()
    {
        byte[] text = Encoding.ASCII.GetBytes("Wired 09/Jan/2014 The Grand Experiment Goes Live: Overstock.com Is Now Accepting Bitcoins");
        byte[] scriptSig = [.. Hex.Decode("04ffff001d01044c"), (byte)text.Length, .. text];
        byte[] key = Hex.Decode("040184710fa689ad5023690c80f3a49c8f13f8d45b8c857fbcbc8bc4a8e4d3eb4b10f4d4604fa08dce601aaf0f470216fe1b51850b4acf21b179c45070ac7b03a9");
        byte[] scriptPubKey = [65, .. key, 0xAC];
        return new UtxoTransaction(
            [new TransactionInput(default, uint.MaxValue, scriptSig)],
            [new TransactionOutput(50 * 100_000_000L, scriptPubKey)],
            version: 1);
    }

    [Fact]
    public void Hash_DashGenesisCoinbase_IsThePublishedMerkleRoot()
    {
        var coinbase = GenesisCoinbase();

        Assert.Equal("e0028eb9648db56b1ac77cf090b99048a8007e2bb64b68f092c03c7f56a662c7", coinbase.Hash.ToString());
    }

    [Fact]
    public void Parse_DashGenesisCoinbaseBytes_ReadsEveryField()
    {
        var coinbase = UtxoTransaction.Parse(GenesisCoinbase().ToHex());

        Assert.Equal(1, coinbase.Version);
        Assert.Equal(0, coinbase.Type);
        Assert.Equal(uint.MaxValue, coinbase.Inputs[0].PreviousIndex);
        Assert.Equal(5_000_000_000, coinbase.Outputs[0].Value);
        Assert.Null(coinbase.ExtraPayload);
        Assert.Equal("e0028eb9648db56b1ac77cf090b99048a8007e2bb64b68f092c03c7f56a662c7", coinbase.Hash.ToString());
    }

    [Fact]
    public void ParseSerialize_RandomTransactions_RoundTripByteForByte()
    {
        Gen.Int.Select(Gen.Int[1, 8], Gen.Bool, Gen.Bool).Sample((seed, inputs, memo, special) =>
        {
            var random = new Random(seed);
            var transaction = DashcoreCrossCheckTests.RandomTransaction(random, DashNetworks.Testnet, inputs, memo, special);
            var bytes = transaction.ToBytes();

            var parsed = UtxoTransaction.Parse(bytes);

            Assert.Equal(bytes, parsed.ToBytes());
            Assert.Equal(transaction, parsed);
            Assert.Equal(transaction.Hash, parsed.Hash);
            Assert.Equal(transaction.Size, bytes.Length);
        });
    }

    [Fact]
    public void Parse_SpecialTransaction_ReadsVersionTypeAndPayload()
    {
        var special = DashcoreCrossCheckTests.RandomTransaction(new Random(1), DashNetworks.Testnet, 2, memo: false, special: true);

        var parsed = UtxoTransaction.Parse(special.ToBytes());

        Assert.Equal(3, parsed.Version);
        Assert.Equal(8, parsed.Type);
        Assert.Equal(special.ExtraPayload!.Value.ToArray(), parsed.ExtraPayload!.Value.ToArray());
        Assert.Equal("03000800", Hex.Encode(parsed.ToBytes().AsSpan(0, 4)));
    }

    [Fact]
    public void Parse_SpecialTransactionAsLegacyChain_ThrowsOnThePayloadAsTrailingBytes()
    {
        var special = DashcoreCrossCheckTests.RandomTransaction(new Random(2), DashNetworks.Testnet, 1, memo: false, special: true);

        var error = Assert.Throws<TransactionFormatException>(() => UtxoTransaction.Parse(special.ToBytes(), specialTransactions: false));

        Assert.Contains("left over", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EveryTruncation_ThrowsTransactionFormatException()
    {
        var bytes = DashcoreCrossCheckTests.RandomTransaction(new Random(3), DashNetworks.Testnet, 2, memo: true, special: true).ToBytes();

        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<TransactionFormatException>(() => UtxoTransaction.Parse(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Parse_TrailingByte_ThrowsTransactionFormatException()
    {
        byte[] bytes = [.. GenesisCoinbase().ToBytes(), 0];

        Assert.Throws<TransactionFormatException>(() => UtxoTransaction.Parse(bytes));
    }

    [Fact]
    public void Parse_NonCanonicalCompactSize_ThrowsTransactionFormatException()
    {
        // One input, written as FD 01 00 instead of 01.
        byte[] canonical = GenesisCoinbase().ToBytes();
        byte[] bytes = [.. canonical[..4], 0xFD, 0x01, 0x00, .. canonical[5..]];

        var error = Assert.Throws<TransactionFormatException>(() => UtxoTransaction.Parse(bytes));

        Assert.Contains("non-canonical", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CountBeyondTheData_ThrowsBeforeAllocating()
    {
        byte[] bytes = [0x02, 0x00, 0x00, 0x00, 0xFE, 0xFF, 0xFF, 0xFF, 0x7F];

        Assert.Throws<TransactionFormatException>(() => UtxoTransaction.Parse(bytes));
    }

    [Fact]
    public void Constructor_PayloadOnOrdinaryTransaction_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => new UtxoTransaction([], [], version: 2, type: 0, extraPayload: new byte[] { 1 }));

    [Theory]
    [InlineData(75, "6a4b")]
    [InlineData(76, "6a4c4c")]
    [InlineData(80, "6a4c50")]
    public void NullData_UsesTheMinimalPush(int length, string prefix)
    {
        var output = TransactionOutput.NullData(new byte[length]);

        Assert.True(output.IsNullData);
        Assert.Equal(0, output.Value);
        Assert.StartsWith(prefix, Hex.Encode(output.ScriptPubKey.Span), StringComparison.Ordinal);
        Assert.Equal(length + (prefix.Length / 2), output.ScriptPubKey.Length);
    }

    [Fact]
    public void TransactionHash_ParseAndToString_AreByteReversed()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var hash = TransactionHash.FromBytes(bytes);

        Assert.Equal("1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100", hash.ToString());
        Assert.Equal(hash, TransactionHash.Parse(hash.ToString()));
        Assert.False(TransactionHash.TryParse("xyz", out _));
        Assert.Throws<FormatException>(() => TransactionHash.Parse(new string('0', 63)));
    }
}
