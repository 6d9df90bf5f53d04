using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Keys;
using EnergySettlement.Dash.Networks;
using EnergySettlement.Dash.Transactions;

namespace EnergySettlement.Dash.Tests.Transactions;

public sealed class TransactionSignerTests
{
    private static UtxoTransaction Unsigned(int inputs) => new(
        Enumerable.Range(0, inputs).Select(i => new TransactionInput(TransactionHash.FromBytes(Sha256d.Hash([(byte)i])), (uint)i)),
        [TransactionOutput.Pay(UtxoAddress.FromRedeemScript([0x51], DashNetworks.Mainnet), 100_000)]);

    [Fact]
    public async Task SignP2pkh_SameTransactionTwice_GivesTheSameBytes()
    {
        using var signer = TestKeys.Signer(1);

        var first = await TransactionSigner.SignP2pkhAsync(Unsigned(3), signer);
        var second = await TransactionSigner.SignP2pkhAsync(Unsigned(3), signer);

        Assert.Equal(first.ToHex(), second.ToHex());
    }

    [Fact]
    public async Task SignP2pkh_EveryInput_CarriesLowSDerWithSighashAllAndTheKey()
    {
        using var signer = TestKeys.Signer(2, compressed: false);
        var unsigned = Unsigned(2);
        var script = UtxoAddress.FromPublicKey(signer.PublicKey.Span, DashNetworks.Mainnet).GetScriptPubKey();

        var signed = await TransactionSigner.SignP2pkhAsync(unsigned, signer);

        for (int i = 0; i < 2; i++)
        {
            var scriptSig = signed.Inputs[i].ScriptSig.Span;
            var der = scriptSig.Slice(1, scriptSig[0]);
            var key = scriptSig[(2 + scriptSig[0])..];
            Assert.Equal(0x01, der[^1]);
            Assert.True(EcdsaSignature.FromDer(der[..^1]).IsLowS);
            Assert.Equal(signer.PublicKey.ToArray(), key.ToArray());
            Assert.True(Secp256k1PublicKey.Parse(key).Verify(unsigned.GetSignatureHash(i, script), EcdsaSignature.FromDer(der[..^1])));
        }
    }

    [Fact]
    public async Task SignP2pkh_HsmReturningHighSWithoutRecoveryId_IsNormalisedToTheSameBytes()
    {
        using var local = TestKeys.Signer(3);
        var hsm = new HighSSigner(TestKeys.Key(3), local.PublicKey);

        var fromHsm = await TransactionSigner.SignP2pkhAsync(Unsigned(2), hsm);
        var fromLocal = await TransactionSigner.SignP2pkhAsync(Unsigned(2), local);

        Assert.Equal(fromLocal.ToHex(), fromHsm.ToHex());
        Assert.Equal(2, hsm.Calls);
    }

    [Fact]
    public async Task SignP2pkh_SignerWhoseKeyDoesNotMatch_ThrowsSigningException()
    {
        using var claimed = TestKeys.Signer(4);
        var liar = new HighSSigner(TestKeys.Key(5), claimed.PublicKey);

        await Assert.ThrowsAsync<TransactionSigningException>(async () => await TransactionSigner.SignP2pkhAsync(Unsigned(1), liar));
    }

    [Fact]
    public async Task SignP2pkh_NonSecp256k1Signer_ThrowsSigningException()
    {
        using var inner = TestKeys.Signer(6);
        var p256 = new OtherAlgorithmSigner(inner);

        await Assert.ThrowsAsync<TransactionSigningException>(async () => await TransactionSigner.SignP2pkhAsync(Unsigned(1), p256));
    }

    [Fact]
    public async Task SignP2pkhInputs_WrongNumberOfSigners_ThrowsArgumentException()
    {
        using var signer = TestKeys.Signer(7);

        await Assert.ThrowsAsync<ArgumentException>(async () => await TransactionSigner.SignP2pkhInputsAsync(Unsigned(2), [signer]));
    }

    /// <summary>A signer as a KMS behaves: no recovery id, and the high-S twin of every signature.</summary>
    private sealed class HighSSigner(Secp256k1PrivateKey key, ReadOnlyMemory<byte> publicKey) : ISigner
    {
        private static readonly System.Numerics.BigInteger N = System.Numerics.BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337", System.Globalization.CultureInfo.InvariantCulture);

        public int Calls { get; private set; }

        public SignatureAlgorithm Algorithm => SignatureAlgorithm.Secp256k1;

        public ReadOnlyMemory<byte> PublicKey => publicKey;

        public ValueTask<DigestSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default)
        {
            Calls++;
            var rs = new byte[64];
            key.Sign(digest.Span).Signature.WriteCompact(rs);
            var s = new System.Numerics.BigInteger(rs.AsSpan(32), isUnsigned: true, isBigEndian: true);
            var high = (N - s).ToByteArray(isUnsigned: true, isBigEndian: true);
            rs.AsSpan(32).Clear();
            high.CopyTo(rs.AsSpan(64 - high.Length));
            return ValueTask.FromResult(new DigestSignature(rs, recoveryId: null));
        }
    }

    private sealed class OtherAlgorithmSigner(WifKeySigner inner) : ISigner
    {
        public SignatureAlgorithm Algorithm => SignatureAlgorithm.P256;

        public ReadOnlyMemory<byte> PublicKey => inner.PublicKey;

        public ValueTask<DigestSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default) => inner.SignDigestAsync(digest, cancellationToken);
    }
}
