using System.Numerics;
using CsCheck;

namespace EnergySettlement.Crypto.Tests;

/// <summary>The variable-time divsteps inversion modulo p and n against BigInteger.</summary>
public sealed class ModularInverseTests
{
    private static readonly BigInteger P = BigInteger.Pow(2, 256) - BigInteger.Pow(2, 32) - 977;
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    /// <summary>
    /// Uniform values, values with few set bits or long runs (2^k ± small, which take the longest and the shortest
    /// runs of divsteps), and values near the modulus.
    /// </summary>
    private static readonly Gen<BigInteger> Value = Gen.OneOf(
        Gen.Byte.Array[32].Select(b => new BigInteger(b, isUnsigned: true, isBigEndian: true)),
        Gen.Select(Gen.Int[0, 255], Gen.Int[-1000, 1000]).Select(t => BigInteger.Pow(2, t.Item1) + t.Item2),
        Gen.Select(Gen.Int[0, 255], Gen.Int[0, 255]).Select(t => BigInteger.Pow(2, t.Item1) - BigInteger.Pow(2, t.Item2)),
        Gen.ULong[1, 1000].Select(v => -(BigInteger)v));

    public static TheoryData<string> EdgeValues() => new()
    {
        "1", "2", "3", "-1", "-2", "-3",
        "0x3FFFFFFFFFFFFFFF", "0x4000000000000000", "0xFFFFFFFFFFFFFFFF", "0x10000000000000000",
        "2^62", "2^124", "2^186", "2^248", "2^248-1", "2^255", "2^255+1", "2^256-1", "2^256-2^32-978",
        "2^128", "2^128-1", "2^192+1",
    };

    [Theory]
    [MemberData(nameof(EdgeValues))]
    public void InvertVariableTime_EdgeValues_AgreesWithBigInteger(string text)
    {
        BigInteger value = ParseValue(text);
        AssertFieldInverse(value);
        AssertScalarInverse(value);
    }

    [Fact]
    public void InvertVariableTime_Zero_IsZero()
    {
        Assert.True(FieldElement.InvertVariableTime(FieldElement.Zero).IsZero);
        Assert.True(Scalar.InvertVariableTime(Scalar.Zero).IsZero);
    }

    [Fact]
    public void InvertVariableTime_RandomAndStructuredValues_AgreesWithBigInteger()
    {
        Value.Sample(
            v =>
            {
                AssertFieldInverse(v);
                AssertScalarInverse(v);
            },
            iter: 20_000);
    }

    private static void AssertFieldInverse(BigInteger value)
    {
        BigInteger a = Mod(value, P);
        if (a.IsZero)
        {
            return;
        }

        FieldElement inverse = FieldElement.InvertVariableTime(FieldElement.FromU256(ToU256(a)));
        Assert.Equal(BigInteger.ModPow(a, P - 2, P), FromU256(inverse.ToU256()));
    }

    private static void AssertScalarInverse(BigInteger value)
    {
        BigInteger a = Mod(value, N);
        if (a.IsZero)
        {
            return;
        }

        Scalar inverse = Scalar.InvertVariableTime(Scalar.FromU256(ToU256(a)));
        Assert.Equal(BigInteger.ModPow(a, N - 2, N), FromU256(inverse.ToU256()));
    }

    /// <summary>Parses a sum of terms such as "2^256-2^32-978" or "-3" (terms: 2^k, decimal, 0x-hex), left to right.</summary>
    private static BigInteger ParseValue(string text)
    {
        BigInteger total = BigInteger.Zero;
        int start = 0;
        while (start < text.Length)
        {
            int sign = text[start] == '-' ? -1 : 1;
            if (text[start] is '-' or '+')
            {
                start++;
            }

            int end = text.IndexOfAny(['+', '-'], start);
            end = end < 0 ? text.Length : end;
            string term = text[start..end];
            BigInteger value = term.StartsWith("2^", StringComparison.Ordinal)
                ? BigInteger.Pow(2, int.Parse(term[2..], System.Globalization.CultureInfo.InvariantCulture))
                : term.StartsWith("0x", StringComparison.Ordinal)
                    ? BigInteger.Parse("0" + term[2..], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)
                    : BigInteger.Parse(term, System.Globalization.CultureInfo.InvariantCulture);
            total += sign * value;
            start = end;
        }

        return total;
    }

    private static BigInteger Mod(BigInteger value, BigInteger modulus) => ((value % modulus) + modulus) % modulus;

    private static U256 ToU256(BigInteger v)
    {
        byte[] raw = v.ToByteArray(isUnsigned: true, isBigEndian: true);
        byte[] padded = new byte[32];
        raw.CopyTo(padded, 32 - raw.Length);
        return U256.FromBigEndian(padded);
    }

    private static BigInteger FromU256(U256 v)
    {
        byte[] bytes = new byte[32];
        v.WriteBigEndian(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }
}
