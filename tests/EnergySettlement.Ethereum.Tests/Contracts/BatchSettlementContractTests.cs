using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Contracts;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Tests.Contracts;

public sealed class BatchSettlementContractTests
{
    [Fact]
    public void Bytecode_EmbeddedArtifact_IsTheCommittedFile()
    {
        var committed = ContractArtifactTests.Bytecode(File.ReadAllText(Path.Combine(ContractArtifactTests.SourceDirectory, "BatchSettlement.json")));
        Assert.Equal(committed, Hex.Encode(BatchSettlementContract.Bytecode.Span, withPrefix: true));
    }

    [Fact]
    public void BytecodeV2_EmbeddedArtifact_IsTheCommittedFile()
    {
        var committed = ContractArtifactTests.Bytecode(File.ReadAllText(Path.Combine(ContractArtifactTests.SourceDirectory, "BatchSettlementV2.json")));
        Assert.Equal(committed, Hex.Encode(BatchSettlementV2Contract.Bytecode.Span, withPrefix: true));
    }

    [Fact]
    public void PackPayout_AmountInLow96Bits_PayeeInHigh160()
    {
        var payee = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        var amount = BatchSettlementV2Contract.MaxAmount;

        var word = new byte[32];
        BatchSettlementV2Contract.PackPayout(payee, amount).WriteBigEndian32(word);

        Assert.Equal("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed" + "ffffffffffffffffffffffff", Hex.Encode(word));
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchSettlementV2Contract.PackPayout(payee, amount + UInt256.One));
    }

    [Fact]
    public void Selectors_KnownSignatures_MatchPublishedValues()
    {
        // Published ERC-20 selectors and the Transfer topic (PROTOCOL-NOTES.md).
        Assert.Equal("a9059cbb", Hex.Encode(Erc20.TransferSelector));
        Assert.Equal("095ea7b3", Hex.Encode(Erc20.ApproveSelector));
        Assert.Equal("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", Hex.Encode(Erc20.TransferTopic));
    }

    [Fact]
    public void EncodeSettleNative_TwoPayouts_FollowsAbiLayout()
    {
        var a = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        var b = EthereumAddress.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
        var data = BatchSettlementContract.EncodeSettleNative(new SettlementBatchId("batch-1"), [a, b], [(UInt256)5UL, (UInt256)7UL], ["r1", ""]);

        Assert.Equal(BatchSettlementContract.SettleNativeSelector, data[..4]);
        var body = data[4..];
        UInt256 Word(int i) => UInt256.ReadBigEndian(body.AsSpan(32 * i, 32));

        Assert.Equal(BatchSettlementContract.BatchKey(new SettlementBatchId("batch-1")), body[..32]);
        Assert.Equal((UInt256)128UL, Word(1)); // payees offset after a 4-word head
        Assert.Equal((UInt256)2UL, Word(4)); // payees length
        Assert.Equal(a, AbiEncoder.ReadAddress(body.AsSpan(32 * 5, 32)));
        Assert.Equal(b, AbiEncoder.ReadAddress(body.AsSpan(32 * 6, 32)));
        Assert.Equal((UInt256)224UL, Word(2)); // amounts offset = 128 + 3 words
        Assert.Equal((UInt256)2UL, Word(7));
        Assert.Equal((UInt256)5UL, Word(8));
        Assert.Equal((UInt256)7UL, Word(9));
        Assert.Equal((UInt256)320UL, Word(3)); // references offset = 224 + 3 words
        Assert.Equal((UInt256)2UL, Word(10)); // two strings
        Assert.Equal((UInt256)64UL, Word(11)); // first string after the two offsets
        Assert.Equal((UInt256)128UL, Word(12)); // second after the first's length word and one data word
        Assert.Equal((UInt256)2UL, Word(13)); // "r1" length
        Assert.Equal("7231", Hex.Encode(body.AsSpan(32 * 14, 2)));
        Assert.Equal((UInt256)0UL, Word(15)); // "" length
        Assert.Equal(32 * 16, body.Length);
    }
}
