using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Utilities;

namespace EnergySettlement.Crypto.Tests.Support;

/// <summary>The independent implementation the tests compare against: plain BouncyCastle.</summary>
internal static class BouncyCastleReference
{
    public static readonly X9ECParameters Curve = ECNamedCurveTable.GetByName("secp256k1");
    public static readonly ECDomainParameters Domain = new(Curve);

    public static BigInteger N => Domain.N;

    public static BigInteger P => Curve.Curve.Field.Characteristic;

    /// <summary>RFC 6979 signature by BouncyCastle's own signer, normalised to low-S; returns r ‖ s.</summary>
    public static byte[] SignCompactLowS(byte[] key32, byte[] hash32)
    {
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(new BigInteger(1, key32), Domain));
        BigInteger[] rs = signer.GenerateSignature(hash32);
        BigInteger s = rs[1];
        if (s.CompareTo(N.ShiftRight(1)) > 0)
        {
            s = N.Subtract(s);
        }

        return [.. BigIntegers.AsUnsignedByteArray(32, rs[0]), .. BigIntegers.AsUnsignedByteArray(32, s)];
    }

    public static bool Verify(byte[] uncompressedKey, byte[] hash32, byte[] rs64)
    {
        ECPoint q = Curve.Curve.DecodePoint(uncompressedKey);
        var signer = new ECDsaSigner();
        signer.Init(false, new ECPublicKeyParameters(q, Domain));
        return signer.VerifySignature(hash32, new BigInteger(1, rs64, 0, 32), new BigInteger(1, rs64, 32, 32));
    }

    public static byte[] PublicKeyUncompressed(byte[] key32) =>
        Domain.G.Multiply(new BigInteger(1, key32)).Normalize().GetEncoded(false);

    public static byte[] PublicKeyCompressed(byte[] key32) =>
        Domain.G.Multiply(new BigInteger(1, key32)).Normalize().GetEncoded(true);

    public static byte[] Keccak256(byte[] data)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data, 0, data.Length);
        byte[] output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }

    public static byte[] Ripemd160(byte[] data)
    {
        var digest = new RipeMD160Digest();
        digest.BlockUpdate(data, 0, data.Length);
        byte[] output = new byte[20];
        digest.DoFinal(output, 0);
        return output;
    }

    /// <summary>A valid private key derived from arbitrary 32 bytes (reduced into [1, n - 1]).</summary>
    public static byte[] ToValidKey(byte[] seed32)
    {
        BigInteger d = new BigInteger(1, seed32).Mod(N.Subtract(BigInteger.One)).Add(BigInteger.One);
        return BigIntegers.AsUnsignedByteArray(32, d);
    }
}
