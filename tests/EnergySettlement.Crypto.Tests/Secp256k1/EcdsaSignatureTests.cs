using CsCheck;
using EnergySettlement.Crypto.Tests.Support;
using Org.BouncyCastle.Asn1;

namespace EnergySettlement.Crypto.Tests;

public sealed class EcdsaSignatureTests
{
    private const string ValidDer =
        "304402205dbbddda71772d95ce91cd2d14b592cfbc1dd0aabd6a394b6c2d377bbe59d31d022014ddda21494a4e221f0824f0b8b924c43fa43c0ad57dccdaa11f81a6bd4582f6";

    [Fact]
    public void FromDer_StrictEncoding_RoundTrips()
    {
        EcdsaSignature signature = EcdsaSignature.FromDer(Convert.FromHexString(ValidDer));
        Assert.Equal(ValidDer, Convert.ToHexStringLower(signature.ToDer()));
    }

    [Theory]
    [InlineData("")] // empty
    [InlineData("314402205dbbddda71772d95ce91cd2d14b592cfbc1dd0aabd6a394b6c2d377bbe59d31d022014ddda21494a4e221f0824f0b8b924c43fa43c0ad57dccdaa11f81a6bd4582f6")] // wrong tag
    [InlineData("304502205dbbddda71772d95ce91cd2d14b592cfbc1dd0aabd6a394b6c2d377bbe59d31d022014ddda21494a4e221f0824f0b8b924c43fa43c0ad57dccdaa11f81a6bd4582f6")] // wrong total length
    [InlineData("304402205dbbddda71772d95ce91cd2d14b592cfbc1dd0aabd6a394b6c2d377bbe59d31d022014ddda21494a4e221f0824f0b8b924c43fa43c0ad57dccdaa11f81a6bd4582f600")] // trailing byte
    [InlineData("30450221005dbbddda71772d95ce91cd2d14b592cfbc1dd0aabd6a394b6c2d377bbe59d31d022014ddda21494a4e221f0824f0b8b924c43fa43c0ad57dccdaa11f81a6bd4582f6")] // r padded without need
    [InlineData("30440220dd0addda71772d95ce91cd2d14b592cfbc1dd0aabd6a394b6c2d377bbe59d31d022014ddda21494a4e221f0824f0b8b924c43fa43c0ad57dccdaa11f81a6bd4582f6")] // r negative
    [InlineData("3006020100020101")] // r = 0
    [InlineData("3026022100fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141020101")] // r = n
    [InlineData("304403205dbbddda71772d95ce91cd2d14b592cfbc1dd0aabd6a394b6c2d377bbe59d31d022014ddda21494a4e221f0824f0b8b924c43fa43c0ad57dccdaa11f81a6bd4582f6")] // r not an INTEGER
    public void FromDer_NonStrictOrInvalid_ThrowsFormatException(string hex)
    {
        byte[] der = Convert.FromHexString(hex);
        Assert.Throws<FormatException>(() => EcdsaSignature.FromDer(der));
        Assert.False(EcdsaSignature.TryFromDer(der, out _));
    }

    [Fact]
    public void ToDer_RandomValues_MatchesBouncyCastleAsn1AndRoundTrips()
    {
        Gen.Select(Gen.Byte.Array[32].Select(BouncyCastleReference.ToValidKey), Gen.Byte.Array[32].Select(BouncyCastleReference.ToValidKey), Gen.Int[0, 31])
            .Sample(
                t =>
                {
                    (byte[] r, byte[] s, int zeros) = t;
                    Array.Clear(r, 0, zeros); // exercise short integers
                    if (r.All(b => b == 0))
                    {
                        r[31] = 1;
                    }

                    EcdsaSignature signature = EcdsaSignature.FromCompact([.. r, .. s]);
                    byte[] der = signature.ToDer();
                    var expected = new DerSequence(
                        new DerInteger(new Org.BouncyCastle.Math.BigInteger(1, r)),
                        new DerInteger(new Org.BouncyCastle.Math.BigInteger(1, s))).GetDerEncoded();

                    Assert.Equal(expected, der);
                    Assert.Equal(signature, EcdsaSignature.FromDer(der));
                    Span<byte> buffer = stackalloc byte[EcdsaSignature.MaxDerLength];
                    Assert.Equal(der.Length, signature.WriteDer(buffer));
                },
                iter: 1000);
    }

    [Fact]
    public void WriteDer_ShortDestination_ThrowsArgumentException()
    {
        EcdsaSignature signature = EcdsaSignature.FromDer(Convert.FromHexString(ValidDer));
        Assert.Throws<ArgumentException>(() => signature.WriteDer(new byte[10]));
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "0000000000000000000000000000000000000000000000000000000000000001")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001", "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")]
    public void FromCompact_OutOfRange_ThrowsArgumentException(string r, string s)
    {
        byte[] compact = Convert.FromHexString(r + s);
        Assert.Throws<ArgumentException>(() => EcdsaSignature.FromCompact(compact));
        Assert.False(EcdsaSignature.TryFromCompact(compact, out _));
    }

    [Fact]
    public void FromCompact_WrongLength_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => EcdsaSignature.FromCompact(new byte[63]));
    }

    [Fact]
    public void IsLowS_HalfOrderBoundary_IsInclusive()
    {
        byte[] r = new byte[32];
        r[31] = 1;
        byte[] half = Convert.FromHexString("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0");
        byte[] halfPlusOne = Convert.FromHexString("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a1");

        Assert.True(EcdsaSignature.FromCompact([.. r, .. half]).IsLowS);
        EcdsaSignature high = EcdsaSignature.FromCompact([.. r, .. halfPlusOne]);
        Assert.False(high.IsLowS);
        Assert.True(high.NormalizeS().IsLowS);
        byte[] normalized = new byte[64];
        high.NormalizeS().WriteCompact(normalized);
        Assert.Equal(half, normalized[32..]);
    }

    [Fact]
    public void RecoverableSignature_RecoveryIdAboveThree_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecoverableSignature(default, 4));
    }
}
