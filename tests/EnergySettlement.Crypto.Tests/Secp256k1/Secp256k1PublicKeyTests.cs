using CsCheck;
using EnergySettlement.Crypto.Tests.Support;

namespace EnergySettlement.Crypto.Tests;

public sealed class Secp256k1PublicKeyTests
{
    private const string GeneratorCompressed = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    private const string GeneratorUncompressed =
        "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

    [Fact]
    public void Parse_Generator_BothEncodingsGiveTheSameKey()
    {
        var fromCompressed = Secp256k1PublicKey.Parse(Convert.FromHexString(GeneratorCompressed));
        var fromUncompressed = Secp256k1PublicKey.Parse(Convert.FromHexString(GeneratorUncompressed));

        Assert.Equal(fromCompressed, fromUncompressed);
        Assert.Equal(GeneratorCompressed, fromUncompressed.ToString());
        byte[] uncompressed = new byte[65];
        fromCompressed.WriteUncompressed(uncompressed);
        Assert.Equal(GeneratorUncompressed, Convert.ToHexStringLower(uncompressed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")] // bad prefix
    [InlineData("0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")] // 04 with 33 bytes
    [InlineData("0679be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8")] // hybrid
    [InlineData("0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b9")] // off curve
    [InlineData("02fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f")] // x = p
    [InlineData("020000000000000000000000000000000000000000000000000000000000000005")] // x^3 + 7 is not a square
    public void Parse_Invalid_ThrowsFormatException(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        Assert.Throws<FormatException>(() => Secp256k1PublicKey.Parse(bytes));
        Assert.False(Secp256k1PublicKey.TryParse(bytes, out Secp256k1PublicKey key));
        Assert.Equal(default, key);
    }

    [Fact]
    public void Parse_RandomX_AgreesWithBouncyCastleOnValidity()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Bool).Sample(
            t =>
            {
                (byte[] x, bool odd) = t;
                byte[] sec1 = [(byte)(odd ? 3 : 2), .. x];
                bool expected;
                try
                {
                    expected = BouncyCastleReference.Curve.Curve.DecodePoint(sec1).IsValid();
                }
                catch (ArgumentException)
                {
                    expected = false;
                }

                Assert.Equal(expected, Secp256k1PublicKey.TryParse(sec1, out Secp256k1PublicKey key));
                if (expected)
                {
                    byte[] roundTrip = new byte[33];
                    key.WriteCompressed(roundTrip);
                    Assert.Equal(sec1, roundTrip);
                }
            },
            iter: 1000);
    }

    [Fact]
    public void DefaultValue_WriteMethods_ThrowInvalidOperationAndVerifyIsFalse()
    {
        Secp256k1PublicKey key = default;
        Assert.Throws<InvalidOperationException>(() => key.WriteCompressed(new byte[33]));
        Assert.Throws<InvalidOperationException>(() => key.WriteUncompressed(new byte[65]));
        Assert.False(key.Verify(new byte[32], default));
    }

    [Fact]
    public void Verify_WrongHashLength_ReturnsFalse()
    {
        using var priv = Secp256k1PrivateKey.FromBytes(BouncyCastleReference.ToValidKey(new byte[32]));
        byte[] hash = new byte[32];
        EcdsaSignature signature = priv.Sign(hash).Signature;
        Assert.True(priv.PublicKey.Verify(hash, signature));
        Assert.False(priv.PublicKey.Verify(new byte[31], signature));
        Assert.False(Secp256k1PublicKey.TryRecover(new byte[33], priv.Sign(hash), out _));
    }

    [Fact]
    public void TryRecover_XAboveOrderWithRecoveryIdTwo_ReturnsFalseWhenNoPoint()
    {
        // r + n >= p for any r >= p - n, so recovery ids 2 and 3 have no candidate point.
        byte[] rs = Convert.FromHexString(
            "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140" + "0000000000000000000000000000000000000000000000000000000000000001");
        var signature = EcdsaSignature.FromCompact(rs);
        Assert.False(Secp256k1PublicKey.TryRecover(new byte[32], new RecoverableSignature(signature, 2), out _));
        Assert.False(Secp256k1PublicKey.TryRecover(new byte[32], new RecoverableSignature(signature, 3), out _));
    }

    [Fact]
    public void RecoverAndVerify_NoncePointWithXAboveOrder_UseRecoveryIdBitOneAndTheRPlusNBranch()
    {
        // Find a curve point R whose x lies in [n, p): then r = x - n, and recovery ids 2/3 select x = r + n.
        var n = BouncyCastleReference.N;
        Org.BouncyCastle.Math.EC.ECPoint? bigR = null;
        for (int t = 1; bigR is null; t++)
        {
            byte[] sec1 = [0x02, .. Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, n.Add(Org.BouncyCastle.Math.BigInteger.ValueOf(t)))];
            try
            {
                bigR = BouncyCastleReference.Curve.Curve.DecodePoint(sec1);
            }
            catch (ArgumentException)
            {
                // x^3 + 7 is not a square for this x: try the next one.
            }
        }

        byte[] r = Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, bigR.AffineXCoord.ToBigInteger().Subtract(n));
        byte[] s = Convert.FromHexString("2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5");
        byte[] hash = Keccak256.Hash("x above n"u8);
        var signature = EcdsaSignature.FromCompact([.. r, .. s]);
        byte id = (byte)(2 | (bigR.AffineYCoord.TestBitZero() ? 1 : 0));

        Assert.True(Secp256k1PublicKey.TryRecover(hash, new RecoverableSignature(signature, id), out Secp256k1PublicKey key));

        byte[] q = new byte[65];
        key.WriteUncompressed(q);
        Assert.True(BouncyCastleReference.Verify(q, hash, [.. r, .. s]));
        Assert.True(key.Verify(hash, signature));
        Assert.False(Secp256k1PublicKey.TryRecover(hash, new RecoverableSignature(signature, (byte)(id & 1)), out Secp256k1PublicKey other) && other == key);
    }

    [Fact]
    public void Sign_ConcurrentCallsOnOneKey_AllGiveTheSameSignature()
    {
        using var key = Secp256k1PrivateKey.FromBytes(BouncyCastleReference.ToValidKey(Keccak256.Hash("concurrency"u8)));
        byte[] hash = Keccak256.Hash("message"u8);
        RecoverableSignature expected = key.Sign(hash);

        RecoverableSignature[] results = new RecoverableSignature[64];
        Parallel.For(0, results.Length, i => results[i] = key.Sign(hash));

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
