using System.Security.Cryptography;

namespace EnergySettlement.Crypto;

/// <summary>
/// The secp256k1 operations behind the public key, signature and private key types, on our own field, scalar
/// and group arithmetic (cross-checked against BouncyCastle in the tests).
/// </summary>
/// <remarks>
/// Signing and public-key derivation handle secrets and run in constant time with respect to the private key
/// and the nonce. Verification, recovery and point parsing handle public data and may run in variable time.
/// </remarks>
internal static class Secp256k1Engine
{
    private const int HmacSize = 32;

    public static void ComputePublicKey(ReadOnlySpan<byte> key32, out U256 x, out U256 y)
    {
        Scalar d = Scalar.FromBigEndianReduced(key32);
        AffinePoint q = PointMultiplication.MultiplyGenerator(d).ToAffine();
        x = q.X.ToU256();
        y = q.Y.ToU256();
    }

    /// <summary>RFC 6979 (HMAC-SHA256) deterministic ECDSA; returns the low-S signature and its recovery id.</summary>
    public static void Sign(ReadOnlySpan<byte> key32, ReadOnlySpan<byte> hash32, out U256 r, out U256 s, out byte recoveryId)
    {
        Scalar d = Scalar.FromBigEndianReduced(key32);
        Scalar e = Scalar.FromBigEndianReduced(hash32);

        // RFC 6979 section 3.2 with qlen = hlen = 256: x = int2octets(d), h1 = bits2octets(H(m)) = e.
        Span<byte> k = stackalloc byte[HmacSize];
        Span<byte> v = stackalloc byte[HmacSize];
        Span<byte> input = stackalloc byte[HmacSize + 1 + 32 + 32];
        Span<byte> scratch = stackalloc byte[HmacSize];
        try
        {
            k.Clear();
            v.Fill(0x01);
            v.CopyTo(input);
            key32.CopyTo(input[(HmacSize + 1)..]);
            e.WriteBigEndian(input[(HmacSize + 1 + 32)..]);

            input[HmacSize] = 0x00;
            Hmac(k, input, k, scratch);
            Hmac(k, v, v, scratch);
            v.CopyTo(input);
            input[HmacSize] = 0x01;
            Hmac(k, input, k, scratch);
            Hmac(k, v, v, scratch);

            while (true)
            {
                Hmac(k, v, v, scratch);
                U256 candidate = U256.FromBigEndian(v);
                if (U256.IsValidScalar(candidate) && TrySignWithNonce(Scalar.FromU256(candidate), d, e, out r, out s, out recoveryId))
                {
                    return;
                }

                v.CopyTo(input);
                input[HmacSize] = 0x00;
                Hmac(k, input[..(HmacSize + 1)], k, scratch);
                Hmac(k, v, v, scratch);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(k);
            CryptographicOperations.ZeroMemory(v);
            CryptographicOperations.ZeroMemory(input);
            CryptographicOperations.ZeroMemory(scratch);
        }
    }

    public static bool Verify(in U256 qx, in U256 qy, ReadOnlySpan<byte> hash32, in U256 r, in U256 s)
    {
        if (!U256.IsValidScalar(r) || !U256.IsValidScalar(s))
        {
            return false;
        }

        Scalar e = Scalar.FromBigEndianReduced(hash32);
        Scalar w = Scalar.InvertVariableTime(Scalar.FromU256(s));
        Scalar u1 = Scalar.Multiply(e, w);
        Scalar u2 = Scalar.Multiply(Scalar.FromU256(r), w);
        var q = new AffinePoint(FieldElement.FromU256(qx), FieldElement.FromU256(qy));
        JacobianPoint point = PointMultiplication.MultiplyGeneratorAndPointVariableTime(u1, q, u2);
        if (point.IsInfinity)
        {
            return false;
        }

        // x(R) mod n == r  ⇔  X == r·Z², or X == (r + n)·Z² when r + n < p (x(R) in [n, p)).
        FieldElement z2 = FieldElement.Square(point.Z);
        FieldElement rField = FieldElement.FromU256(r);
        if (FieldElement.Equal(point.X, FieldElement.Multiply(rField, z2)))
        {
            return true;
        }

        ulong carry = 0;
        ulong l0 = FieldElement.AddCarry(r.L0, U256.N.L0, ref carry);
        ulong l1 = FieldElement.AddCarry(r.L1, U256.N.L1, ref carry);
        ulong l2 = FieldElement.AddCarry(r.L2, U256.N.L2, ref carry);
        ulong l3 = FieldElement.AddCarry(r.L3, U256.N.L3, ref carry);
        var rPlusN = new U256(l0, l1, l2, l3);
        return carry == 0 && U256.LessThan(rPlusN, U256.P) == 1
            && FieldElement.Equal(point.X, FieldElement.Multiply(FieldElement.FromU256(rPlusN), z2));
    }

    public static bool Recover(ReadOnlySpan<byte> hash32, in U256 r, in U256 s, int recoveryId, out U256 qx, out U256 qy)
    {
        qx = default;
        qy = default;
        if (!U256.IsValidScalar(r) || !U256.IsValidScalar(s) || recoveryId is < 0 or > 3)
        {
            return false;
        }

        U256 x = r;
        if ((recoveryId & 2) != 0)
        {
            ulong carry = 0;
            ulong l0 = FieldElement.AddCarry(r.L0, U256.N.L0, ref carry);
            ulong l1 = FieldElement.AddCarry(r.L1, U256.N.L1, ref carry);
            ulong l2 = FieldElement.AddCarry(r.L2, U256.N.L2, ref carry);
            ulong l3 = FieldElement.AddCarry(r.L3, U256.N.L3, ref carry);
            x = new U256(l0, l1, l2, l3);
            if (carry != 0)
            {
                return false;
            }
        }

        if (!TryLiftX(x, (recoveryId & 1) != 0, out U256 y))
        {
            return false;
        }

        // Q = r^-1 (s·R - e·G).
        Scalar rInverse = Scalar.InvertVariableTime(Scalar.FromU256(r));
        Scalar e = Scalar.FromBigEndianReduced(hash32);
        Scalar u1 = Scalar.Negate(Scalar.Multiply(e, rInverse));
        Scalar u2 = Scalar.Multiply(Scalar.FromU256(s), rInverse);
        var bigR = new AffinePoint(FieldElement.FromU256(x), FieldElement.FromU256(y));
        JacobianPoint q = PointMultiplication.MultiplyGeneratorAndPointVariableTime(u1, bigR, u2);
        if (q.IsInfinity)
        {
            return false;
        }

        AffinePoint affine = q.ToAffine();
        qx = affine.X.ToU256();
        qy = affine.Y.ToU256();
        return true;
    }

    public static bool IsOnCurve(in U256 x, in U256 y)
    {
        if (U256.LessThan(x, U256.P) == 0 || U256.LessThan(y, U256.P) == 0)
        {
            return false;
        }

        return new AffinePoint(FieldElement.FromU256(x), FieldElement.FromU256(y)).IsOnCurve();
    }

    public static bool TryLiftX(in U256 x, bool odd, out U256 y)
    {
        y = default;
        if (U256.LessThan(x, U256.P) == 0)
        {
            return false;
        }

        var fx = FieldElement.FromU256(x);
        FieldElement alpha = FieldElement.Add(FieldElement.Multiply(FieldElement.Square(fx), fx), AffinePoint.SevenField);
        if (!FieldElement.TrySqrt(alpha, out FieldElement beta))
        {
            return false;
        }

        if (beta.IsOdd != odd)
        {
            beta = FieldElement.Negate(beta);
        }

        y = beta.ToU256();
        return true;
    }

    /// <summary>One signing attempt with nonce k; false (try the next nonce) when r or s is 0.</summary>
    private static bool TrySignWithNonce(in Scalar k, in Scalar d, in Scalar e, out U256 r, out U256 s, out byte recoveryId)
    {
        AffinePoint point = PointMultiplication.MultiplyGenerator(k).ToAffine();
        U256 x = point.X.ToU256();

        // r = x mod n: x < p < 2n, so one constant-time conditional subtraction; x >= n sets bit 1 of the id.
        ulong xAboveN = U256.LessThan(x, U256.N) ^ 1;
        Scalar rScalar = Scalar.Reduce(x);
        Scalar sScalar = Scalar.Multiply(Scalar.Invert(k), Scalar.Add(e, Scalar.Multiply(rScalar, d)));
        if (rScalar.IsZero || sScalar.IsZero)
        {
            r = default;
            s = default;
            recoveryId = 0;
            return false;
        }

        // Low-S: replacing s by n - s corresponds to -R, whose y has the other parity.
        ulong high = sScalar.IsHigh();
        sScalar = Scalar.Select(sScalar, Scalar.Negate(sScalar), 0 - high);
        ulong yOdd = point.Y.L0 & 1;
        recoveryId = (byte)((yOdd ^ high) | (xAboveN << 1));
        r = rScalar.ToU256();
        s = sScalar.ToU256();
        return true;
    }

    private static void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination, Span<byte> scratch)
    {
        HMACSHA256.HashData(key, data, scratch);
        scratch.CopyTo(destination);
    }
}
