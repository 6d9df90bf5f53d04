using System.Globalization;
using System.Numerics;
using CsCheck;
using EnergySettlement.Ethereum.Numerics;

namespace EnergySettlement.Ethereum.Tests.Numerics;

public sealed class UInt256Tests
{
    private static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    private static readonly Gen<UInt256> GenValue = Gen.OneOf(
        Gen.ULong.Select(v => (UInt256)v),
        Gen.ULong.Array[4].Select(FromLimbs),
        Gen.Int[0, 256].Select(bits => bits == 256 ? UInt256.MaxValue : (UInt256)((BigInteger.One << bits) - 1)));

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("18446744073709551615")]
    [InlineData("18446744073709551616")]
    [InlineData("1000000000000000000")]
    [InlineData("115792089237316195423570985008687907853269984665640564039457584007913129639935")]
    public void Parse_Decimal_RoundTripsThroughToString(string text)
    {
        UInt256 value = UInt256.Parse(text);

        Assert.Equal(text, value.ToString());
        Assert.Equal(BigInteger.Parse(text, CultureInfo.InvariantCulture), value.ToBigInteger());
    }

    [Theory]
    [InlineData("0x0", "0x0")]
    [InlineData("0x00ff", "0xff")]
    [InlineData("0x4a817c800", "0x4a817c800")]
    [InlineData("0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void Parse_Hex_FormatsAsQuantity(string text, string expected)
    {
        Assert.Equal(expected, UInt256.Parse(text).ToHexString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1.5")]
    [InlineData("0xg")]
    [InlineData("0X1")]
    public void Parse_Malformed_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => UInt256.Parse(text));
        Assert.False(UInt256.TryParse(text, out _));
    }

    [Theory]
    [InlineData("115792089237316195423570985008687907853269984665640564039457584007913129639936")]
    [InlineData("0x10000000000000000000000000000000000000000000000000000000000000000")]
    public void Parse_TooLarge_ThrowsOverflowException(string text)
    {
        Assert.Throws<OverflowException>(() => UInt256.Parse(text));
        Assert.False(UInt256.TryParse(text, out _));
    }

    [Fact]
    public void Arithmetic_RandomValues_MatchesBigInteger()
    {
        Gen.Select(GenValue, GenValue).Sample((a, b) =>
        {
            BigInteger x = a.ToBigInteger();
            BigInteger y = b.ToBigInteger();
            Check(x + y, () => a + b);
            Check(x - y, () => a - b);
            Check(x * y, () => a * b);
            if (!b.IsZero)
            {
                Assert.Equal(x / y, (a / b).ToBigInteger());
                Assert.Equal(x % y, (a % b).ToBigInteger());
            }

            Assert.Equal(x.CompareTo(y), a.CompareTo(b));
            Assert.Equal(x == y, a == b);
        });

        static void Check(BigInteger expected, Func<UInt256> actual)
        {
            if (expected.Sign < 0 || expected >= TwoTo256)
            {
                Assert.Throws<OverflowException>(() => actual());
            }
            else
            {
                Assert.Equal(expected, actual().ToBigInteger());
            }
        }
    }

    [Fact]
    public void ToString_RandomValues_MatchesBigIntegerInDecimalAndHex()
    {
        GenValue.Sample(v =>
        {
            BigInteger big = v.ToBigInteger();
            Assert.Equal(big.ToString(CultureInfo.InvariantCulture), v.ToString());
            Assert.Equal(v, UInt256.Parse(v.ToString()));
            Assert.Equal(v, UInt256.Parse(v.ToHexString()));
            Assert.Equal(v, (UInt256)big);
        });
    }

    [Fact]
    public void WriteBigEndian_RandomValues_HasNoLeadingZeroAndRoundTrips()
    {
        GenValue.Sample(v =>
        {
            Span<byte> buffer = stackalloc byte[32];
            int written = v.WriteBigEndian(buffer);
            Assert.Equal(v.GetByteCount(), written);
            Assert.True(written == 0 || buffer[0] != 0);
            Assert.Equal(v, UInt256.ReadBigEndian(buffer[..written]));
            Span<byte> word = stackalloc byte[32];
            v.WriteBigEndian32(word);
            Assert.Equal(v, UInt256.ReadBigEndian(word));
        });
    }

    [Fact]
    public void WriteBigEndian_Zero_WritesNothing()
    {
        Assert.Equal(0, UInt256.Zero.GetByteCount());
        Assert.Equal(0, UInt256.Zero.WriteBigEndian(Span<byte>.Empty));
    }

    [Fact]
    public void Conversions_UInt128AndUInt64_AreCheckedAndLossless()
    {
        UInt128 big = UInt128.MaxValue;
        UInt256 value = big;

        Assert.Equal(big, (UInt128)value);
        Assert.Throws<OverflowException>(() => (ulong)value);
        Assert.Throws<OverflowException>(() => (UInt128)(value + UInt256.One));
        Assert.Equal(42UL, (ulong)(UInt256)42UL);
        Assert.Throws<OverflowException>(() => (UInt256)BigInteger.MinusOne);
        Assert.Throws<OverflowException>(() => (UInt256)TwoTo256);
    }

    [Fact]
    public void Divide_ByZero_ThrowsDivideByZeroException()
    {
        Assert.Throws<DivideByZeroException>(() => UInt256.One / UInt256.Zero);
    }

    [Fact]
    public void ReadBigEndian_MoreThan32Bytes_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => UInt256.ReadBigEndian(new byte[33]));
    }

    private static UInt256 FromLimbs(ulong[] limbs)
        => UInt256.Parse("0x" + string.Concat(limbs.Select(l => l.ToString("x16", CultureInfo.InvariantCulture))));
}
