using EnergySettlement.Crypto.Tests.Support;

namespace EnergySettlement.Crypto.Tests;

public sealed class Secp256k1PrivateKeyTests
{
    private static readonly byte[] SampleKey = Convert.FromHexString("e91671c46231f833a6406ccbea0e3e392c76c167bac1cb013f6f1013980455c2");

    [Fact]
    public void ToString_Always_IsRedacted()
    {
        using var key = Secp256k1PrivateKey.FromBytes(SampleKey);
        string text = key.ToString();
        Assert.Contains("redacted", text, StringComparison.Ordinal);
        Assert.DoesNotContain("e91671c4", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("6ccbea0e", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(SampleKey)[..8], text, StringComparison.Ordinal);
        Assert.Equal(text, $"{key}");
    }

    [Fact]
    public void Dispose_WipesTheKeyBufferAndLaterUseThrows()
    {
        var key = Secp256k1PrivateKey.FromBytes(SampleKey);
        Assert.False(key.IsWiped());

        key.Dispose();

        Assert.True(key.IsWiped());
        Assert.Throws<ObjectDisposedException>(() => key.Sign(new byte[32]));
        Assert.Throws<ObjectDisposedException>(() => key.PublicKey);
        Assert.Throws<ObjectDisposedException>(() => key.WriteBytes(new byte[32]));
        Assert.Contains("redacted", key.ToString(), StringComparison.Ordinal);
        key.Dispose();
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")]
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd03641ab")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void FromBytes_OutOfRange_ThrowsArgumentExceptionWithoutEchoingTheKey(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        ArgumentException ex = Assert.Throws<ArgumentException>(() => Secp256k1PrivateKey.FromBytes(bytes));
        Assert.DoesNotContain(hex[..16], ex.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ffff", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void FromBytes_WrongLength_ThrowsArgumentException(int length)
    {
        Assert.Throws<ArgumentException>(() => Secp256k1PrivateKey.FromBytes(new byte[length]));
    }

    [Fact]
    public void FromBytes_LargestValidKey_Works()
    {
        using var key = Secp256k1PrivateKey.FromBytes(Convert.FromHexString("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140"));
        byte[] compressed = new byte[33];
        key.PublicKey.WriteCompressed(compressed);
        // (n - 1)·G = -G: same x as G, odd y.
        Assert.Equal("0379be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", Convert.ToHexStringLower(compressed));
    }

    [Fact]
    public void WriteBytes_ExportsTheSameKeyAndCopiesInput()
    {
        byte[] input = (byte[])SampleKey.Clone();
        using var key = Secp256k1PrivateKey.FromBytes(input);
        Array.Clear(input);

        byte[] exported = new byte[32];
        key.WriteBytes(exported);

        Assert.Equal(SampleKey, exported);
        Assert.Throws<ArgumentException>(() => key.WriteBytes(new byte[31]));
    }

    [Fact]
    public void Generate_TwoKeys_AreValidAndDifferent()
    {
        using var a = Secp256k1PrivateKey.Generate();
        using var b = Secp256k1PrivateKey.Generate();
        Assert.NotEqual(a.PublicKey, b.PublicKey);
        byte[] bytes = new byte[32];
        a.WriteBytes(bytes);
        Assert.Equal(BouncyCastleReference.PublicKeyUncompressed(bytes), Uncompressed(a.PublicKey));
    }

    [Fact]
    public void Sign_WrongHashLength_ThrowsArgumentException()
    {
        using var key = Secp256k1PrivateKey.FromBytes(SampleKey);
        Assert.Throws<ArgumentException>(() => key.Sign(new byte[31]));
        Assert.Throws<ArgumentException>(() => key.Sign(new byte[33]));
    }

    [Fact]
    public void Sign_SameInputTwice_IsDeterministic()
    {
        using var key = Secp256k1PrivateKey.FromBytes(SampleKey);
        byte[] hash = Keccak256.Hash("energy"u8);
        Assert.Equal(key.Sign(hash), key.Sign(hash));
    }

    [Fact]
    public void SignVerifyRecover_HotPath_DoNotAllocate()
    {
        using var key = Secp256k1PrivateKey.FromBytes(SampleKey);
        byte[] hash = Keccak256.Hash("allocation"u8);
        Secp256k1PublicKey publicKey = key.PublicKey;
        RecoverableSignature signature = key.Sign(hash);
        Assert.True(publicKey.Verify(hash, signature.Signature));
        Assert.True(Secp256k1PublicKey.TryRecover(hash, signature, out _));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            signature = key.Sign(hash);
            _ = publicKey.Verify(hash, signature.Signature);
            _ = Secp256k1PublicKey.TryRecover(hash, signature, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static byte[] Uncompressed(Secp256k1PublicKey key)
    {
        byte[] bytes = new byte[65];
        key.WriteUncompressed(bytes);
        return bytes;
    }
}
