using CsCheck;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Rlp;

namespace EnergySettlement.Ethereum.Tests.Rlp;

public sealed class RlpReaderTests
{
    [Theory]
    [InlineData("80", "")]
    [InlineData("00", "00")]
    [InlineData("7f", "7f")]
    [InlineData("8180", "80")]
    [InlineData("83646f67", "646f67")]
    public void ReadString_CanonicalInput_ReturnsPayload(string encodedHex, string expectedHex)
    {
        var reader = new RlpReader(Convert.FromHexString(encodedHex));

        string actual = Convert.ToHexStringLower(reader.ReadString());

        reader.EnsureEnd("the test item");
        Assert.Equal(expectedHex, actual);
    }

    [Fact]
    public void ReadList_CatDog_ReadsBothStrings()
    {
        var reader = new RlpReader(Convert.FromHexString("c88363617483646f67"));

        RlpReader list = reader.ReadList();
        string cat = System.Text.Encoding.ASCII.GetString(list.ReadString());
        string dog = System.Text.Encoding.ASCII.GetString(list.ReadString());

        list.EnsureEnd("the list");
        reader.EnsureEnd("the input");
        Assert.Equal(("cat", "dog"), (cat, dog));
    }

    [Fact]
    public void ReadList_SetTheoreticThree_ReadsNestedStructure()
    {
        var reader = new RlpReader(Convert.FromHexString("c7c0c1c0c3c0c1c0"));

        RlpReader outer = reader.ReadList();
        Assert.False(outer.ReadList().HasMore);
        RlpReader second = outer.ReadList();
        Assert.False(second.ReadList().HasMore);
        second.EnsureEnd("[[]]");
        RlpReader third = outer.ReadList();
        Assert.False(third.ReadList().HasMore);
        RlpReader thirdSecond = third.ReadList();
        Assert.False(thirdSecond.ReadList().HasMore);
        third.EnsureEnd("[[], [[]]]");
        outer.EnsureEnd("the outer list");
    }

    [Theory]
    [InlineData("80", 0UL)]
    [InlineData("0f", 15UL)]
    [InlineData("820400", 1024UL)]
    [InlineData("88ffffffffffffffff", ulong.MaxValue)]
    public void ReadUInt64_CanonicalInteger_ReturnsValue(string encodedHex, ulong expected)
    {
        var reader = new RlpReader(Convert.FromHexString(encodedHex));

        Assert.Equal(expected, reader.ReadUInt64());
    }

    [Fact]
    public void ReadUInt256_ThirtyTwoBytes_ReturnsValue()
    {
        var reader = new RlpReader(Convert.FromHexString("a0" + new string('f', 64)));

        Assert.Equal(UInt256.MaxValue, reader.ReadUInt256());
    }

    [Theory]
    [InlineData("00", "leading zero")] // 0x00 as an integer is not canonical either
    [InlineData("820004", "leading zero")]
    public void ReadUInt64_LeadingZeros_ThrowsRlpFormatException(string encodedHex, string expectedMessagePart)
    {
        RlpFormatException error = Assert.Throws<RlpFormatException>(() =>
        {
            var reader = new RlpReader(Convert.FromHexString(encodedHex));
            reader.ReadUInt64();
        });

        Assert.Contains(expectedMessagePart, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("817f")]
    [InlineData("8100")]
    public void ReadString_SingleByteBelow0x80Wrapped_ThrowsRlpFormatException(string encodedHex)
    {
        RlpFormatException error = Assert.Throws<RlpFormatException>(() =>
        {
            var reader = new RlpReader(Convert.FromHexString(encodedHex));
            reader.ReadString();
        });

        Assert.Contains("must be encoded as itself", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, error.Offset);
    }

    [Theory]
    [InlineData("b803646f67")] // string of 3 bytes in long form
    [InlineData("f803c0c0c0")] // list of 3 bytes in long form
    public void ReadItem_LongFormForShortPayload_ThrowsRlpFormatException(string encodedHex)
    {
        RlpFormatException error = Assert.Throws<RlpFormatException>(() => ReadAny(encodedHex));

        Assert.Contains("long-form header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadString_LengthWithLeadingZero_ThrowsRlpFormatException()
    {
        string encoded = "b90038" + new string('a', 112);

        RlpFormatException error = Assert.Throws<RlpFormatException>(() => ReadAny(encoded));

        Assert.Contains("leading zero", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("83646f")] // string shorter than announced
    [InlineData("c88363617483646f")] // list shorter than announced
    [InlineData("b9")] // long-form header without its length bytes
    [InlineData("b90400")] // 1024 bytes announced, none there
    [InlineData("bfffffffffffffffff00")] // 8-byte length: overflow
    [InlineData("")] // nothing at all
    public void ReadItem_TruncatedOrOverflowingLength_ThrowsRlpFormatException(string encodedHex)
    {
        Assert.Throws<RlpFormatException>(() => ReadAny(encodedHex));
    }

    [Fact]
    public void EnsureEnd_TrailingBytes_ThrowsRlpFormatException()
    {
        RlpFormatException error = Assert.Throws<RlpFormatException>(() =>
        {
            var reader = new RlpReader(Convert.FromHexString("83646f6700"));
            reader.ReadString();
            reader.EnsureEnd("the test item");
        });

        Assert.Contains("trailing", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Offset);
    }

    [Fact]
    public void ReadString_ListFound_ThrowsRlpFormatException()
    {
        RlpFormatException error = Assert.Throws<RlpFormatException>(() =>
        {
            var reader = new RlpReader(Convert.FromHexString("c0"));
            reader.ReadString();
        });

        Assert.Contains("found a list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadList_StringFound_ThrowsRlpFormatException()
    {
        RlpFormatException error = Assert.Throws<RlpFormatException>(() =>
        {
            var reader = new RlpReader(Convert.FromHexString("80"));
            reader.ReadList();
        });

        Assert.Contains("found a string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadUInt64_NineBytes_ThrowsRlpFormatException()
    {
        Assert.Throws<RlpFormatException>(() =>
        {
            var reader = new RlpReader(Convert.FromHexString("89010000000000000000"));
            reader.ReadUInt64();
        });
    }

    [Fact]
    public void ReadList_ErrorInsideNestedList_ReportsAbsoluteOffset()
    {
        RlpFormatException error = Assert.Throws<RlpFormatException>(() =>
        {
            var reader = new RlpReader(Convert.FromHexString("c480820004"));
            RlpReader list = reader.ReadList();
            list.ReadUInt64();
            list.ReadUInt64();
        });

        Assert.Equal(2, error.Offset);
    }

    [Fact]
    public void RoundTrip_RandomStringsAndIntegers_ReadBackEqual()
    {
        Gen.Select(Gen.Byte.Array[0, 300], Gen.ULong, Gen.ULong.Array[4])
            .Sample((bytes, small, limbs) =>
            {
                UInt256 big = UInt256.Parse("0x" + string.Concat(limbs.Select(l => l.ToString("x16", System.Globalization.CultureInfo.InvariantCulture))));
                int payload = RlpWriter.GetStringLength(bytes) + RlpWriter.GetIntegerLength(small) + RlpWriter.GetIntegerLength(big);
                byte[] buffer = new byte[RlpWriter.GetListLength(payload)];
                var writer = new RlpWriter(buffer);
                writer.WriteListHeader(payload);
                writer.WriteString(bytes);
                writer.WriteInteger(small);
                writer.WriteInteger(big);

                var reader = new RlpReader(buffer);
                RlpReader list = reader.ReadList();
                bool equal = list.ReadString().SequenceEqual(bytes) && list.ReadUInt64() == small && list.ReadUInt256() == big;
                list.EnsureEnd("the list");
                reader.EnsureEnd("the input");
                return equal && writer.BytesWritten == buffer.Length;
            });
    }

    private static void ReadAny(string encodedHex)
    {
        var reader = new RlpReader(Convert.FromHexString(encodedHex));
        if (reader.NextIsList)
        {
            reader.ReadList();
        }
        else
        {
            reader.ReadString();
        }
    }
}
