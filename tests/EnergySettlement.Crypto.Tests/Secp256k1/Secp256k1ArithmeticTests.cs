using System.Numerics;
using CsCheck;
using EnergySettlement.Crypto.Tests.Support;

namespace EnergySettlement.Crypto.Tests;

/// <summary>The internal field, scalar and group arithmetic against plain BigInteger math and BouncyCastle.</summary>
public sealed class Secp256k1ArithmeticTests
{
    private static readonly BigInteger P = BigInteger.Pow(2, 256) - BigInteger.Pow(2, 32) - 977;
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    private static readonly Gen<BigInteger> FieldValue = Gen.OneOf(
        Gen.Byte.Array[32].Select(b => new BigInteger(b, isUnsigned: true, isBigEndian: true) % P),
        Gen.ULong[0, 1000].Select(v => P - 1 - v),
        Gen.ULong[0, 1000].Select(v => (BigInteger)v));

    private static readonly Gen<BigInteger> ScalarValue = Gen.OneOf(
        Gen.Byte.Array[32].Select(b => new BigInteger(b, isUnsigned: true, isBigEndian: true) % N),
        Gen.ULong[0, 1000].Select(v => N - 1 - v),
        Gen.ULong[0, 1000].Select(v => (BigInteger)v));

    [Fact]
    public void FieldOperations_RandomValues_AgreeWithBigInteger()
    {
        Gen.Select(FieldValue, FieldValue).Sample(
            t =>
            {
                (BigInteger a, BigInteger b) = t;
                FieldElement fa = ToField(a), fb = ToField(b);
                Assert.Equal((a + b) % P, FromField(FieldElement.Add(fa, fb)));
                Assert.Equal(((a - b) % P + P) % P, FromField(FieldElement.Subtract(fa, fb)));
                Assert.Equal(a * b % P, FromField(FieldElement.Multiply(fa, fb)));
                Assert.Equal(a * a % P, FromField(FieldElement.Square(fa)));
                Assert.Equal(a * 21 % P, FromField(FieldElement.MultiplySmall(fa, 21)));
                Assert.Equal(a.IsZero ? 0 : BigInteger.ModPow(a, P - 2, P), FromField(FieldElement.Invert(fa)));
                Assert.Equal(a.IsZero ? 0 : BigInteger.ModPow(a, P - 2, P), FromField(FieldElement.InvertVariableTime(fa)));
                bool isSquare = FieldElement.TrySqrt(fa, out FieldElement root);
                Assert.Equal(isSquare, BigInteger.ModPow(a, (P - 1) / 2, P) != P - 1);
                if (isSquare)
                {
                    BigInteger r = FromField(root);
                    Assert.Equal(a, r * r % P);
                }
            },
            iter: 3000);
    }

    [Fact]
    public void ScalarOperations_RandomValues_AgreeWithBigInteger()
    {
        Gen.Select(ScalarValue, ScalarValue).Sample(
            t =>
            {
                (BigInteger a, BigInteger b) = t;
                Scalar sa = ToScalar(a), sb = ToScalar(b);
                Assert.Equal((a + b) % N, FromScalar(Scalar.Add(sa, sb)));
                Assert.Equal((N - a) % N, FromScalar(Scalar.Negate(sa)));
                Assert.Equal(a * b % N, FromScalar(Scalar.Multiply(sa, sb)));
                Assert.Equal(a.IsZero ? 0 : BigInteger.ModPow(a, N - 2, N), FromScalar(Scalar.Invert(sa)));
                Assert.Equal(a.IsZero ? 0 : BigInteger.ModPow(a, N - 2, N), FromScalar(Scalar.InvertVariableTime(sa)));
                Assert.Equal(a > N / 2 ? 1UL : 0UL, sa.IsHigh());
            },
            iter: 2000);
    }

    [Fact]
    public void ScalarFromBytes_ValuesAtOrAboveN_AreReduced()
    {
        Gen.ULong[0, 1_000_000].Sample(
            v =>
            {
                BigInteger value = N + v;
                byte[] bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
                Assert.Equal(v, FromScalar(Scalar.FromBigEndianReduced(bytes)));
            },
            iter: 200);
    }

    [Fact]
    public void Endomorphism_Constants_AreCubeRootsThatMatchOnTheGenerator()
    {
        BigInteger beta = FromField(Endomorphism.Beta);
        BigInteger lambda = FromScalar(Endomorphism.Lambda);
        Assert.Equal(BigInteger.One, BigInteger.ModPow(beta, 3, P));
        Assert.Equal(BigInteger.One, BigInteger.ModPow(lambda, 3, N));
        Assert.NotEqual(BigInteger.One, beta);

        AffinePoint phiG = Endomorphism.Apply(AffinePoint.Generator);
        byte[] lambdaBytes = lambda.ToByteArray(isUnsigned: true, isBigEndian: true);
        byte[] expected = BouncyCastleReference.PublicKeyUncompressed([.. new byte[32 - lambdaBytes.Length], .. lambdaBytes]);
        Assert.Equal(expected[1..33], ToBytes(phiG.X));
        Assert.Equal(expected[33..], ToBytes(phiG.Y));
    }

    [Fact]
    public void Endomorphism_LatticeConstants_MatchTheExtendedEuclideanDerivation()
    {
        BigInteger lambda = FromScalar(Endomorphism.Lambda);

        // Guide to ECC, algorithm 3.74.
        var r = new List<BigInteger> { N, lambda };
        var t = new List<BigInteger> { 0, 1 };
        while (!r[^1].IsZero)
        {
            BigInteger q = r[^2] / r[^1];
            r.Add(r[^2] - (q * r[^1]));
            t.Add(t[^2] - (q * t[^1]));
        }

        BigInteger sqrtN = BigInteger.One << 128;
        int l = Enumerable.Range(0, r.Count).Last(i => r[i] >= sqrtN);
        BigInteger b1 = -t[l + 1];
        (BigInteger a2, BigInteger b2) = new[] { (r[l], -t[l]), (r[l + 2], -t[l + 2]) }
            .MinBy(v => (v.Item1 * v.Item1) + (v.Item2 * v.Item2));
        Assert.Equal(BigInteger.Zero, (a2 + (b2 * lambda)) % N);

        Assert.Equal(-b1, FromScalar(Endomorphism.MinusB1));
        Assert.Equal(N - b2, FromScalar(Endomorphism.MinusB2));
        Assert.Equal(((BigInteger.One << 384) * b2 + (N / 2)) / N, FromU256(Endomorphism.G1));
        Assert.Equal(((BigInteger.One << 384) * -b1 + (N / 2)) / N, FromU256(Endomorphism.G2));
    }

    [Fact]
    public void EndomorphismSplit_RandomScalars_RecombinesWithHalfLengthParts()
    {
        BigInteger lambda = FromScalar(Endomorphism.Lambda);
        ScalarValue.Sample(
            k =>
            {
                Endomorphism.Split(ToScalar(k), out Scalar k1, out bool neg1, out Scalar k2, out bool neg2);
                BigInteger v1 = FromScalar(k1), v2 = FromScalar(k2);
                Assert.True(v1 < BigInteger.One << 129);
                Assert.True(v2 < BigInteger.One << 129);
                BigInteger recombined = ((neg1 ? -v1 : v1) + ((neg2 ? -v2 : v2) * lambda)) % N;
                Assert.Equal(k, (recombined + N) % N);
            },
            iter: 2000);
    }

    [Fact]
    public void PointAddition_SpecialCases_AreHandledByTheCompleteFormulas()
    {
        var g = ProjectivePoint.FromAffine(AffinePoint.Generator);
        ProjectivePoint twiceByAdd = ProjectivePoint.Add(g, g);
        ProjectivePoint twiceByDouble = ProjectivePoint.Double(g);
        ProjectivePoint twiceByMixed = ProjectivePoint.AddAffine(g, AffinePoint.Generator);
        Assert.Equal(ToBytes(twiceByDouble.ToAffine().X), ToBytes(twiceByAdd.ToAffine().X));
        Assert.Equal(ToBytes(twiceByDouble.ToAffine().X), ToBytes(twiceByMixed.ToAffine().X));

        Assert.True(ProjectivePoint.Add(g, g.Negate()).IsInfinity);
        Assert.True(ProjectivePoint.AddAffine(g, AffinePoint.Generator.Negate()).IsInfinity);
        Assert.True(ProjectivePoint.Double(ProjectivePoint.Infinity).IsInfinity);
        Assert.Equal(ToBytes(AffinePoint.Generator.X), ToBytes(ProjectivePoint.Add(ProjectivePoint.Infinity, g).ToAffine().X));
        Assert.Equal(ToBytes(AffinePoint.Generator.Y), ToBytes(ProjectivePoint.AddAffine(ProjectivePoint.Infinity, AffinePoint.Generator).ToAffine().Y));

        byte[] two = new byte[32];
        two[31] = 2;
        Assert.Equal(BouncyCastleReference.PublicKeyUncompressed(two)[1..33], ToBytes(twiceByAdd.ToAffine().X));
    }

    [Fact]
    public void JacobianAddition_SpecialCases_MatchTheCompleteFormulas()
    {
        var g = JacobianPoint.FromAffine(AffinePoint.Generator);
        AffinePoint twice = ProjectivePoint.Double(ProjectivePoint.FromAffine(AffinePoint.Generator)).ToAffine();
        Assert.Equal(ToBytes(twice.X), ToBytes(JacobianPoint.Double(g).ToAffine().X));
        Assert.Equal(ToBytes(twice.Y), ToBytes(JacobianPoint.Add(g, g).ToAffine().Y));
        Assert.Equal(ToBytes(twice.Y), ToBytes(JacobianPoint.AddAffine(g, AffinePoint.Generator).ToAffine().Y));
        Assert.True(JacobianPoint.Add(g, g.Negate()).IsInfinity);
        Assert.True(JacobianPoint.AddAffine(g, AffinePoint.Generator.Negate()).IsInfinity);
        Assert.True(JacobianPoint.Double(JacobianPoint.Infinity).IsInfinity);
        Assert.Equal(ToBytes(AffinePoint.Generator.X), ToBytes(JacobianPoint.Add(JacobianPoint.Infinity, g).ToAffine().X));
        Assert.Equal(ToBytes(AffinePoint.Generator.X), ToBytes(JacobianPoint.Add(g, JacobianPoint.Infinity).ToAffine().X));
        Assert.Equal(ToBytes(AffinePoint.Generator.Y), ToBytes(JacobianPoint.AddAffine(JacobianPoint.Infinity, AffinePoint.Generator).ToAffine().Y));
    }

    [Fact]
    public void MultiplyGeneratorAndPoint_RandomScalars_MatchesBouncyCastle()
    {
        Gen.Select(ScalarValue, ScalarValue, Gen.Byte.Array[32].Select(BouncyCastleReference.ToValidKey)).Sample(
            t =>
            {
                (BigInteger a, BigInteger b, byte[] pointKey) = t;
                byte[] q = BouncyCastleReference.PublicKeyUncompressed(pointKey);
                var p = new AffinePoint(FromBytes(q.AsSpan(1, 32)), FromBytes(q.AsSpan(33, 32)));

                JacobianPoint result = PointMultiplication.MultiplyGeneratorAndPointVariableTime(ToScalar(a), p, ToScalar(b));

                var domain = BouncyCastleReference.Domain;
                var bcQ = BouncyCastleReference.Curve.Curve.DecodePoint(q);
                var expected = domain.G.Multiply(new Org.BouncyCastle.Math.BigInteger(a.ToString())).Add(bcQ.Multiply(new Org.BouncyCastle.Math.BigInteger(b.ToString()))).Normalize();
                Assert.Equal(expected.IsInfinity, result.IsInfinity);
                if (!expected.IsInfinity)
                {
                    Assert.Equal(expected.GetEncoded(false)[1..33], ToBytes(result.ToAffine().X));
                    Assert.Equal(expected.GetEncoded(false)[33..], ToBytes(result.ToAffine().Y));
                }

                ProjectivePoint generatorOnly = PointMultiplication.MultiplyGenerator(ToScalar(a));
                var expectedG = domain.G.Multiply(new Org.BouncyCastle.Math.BigInteger(a.ToString())).Normalize();
                Assert.Equal(expectedG.IsInfinity, generatorOnly.IsInfinity);
                if (!expectedG.IsInfinity)
                {
                    Assert.Equal(expectedG.GetEncoded(false)[1..33], ToBytes(generatorOnly.ToAffine().X));
                }
            },
            iter: 300);
    }

    private static FieldElement ToField(BigInteger v) => FromBytes(v.ToByteArray(isUnsigned: true, isBigEndian: true));

    private static FieldElement FromBytes(ReadOnlySpan<byte> bytes)
    {
        Span<byte> padded = stackalloc byte[32];
        padded.Clear();
        bytes.CopyTo(padded[(32 - bytes.Length)..]);
        return FieldElement.FromU256(U256.FromBigEndian(padded));
    }

    private static BigInteger FromField(FieldElement f) => FromU256(f.ToU256());

    private static byte[] ToBytes(FieldElement f)
    {
        byte[] bytes = new byte[32];
        f.ToU256().WriteBigEndian(bytes);
        return bytes;
    }

    private static Scalar ToScalar(BigInteger v)
    {
        byte[] raw = v.ToByteArray(isUnsigned: true, isBigEndian: true);
        byte[] padded = new byte[32];
        raw.CopyTo(padded, 32 - raw.Length);
        return Scalar.FromU256(U256.FromBigEndian(padded));
    }

    private static BigInteger FromScalar(Scalar s) => FromU256(s.ToU256());

    private static BigInteger FromU256(U256 v)
    {
        byte[] bytes = new byte[32];
        v.WriteBigEndian(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }
}
