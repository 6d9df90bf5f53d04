using EnergySettlement.Chains;
using EnergySettlement.Meters;

namespace EnergySettlement.Tests.Meters;

public sealed class EcdsaP256MeterSignatureVerifierTests : IDisposable
{
    private static readonly byte[] Message = MeterReadingEncoding.Encode(MeterReadingEncodingTests.Example);
    private readonly MeterKey _key = new();
    private readonly EcdsaP256MeterSignatureVerifier _verifier = new();

    public void Dispose()
    {
        _key.Dispose();
        _verifier.Dispose();
    }

    [Fact]
    public void Algorithm_IsP256() => Assert.Equal(SignatureAlgorithm.P256, _verifier.Algorithm);

    [Fact]
    public void Verify_GoodSignature_ReturnsTrue() =>
        Assert.True(_verifier.Verify(_key.PublicKey, Message, Sign(Message)));

    [Fact]
    public void Verify_OneBitFlippedInMessage_ReturnsFalse()
    {
        var signature = Sign(Message);
        var tampered = (byte[])Message.Clone();
        tampered[^1] ^= 0x01;
        Assert.False(_verifier.Verify(_key.PublicKey, tampered, signature));
    }

    [Fact]
    public void Verify_OneBitFlippedInSignature_ReturnsFalse()
    {
        var signature = Sign(Message);
        signature[10] ^= 0x80;
        Assert.False(_verifier.Verify(_key.PublicKey, Message, signature));
    }

    [Fact]
    public void Verify_CompressedPublicKey_ReturnsFalse()
    {
        byte[] compressed = [(byte)(0x02 | (_key.PublicKey[64] & 1)), .. _key.PublicKey.AsSpan(1, 32)];
        Assert.False(_verifier.Verify(compressed, Message, Sign(Message)));
    }

    [Fact]
    public void Verify_KeyWithoutUncompressedPrefix_ReturnsFalse()
    {
        var key = (byte[])_key.PublicKey.Clone();
        key[0] = 0x05;
        Assert.False(_verifier.Verify(key, Message, Sign(Message)));
    }

    [Fact]
    public void Verify_EmptyInputs_ReturnFalse() =>
        Assert.False(_verifier.Verify(ReadOnlySpan<byte>.Empty, Message, ReadOnlySpan<byte>.Empty));

    [Fact]
    public void Verify_AfterDispose_StillVerifies()
    {
        var signature = Sign(Message);
        Assert.True(_verifier.Verify(_key.PublicKey, Message, signature));
        _verifier.Dispose();
        Assert.True(_verifier.Verify(_key.PublicKey, Message, signature));
    }

    [Fact]
    public void Verify_ManyThreadsSameKey_AllVerify()
    {
        var signature = Sign(Message);
        var results = new bool[64];
        Parallel.For(0, results.Length, i => results[i] = _verifier.Verify(_key.PublicKey, Message, signature));
        Assert.All(results, Assert.True);
    }

    private byte[] Sign(byte[] message) => _key.SignMessage(message);
}
