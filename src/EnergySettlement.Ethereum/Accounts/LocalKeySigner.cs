using EnergySettlement.Chains;
using EnergySettlement.Crypto;

namespace EnergySettlement.Ethereum.Accounts;

/// <summary>
/// An <see cref="ISigner"/> over a secp256k1 key held in this process, for development, tests and hosts that keep
/// keys locally. Production hosts usually supply a KMS- or HSM-backed signer instead.
/// </summary>
/// <remarks>
/// The signer takes ownership of the key: disposing the signer disposes (wipes) the key. Signatures are RFC 6979
/// deterministic and low-S, with a recovery id. Thread-safe; <see cref="ToString"/> never shows key material.
/// </remarks>
public sealed class LocalKeySigner : ISigner, IDisposable
{
    private readonly Secp256k1PrivateKey _key;
    private readonly byte[] _publicKey;

    /// <summary>Creates a signer that owns <paramref name="privateKey"/>.</summary>
    /// <param name="privateKey">The key; disposed with the signer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="privateKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The key is already disposed.</exception>
    public LocalKeySigner(Secp256k1PrivateKey privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        _key = privateKey;
        Secp256k1PublicKey publicKey = privateKey.PublicKey;
        _publicKey = new byte[Secp256k1PublicKey.CompressedLength];
        publicKey.WriteCompressed(_publicKey);
        Address = EthereumAddress.FromPublicKey(publicKey);
    }

    /// <inheritdoc />
    public SignatureAlgorithm Algorithm => SignatureAlgorithm.Secp256k1;

    /// <summary>Gets the public key, 33-byte compressed SEC 1.</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <summary>Gets the Ethereum address of the key.</summary>
    public EthereumAddress Address { get; }

    /// <summary>Signs a 32-byte digest (synchronously; the task is already complete).</summary>
    /// <param name="digest">The 32-byte digest.</param>
    /// <param name="cancellationToken">Checked before signing.</param>
    /// <returns>The low-S signature with its recovery id.</returns>
    /// <exception cref="ArgumentException"><paramref name="digest"/> is not 32 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The signer has been disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<DigestSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RecoverableSignature signature = _key.Sign(digest.Span);
        Span<byte> rs = stackalloc byte[EcdsaSignature.CompactLength];
        signature.Signature.WriteCompact(rs);
        return ValueTask.FromResult(new DigestSignature(rs, signature.RecoveryId));
    }

    /// <summary>Wipes the key. Further signing throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => _key.Dispose();

    /// <summary>Returns the address only.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"LocalKeySigner({Address})";
}
