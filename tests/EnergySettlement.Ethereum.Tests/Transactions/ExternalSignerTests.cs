using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Ethereum.Accounts;
using EnergySettlement.Ethereum.Numerics;
using EnergySettlement.Ethereum.Transactions;

namespace EnergySettlement.Ethereum.Tests.Transactions;

public sealed class ExternalSignerTests
{
    private static readonly byte[] N = Hex.Decode("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");

    private static readonly Eip1559Transaction Typed = new()
    {
        ChainId = 1,
        Nonce = 3,
        MaxPriorityFeePerGas = 1_000_000_000UL,
        MaxFeePerGas = 50_000_000_000UL,
        GasLimit = 21_000,
        To = EthereumAddress.Parse("0x3535353535353535353535353535353535353535"),
        Value = 12_345UL,
    };

    public static TheoryData<bool, bool> KmsBehaviours => new()
    {
        { false, false },
        { false, true },
        { true, false },
        { true, true },
    };

    [Fact]
    public async Task SignAsync_LocalKeySigner_MatchesSign()
    {
        using Secp256k1PrivateKey expectedKey = TestKeys.Eip155Example();
        using var signer = new LocalKeySigner(TestKeys.Eip155Example());

        SignedTransaction viaSigner = await Typed.SignAsync(signer);
        SignedTransaction direct = Typed.Sign(expectedKey);

        Assert.Equal(direct.RawBytes.ToArray(), viaSigner.RawBytes.ToArray());
        Assert.Equal(signer.Address, viaSigner.Sender);
    }

    [Theory]
    [MemberData(nameof(KmsBehaviours))]
    public async Task SignAsync_KmsLikeSigner_NormalisesToLowSAndFindsRecoveryId(bool returnHighS, bool withholdRecoveryId)
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();
        var signer = new KmsLikeSigner(key, returnHighS, withholdRecoveryId);

        SignedTransaction viaSigner = await Typed.SignAsync(signer);

        Assert.Equal(Typed.Sign(key).RawBytes.ToArray(), viaSigner.RawBytes.ToArray());
        Assert.True(viaSigner.Signature.Signature.IsLowS);
        Assert.Equal(viaSigner.Sender, SignedTransaction.Decode(viaSigner.RawBytes.Span).Sender);
    }

    [Fact]
    public async Task SignAsync_LegacyWithKmsLikeSigner_MatchesSign()
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();
        var signer = new KmsLikeSigner(key, returnHighS: true, withholdRecoveryId: true);
        var legacy = new LegacyTransaction { ChainId = 1, Nonce = 9, GasPrice = 20_000_000_000UL, GasLimit = 21_000, To = Typed.To, Value = 1UL };

        SignedTransaction viaSigner = await legacy.SignAsync(signer);

        Assert.Equal(legacy.Sign(key).ToHexString(), viaSigner.ToHexString());
    }

    [Fact]
    public async Task SignAsync_SignatureFromAnotherKey_ThrowsTransactionSigningException()
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();
        using Secp256k1PrivateKey other = Secp256k1PrivateKey.Generate();
        var signer = new KmsLikeSigner(other, returnHighS: false, withholdRecoveryId: true, announcedKey: key.PublicKey);

        await Assert.ThrowsAsync<TransactionSigningException>(() => Typed.SignAsync(signer).AsTask());
    }

    [Fact]
    public async Task SignAsync_WrongRecoveryIdGiven_StillFindsTheRightOne()
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();
        var signer = new KmsLikeSigner(key, returnHighS: false, withholdRecoveryId: false, flipRecoveryId: true);

        SignedTransaction viaSigner = await Typed.SignAsync(signer);

        Assert.Equal(Typed.Sign(key).ToHexString(), viaSigner.ToHexString());
    }

    [Fact]
    public async Task SignAsync_P256Signer_ThrowsArgumentException()
    {
        using Secp256k1PrivateKey key = TestKeys.Eip155Example();
        var signer = new KmsLikeSigner(key, returnHighS: false, withholdRecoveryId: false, algorithm: SignatureAlgorithm.P256);

        await Assert.ThrowsAsync<ArgumentException>(() => Typed.SignAsync(signer).AsTask());
    }

    [Fact]
    public async Task SignDigestAsync_DisposedLocalSigner_ThrowsObjectDisposedException()
    {
        var signer = new LocalKeySigner(Secp256k1PrivateKey.Generate());
        signer.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => signer.SignDigestAsync(new byte[32]).AsTask());
    }

    [Fact]
    public void ToString_LocalKeySigner_ShowsAddressOnly()
    {
        using var signer = new LocalKeySigner(TestKeys.Eip155Example());

        Assert.Equal("LocalKeySigner(0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F)", signer.ToString());
    }

    /// <summary>Behaves as a cloud KMS may: returns r ‖ s possibly high-S and possibly without a recovery id.</summary>
    private sealed class KmsLikeSigner(
        Secp256k1PrivateKey key,
        bool returnHighS,
        bool withholdRecoveryId,
        Secp256k1PublicKey? announcedKey = null,
        bool flipRecoveryId = false,
        SignatureAlgorithm? algorithm = null) : ISigner
    {
        public SignatureAlgorithm Algorithm => algorithm ?? SignatureAlgorithm.Secp256k1;

        public ReadOnlyMemory<byte> PublicKey
        {
            get
            {
                byte[] bytes = new byte[65];
                (announcedKey ?? key.PublicKey).WriteUncompressed(bytes);
                return bytes;
            }
        }

        public ValueTask<DigestSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default)
        {
            RecoverableSignature signature = key.Sign(digest.Span);
            byte[] rs = new byte[64];
            signature.Signature.WriteCompact(rs);
            int recoveryId = signature.RecoveryId;
            if (returnHighS)
            {
                UInt256 s = UInt256.ReadBigEndian(rs.AsSpan(32));
                (UInt256.ReadBigEndian(N) - s).WriteBigEndian32(rs.AsSpan(32));
                recoveryId ^= 1;
            }

            if (flipRecoveryId)
            {
                recoveryId ^= 1;
            }

            return ValueTask.FromResult(new DigestSignature(rs, withholdRecoveryId ? null : recoveryId));
        }
    }
}
