using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Utilities;

namespace EnergySettlement.Crypto;

/// <summary>The secp256k1 operations behind the public key, signature and private key types.</summary>
internal static class Secp256k1Engine
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");
    private static readonly ECDomainParameters Domain = new(Curve);
    private static readonly FixedPointCombMultiplier BaseMultiplier = new();

    public static void ComputePublicKey(ReadOnlySpan<byte> key32, out U256 x, out U256 y)
    {
        var d = new BigInteger(1, key32);
        ECPoint q = BaseMultiplier.Multiply(Domain.G, d).Normalize();
        x = ToU256(q.AffineXCoord.ToBigInteger());
        y = ToU256(q.AffineYCoord.ToBigInteger());
    }

    public static void Sign(ReadOnlySpan<byte> key32, ReadOnlySpan<byte> hash32, out U256 r, out U256 s, out byte recoveryId)
    {
        var n = Domain.N;
        var d = new BigInteger(1, key32);
        var e = new BigInteger(1, hash32);
        var calculator = new HMacDsaKCalculator(new Sha256Digest());
        calculator.Init(n, d, hash32.ToArray());
        while (true)
        {
            BigInteger k = calculator.NextK();
            ECPoint point = BaseMultiplier.Multiply(Domain.G, k).Normalize();
            BigInteger x = point.AffineXCoord.ToBigInteger();
            BigInteger rr = x.Mod(n);
            if (rr.SignValue == 0)
            {
                continue;
            }

            BigInteger ss = k.ModInverse(n).Multiply(e.Add(d.Multiply(rr))).Mod(n);
            if (ss.SignValue == 0)
            {
                continue;
            }

            int id = (point.AffineYCoord.TestBitZero() ? 1 : 0) | (x.CompareTo(n) >= 0 ? 2 : 0);
            if (ss.CompareTo(n.ShiftRight(1)) > 0)
            {
                ss = n.Subtract(ss);
                id ^= 1;
            }

            r = ToU256(rr);
            s = ToU256(ss);
            recoveryId = (byte)id;
            return;
        }
    }

    public static bool Verify(in U256 qx, in U256 qy, ReadOnlySpan<byte> hash32, in U256 r, in U256 s)
    {
        if (!U256.IsValidScalar(r) || !U256.IsValidScalar(s))
        {
            return false;
        }

        ECPoint q = Curve.Curve.CreatePoint(ToBig(qx), ToBig(qy));
        var signer = new ECDsaSigner();
        signer.Init(false, new ECPublicKeyParameters(q, Domain));
        return signer.VerifySignature(hash32.ToArray(), ToBig(r), ToBig(s));
    }

    public static bool Recover(ReadOnlySpan<byte> hash32, in U256 r, in U256 s, int recoveryId, out U256 qx, out U256 qy)
    {
        qx = default;
        qy = default;
        if (!U256.IsValidScalar(r) || !U256.IsValidScalar(s) || recoveryId is < 0 or > 3)
        {
            return false;
        }

        var n = Domain.N;
        BigInteger x = ToBig(r);
        if ((recoveryId & 2) != 0)
        {
            x = x.Add(n);
            if (x.CompareTo(Curve.Curve.Field.Characteristic) >= 0)
            {
                return false;
            }
        }

        if (!TryLiftX(ToU256(x), (recoveryId & 1) != 0, out U256 ry))
        {
            return false;
        }

        ECPoint bigR = Curve.Curve.CreatePoint(x, ToBig(ry));
        BigInteger e = new(1, hash32);
        BigInteger rInverse = ToBig(r).ModInverse(n);
        BigInteger u1 = n.Subtract(e.Mod(n)).Multiply(rInverse).Mod(n);
        BigInteger u2 = ToBig(s).Multiply(rInverse).Mod(n);
        ECPoint q = ECAlgorithms.SumOfTwoMultiplies(Domain.G, u1, bigR, u2).Normalize();
        if (q.IsInfinity)
        {
            return false;
        }

        qx = ToU256(q.AffineXCoord.ToBigInteger());
        qy = ToU256(q.AffineYCoord.ToBigInteger());
        return true;
    }

    public static bool IsOnCurve(in U256 x, in U256 y)
    {
        if (U256.LessThan(x, U256.P) == 0 || U256.LessThan(y, U256.P) == 0)
        {
            return false;
        }

        BigInteger p = Curve.Curve.Field.Characteristic;
        BigInteger bx = ToBig(x);
        BigInteger by = ToBig(y);
        return by.Multiply(by).Mod(p).Equals(bx.Multiply(bx).Multiply(bx).Add(BigInteger.ValueOf(7)).Mod(p));
    }

    public static bool TryLiftX(in U256 x, bool odd, out U256 y)
    {
        y = default;
        if (U256.LessThan(x, U256.P) == 0)
        {
            return false;
        }

        BigInteger p = Curve.Curve.Field.Characteristic;
        BigInteger bx = ToBig(x);
        BigInteger alpha = bx.Multiply(bx).Multiply(bx).Add(BigInteger.ValueOf(7)).Mod(p);
        BigInteger beta = alpha.ModPow(p.Add(BigInteger.One).ShiftRight(2), p);
        if (!beta.Multiply(beta).Mod(p).Equals(alpha))
        {
            return false;
        }

        if (beta.TestBit(0) != odd)
        {
            beta = p.Subtract(beta);
        }

        y = ToU256(beta);
        return true;
    }

    private static BigInteger ToBig(in U256 value)
    {
        Span<byte> bytes = stackalloc byte[32];
        value.WriteBigEndian(bytes);
        return new BigInteger(1, bytes);
    }

    private static U256 ToU256(BigInteger value)
    {
        return U256.FromBigEndian(BigIntegers.AsUnsignedByteArray(32, value));
    }
}
