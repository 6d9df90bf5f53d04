using System.Globalization;
using EnergySettlement.Chains;
using EnergySettlement.Crypto;

namespace EnergySettlement.Dash.Transactions;

/// <summary>
/// Signs the inputs of a <see cref="UtxoTransaction"/> that spend pay-to-public-key-hash outputs, with legacy
/// <see cref="SignatureHashType.All"/> signature hashes, through <see cref="ISigner"/> — so keys may live in an HSM or a
/// cloud KMS that returns r ‖ s without a recovery id and possibly high-S.
/// </summary>
/// <remarks>
/// For each input: the signature hash over the P2PKH script of the signer's key, the signer's signature normalised to
/// low-S (high-S is non-standard on Bitcoin-family chains) and verified against the signer's public key, then the
/// unlocking script <c>&lt;DER signature ‖ 0x01&gt; &lt;public key&gt;</c>. With a deterministic (RFC 6979) signer the
/// same transaction always signs to the same bytes. Thread-safe.
/// </remarks>
public static class TransactionSigner
{
    /// <summary>Signs every input with one signer: each input must spend an output paying the signer's P2PKH address.</summary>
    /// <param name="transaction">The transaction; its inputs' scripts are replaced.</param>
    /// <param name="signer">The signer of every input.</param>
    /// <param name="cancellationToken">Cancels requests to a remote signer.</param>
    /// <returns>The signed transaction.</returns>
    /// <exception cref="TransactionSigningException">The signer is not secp256k1, its public key is invalid, or its signature does not verify.</exception>
    public static ValueTask<UtxoTransaction> SignP2pkhAsync(UtxoTransaction transaction, ISigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(signer);
        var signers = new ISigner[transaction.Inputs.Count];
        Array.Fill(signers, signer);
        return SignP2pkhInputsAsync(transaction, signers, cancellationToken);
    }

    /// <summary>Signs every input with its own signer: input <c>i</c> must spend an output paying the P2PKH address of <c>signers[i]</c>.</summary>
    /// <param name="transaction">The transaction; its inputs' scripts are replaced.</param>
    /// <param name="signers">One signer per input, in input order.</param>
    /// <param name="cancellationToken">Cancels requests to a remote signer.</param>
    /// <returns>The signed transaction.</returns>
    /// <exception cref="ArgumentException">The number of signers differs from the number of inputs.</exception>
    /// <exception cref="TransactionSigningException">A signer is not secp256k1, its public key is invalid, or its signature does not verify.</exception>
    public static async ValueTask<UtxoTransaction> SignP2pkhInputsAsync(UtxoTransaction transaction, IReadOnlyList<ISigner> signers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(signers);
        if (signers.Count != transaction.Inputs.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Expected one signer per input ({transaction.Inputs.Count}); found {signers.Count}."), nameof(signers));
        }

        var scripts = new ReadOnlyMemory<byte>[signers.Count];
        var keys = new Dictionary<ISigner, SignerKey>(ReferenceEqualityComparer.Instance);
        var digest = new byte[Sha256d.HashSizeInBytes];
        for (int i = 0; i < scripts.Length; i++)
        {
            var signer = signers[i] ?? throw new ArgumentException("A signer is null.", nameof(signers));
            if (!keys.TryGetValue(signer, out var key))
            {
                key = SignerKey.Of(signer);
                keys.Add(signer, key);
            }

            transaction.WriteSignatureHash(i, key.ScriptPubKey, (int)SignatureHashType.All, digest);
            var answer = await signer.SignDigestAsync(digest, cancellationToken).ConfigureAwait(false);
            scripts[i] = UnlockingScript(Normalize(digest, answer, key.PublicKey, i), signer.PublicKey.Span);
        }

        return transaction.WithScriptSigs(scripts);
    }

    /// <summary>Builds <c>&lt;DER ‖ 0x01&gt; &lt;public key&gt;</c>.</summary>
    internal static byte[] UnlockingScript(EcdsaSignature signature, ReadOnlySpan<byte> publicKey)
    {
        Span<byte> der = stackalloc byte[EcdsaSignature.MaxDerLength + 1];
        int length = signature.WriteDer(der);
        der[length++] = (byte)SignatureHashType.All;
        var script = new byte[Script.PushSize(length) + Script.PushSize(publicKey.Length)];
        int at = Script.WritePush(script, der[..length]);
        Script.WritePush(script.AsSpan(at), publicKey);
        return script;
    }

    /// <summary>The largest unlocking script for a key of <paramref name="publicKeyLength"/> bytes: a 72-byte DER signature
    /// (both r and s with a sign byte) plus the hash type, and the key, each with a one-byte push.</summary>
    internal static int MaxUnlockingScriptSize(int publicKeyLength) => 1 + EcdsaSignature.MaxDerLength + 1 + 1 + publicKeyLength;

    private static EcdsaSignature Normalize(ReadOnlySpan<byte> digest, DigestSignature answer, Secp256k1PublicKey publicKey, int input)
    {
        if (!EcdsaSignature.TryFromCompact(answer.RS, out EcdsaSignature signature))
        {
            throw new TransactionSigningException(string.Create(CultureInfo.InvariantCulture, $"The signer returned a signature for input {input} whose r or s is not between 1 and n - 1."));
        }

        // High-S is valid ECDSA but non-standard (SCRIPT_VERIFY_LOW_S): its low-S twin verifies the same.
        EcdsaSignature lowS = signature.NormalizeS();
        if (!publicKey.Verify(digest, lowS))
        {
            throw new TransactionSigningException(string.Create(CultureInfo.InvariantCulture, $"The signer's signature for input {input} does not verify against its public key for the input's signature hash: wrong key, or a signer that signs something else."));
        }

        return lowS;
    }

    private sealed record SignerKey(Secp256k1PublicKey PublicKey, byte[] ScriptPubKey)
    {
        public static SignerKey Of(ISigner signer)
        {
            if (signer.Algorithm != SignatureAlgorithm.Secp256k1)
            {
                throw new TransactionSigningException($"A Bitcoin-family input needs a secp256k1 signer; this one signs with '{signer.Algorithm}'.");
            }

            var bytes = signer.PublicKey.Span;
            if (!Secp256k1PublicKey.TryParse(bytes, out var key))
            {
                throw new TransactionSigningException("The signer's public key is not a valid SEC 1 secp256k1 key.");
            }

            var script = new byte[Script.P2pkhLength];
            Script.WriteP2pkh(script, Hash160.Hash(bytes));
            return new SignerKey(key, script);
        }
    }
}
