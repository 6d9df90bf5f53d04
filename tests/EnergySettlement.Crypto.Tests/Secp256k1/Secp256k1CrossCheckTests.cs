using CsCheck;
using EnergySettlement.Crypto.Tests.Support;

namespace EnergySettlement.Crypto.Tests;

/// <summary>Our secp256k1 against plain BouncyCastle on random keys and messages.</summary>
public sealed class Secp256k1CrossCheckTests
{
    private static readonly Gen<(byte[] Key, byte[] Hash)> KeyAndHash =
        Gen.Select(Gen.Byte.Array[32].Select(BouncyCastleReference.ToValidKey), Gen.Byte.Array[32]);

    [Fact]
    public void Sign_RandomKeysAndHashes_EqualsBouncyCastleRfc6979LowS()
    {
        KeyAndHash.Sample(
            t =>
            {
                using var key = Secp256k1PrivateKey.FromBytes(t.Key);
                RecoverableSignature signature = key.Sign(t.Hash);
                byte[] compact = new byte[64];
                signature.Signature.WriteCompact(compact);
                Assert.Equal(BouncyCastleReference.SignCompactLowS(t.Key, t.Hash), compact);
            },
            iter: 1000);
    }

    [Fact]
    public void PublicKey_RandomKeys_EqualsBouncyCastle()
    {
        Gen.Byte.Array[32].Select(BouncyCastleReference.ToValidKey).Sample(
            k =>
            {
                using var key = Secp256k1PrivateKey.FromBytes(k);
                byte[] uncompressed = new byte[65];
                byte[] compressed = new byte[33];
                key.PublicKey.WriteUncompressed(uncompressed);
                key.PublicKey.WriteCompressed(compressed);
                Assert.Equal(BouncyCastleReference.PublicKeyUncompressed(k), uncompressed);
                Assert.Equal(BouncyCastleReference.PublicKeyCompressed(k), compressed);
                Assert.Equal(key.PublicKey, Secp256k1PublicKey.Parse(compressed));
                Assert.Equal(key.PublicKey, Secp256k1PublicKey.Parse(uncompressed));
            },
            iter: 1000);
    }

    [Fact]
    public void VerifyAndRecover_RandomSignatures_AgreeWithBouncyCastleAndFindTheSigner()
    {
        KeyAndHash.Sample(
            t =>
            {
                byte[] rs = BouncyCastleReference.SignCompactLowS(t.Key, t.Hash);
                byte[] q = BouncyCastleReference.PublicKeyUncompressed(t.Key);
                Secp256k1PublicKey publicKey = Secp256k1PublicKey.Parse(q);
                EcdsaSignature signature = EcdsaSignature.FromCompact(rs);

                Assert.True(publicKey.Verify(t.Hash, signature));

                int matches = 0;
                for (byte id = 0; id < 4; id++)
                {
                    if (Secp256k1PublicKey.TryRecover(t.Hash, new RecoverableSignature(signature, id), out Secp256k1PublicKey recovered)
                        && recovered == publicKey)
                    {
                        matches++;
                    }
                }

                Assert.Equal(1, matches);
            },
            iter: 500);
    }

    [Fact]
    public void SignRecover_RandomKeys_RecoversTheSigner()
    {
        KeyAndHash.Sample(
            t =>
            {
                using var key = Secp256k1PrivateKey.FromBytes(t.Key);
                RecoverableSignature signature = key.Sign(t.Hash);
                Assert.True(Secp256k1PublicKey.TryRecover(t.Hash, signature, out Secp256k1PublicKey recovered));
                Assert.Equal(key.PublicKey, recovered);
            },
            iter: 1000);
    }

    [Fact]
    public void Verify_TamperedInputs_AgreesWithBouncyCastle()
    {
        Gen.Select(KeyAndHash, Gen.Int[0, 2], Gen.Int[0, 255], Gen.Int[0, 7]).Sample(
            t =>
            {
                ((byte[] k, byte[] hash), int what, int index, int bit) = t;
                byte[] rs = BouncyCastleReference.SignCompactLowS(k, hash);
                byte[] q = BouncyCastleReference.PublicKeyUncompressed(k);
                byte[] h = (byte[])hash.Clone();
                switch (what)
                {
                    case 0: h[index % 32] ^= (byte)(1 << bit); break;
                    case 1: rs[index % 64] ^= (byte)(1 << bit); break;
                    default: q = BouncyCastleReference.PublicKeyUncompressed(BouncyCastleReference.ToValidKey(h)); break;
                }

                bool expected = BouncyCastleReference.Verify(q, h, rs);
                bool actual = EcdsaSignature.TryFromCompact(rs, out EcdsaSignature signature)
                    && Secp256k1PublicKey.Parse(q).Verify(h, signature);

                Assert.False(expected);
                Assert.Equal(expected, actual);
            },
            iter: 1000);
    }

    [Fact]
    public void Verify_HighSTwinOfValidSignature_IsAcceptedLikeBouncyCastle()
    {
        KeyAndHash.Sample(
            t =>
            {
                using var key = Secp256k1PrivateKey.FromBytes(t.Key);
                EcdsaSignature low = key.Sign(t.Hash).Signature;
                byte[] compact = new byte[64];
                low.WriteCompact(compact);
                var n = BouncyCastleReference.N;
                byte[] highS = Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, n.Subtract(new Org.BouncyCastle.Math.BigInteger(1, compact, 32, 32)));
                highS.CopyTo(compact, 32);
                EcdsaSignature high = EcdsaSignature.FromCompact(compact);

                Assert.False(high.IsLowS);
                Assert.Equal(low, high.NormalizeS());
                Assert.True(key.PublicKey.Verify(t.Hash, high));
            },
            iter: 200);
    }
}
