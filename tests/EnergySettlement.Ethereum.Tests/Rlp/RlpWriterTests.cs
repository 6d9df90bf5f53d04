using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Rlp;

namespace EnergySettlement.Ethereum.Tests.Rlp;

// Examples from the Ethereum wiki's RLP page and the yellow paper, appendix B.
public sealed class RlpWriterTests
{
    [Theory]
    [InlineData("", "80")]
    [InlineData("00", "00")]
    [InlineData("0f", "0f")]
    [InlineData("7f", "7f")]
    [InlineData("80", "8180")]
    [InlineData("646f67", "83646f67")] // "dog"
    public void WriteString_WikiExamples_MatchExpectedBytes(string valueHex, string expectedHex)
    {
        byte[] value = Convert.FromHexString(valueHex);
        byte[] buffer = new byte[RlpWriter.GetStringLength(value)];
        var writer = new RlpWriter(buffer);
        writer.WriteString(value);

        Assert.Equal(buffer.Length, writer.BytesWritten);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(buffer));
    }

    [Fact]
    public void WriteString_LoremIpsum56Bytes_UsesLongForm()
    {
        byte[] value = "Lorem ipsum dolor sit amet, consectetur adipisicing elit"u8.ToArray();
        byte[] buffer = new byte[RlpWriter.GetStringLength(value)];
        var writer = new RlpWriter(buffer);
        writer.WriteString(value);

        Assert.Equal(56, value.Length);
        Assert.Equal("b838" + Convert.ToHexStringLower(value), Convert.ToHexStringLower(buffer));
    }

    [Theory]
    [InlineData(0UL, "80")]
    [InlineData(1UL, "01")]
    [InlineData(15UL, "0f")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "8180")]
    [InlineData(1024UL, "820400")]
    [InlineData(ulong.MaxValue, "88ffffffffffffffff")]
    public void WriteInteger_UInt64_MatchesExpectedBytes(ulong value, string expectedHex)
    {
        byte[] buffer = new byte[RlpWriter.GetIntegerLength(value)];
        var writer = new RlpWriter(buffer);
        writer.WriteInteger(value);

        Assert.Equal(expectedHex, Convert.ToHexStringLower(buffer));
    }

    [Theory]
    [InlineData("0", "80")]
    [InlineData("127", "7f")]
    [InlineData("1024", "820400")]
    [InlineData("0x0100000000000000000000000000000000000000000000000000000000000000", "a00100000000000000000000000000000000000000000000000000000000000000")]
    public void WriteInteger_UInt256_MatchesExpectedBytes(string value, string expectedHex)
    {
        UInt256 number = UInt256.Parse(value);
        byte[] buffer = new byte[RlpWriter.GetIntegerLength(number)];
        var writer = new RlpWriter(buffer);
        writer.WriteInteger(number);

        Assert.Equal(expectedHex, Convert.ToHexStringLower(buffer));
    }

    [Fact]
    public void WriteListHeader_CatDog_MatchesWikiExample()
    {
        byte[] cat = "cat"u8.ToArray();
        byte[] dog = "dog"u8.ToArray();
        int payload = RlpWriter.GetStringLength(cat) + RlpWriter.GetStringLength(dog);
        byte[] buffer = new byte[RlpWriter.GetListLength(payload)];
        var writer = new RlpWriter(buffer);
        writer.WriteListHeader(payload);
        writer.WriteString(cat);
        writer.WriteString(dog);

        Assert.Equal("c88363617483646f67", Convert.ToHexStringLower(buffer));
    }

    [Fact]
    public void WriteListHeader_EmptyList_IsC0()
    {
        byte[] buffer = new byte[RlpWriter.GetListLength(0)];
        var writer = new RlpWriter(buffer);
        writer.WriteListHeader(0);

        Assert.Equal("c0", Convert.ToHexStringLower(buffer));
    }

    [Fact]
    public void WriteListHeader_SetTheoreticThree_MatchesWikiExample()
    {
        // [ [], [[]], [ [], [[]] ] ]
        byte[] buffer = new byte[8];
        var writer = new RlpWriter(buffer);
        writer.WriteListHeader(7);
        writer.WriteListHeader(0);
        writer.WriteListHeader(1);
        writer.WriteListHeader(0);
        writer.WriteListHeader(3);
        writer.WriteListHeader(0);
        writer.WriteListHeader(1);
        writer.WriteListHeader(0);

        Assert.Equal(8, writer.BytesWritten);
        Assert.Equal("c7c0c1c0c3c0c1c0", Convert.ToHexStringLower(buffer));
    }

    [Fact]
    public void WriteListHeader_LongPayload_UsesLongForm()
    {
        Assert.Equal(2, RlpWriter.GetHeaderLength(56));
        Assert.Equal(3, RlpWriter.GetHeaderLength(256));
        byte[] buffer = new byte[3];
        var writer = new RlpWriter(buffer);
        writer.WriteListHeader(1024);

        Assert.Equal("f90400", Convert.ToHexStringLower(buffer));
    }

    [Fact]
    public void WriteString_DestinationTooSmall_ThrowsArgumentException()
    {
        byte[] buffer = new byte[3];

        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new RlpWriter(buffer);
            writer.WriteString("dog"u8);
        });
    }
}
