using EnergySettlement.Chains;
using EnergySettlement.Crypto;
using EnergySettlement.Dash.Addresses;
using EnergySettlement.Dash.Networks;

namespace EnergySettlement.Dash.Keys;

/// <summary>
/// An <see cref="ISigner"/> over a secp256k1 key held in this process — made from WIF text or a key — for development,
/// tests and hosts that keep keys locally. Production hosts usually supply a KMS- or HSM-backed signer; the UTXO core
/// accepts its DER-less r ‖ s, possibly high-S, and normalises it.
/// </summary>
/// <remarks>
/// The signer owns the key: disposing the signer wipes it. <see cref="PublicKey"/> is compressed (33 bytes) or
/// uncompressed (65 bytes) as the WIF says, which decides the P2PKH address. Signatures are RFC 6979 deterministic and
/// low-S. Thread-safe; <see cref="ToString"/> never shows key material.
/// </remarks>
public sealed class WifKeySigner : ISigner, IDisposable
{
    private readonly Secp256k1PrivateKey _key;
    private readonly byte[] _publicKey;

    /// <summary>Creates a signer that owns <paramref name="privateKey"/>.</summary>
    /// <param name="privateKey">The key; disposed with the signer.</param>
    /// <param name="compressed">Whether the public key (and so the address) is compressed; the default is <see langword="true"/>.</param>
    /// <exception cref="ObjectDisposedException">The key is already disposed.</exception>
    public WifKeySigner(Secp256k1PrivateKey privateKey, bool compressed = true)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        _key = privateKey;
        Secp256k1PublicKey publicKey = privateKey.PublicKey;
        _publicKey = new byte[compressed ? Secp256k1PublicKey.CompressedLength : Secp256k1PublicKey.UncompressedLength];
        if (compressed)
        {
            publicKey.WriteCompressed(_publicKey);
        }
        else
        {
            publicKey.WriteUncompressed(_publicKey);
        }

        IsCompressed = compressed;
    }

    /// <inheritdoc />
    public SignatureAlgorithm Algorithm => SignatureAlgorithm.Secp256k1;

    /// <summary>Gets the SEC 1 public key: 33 bytes when <see cref="IsCompressed"/>, else 65.</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <summary>Gets whether the public key is used compressed.</summary>
    public bool IsCompressed { get; }

    /// <summary>Creates a signer from WIF text. The text is a secret: the caller should not keep it.</summary>
    /// <param name="wif">The WIF key.</param>
    /// <param name="network">The network the key belongs to.</param>
    /// <returns>The signer; dispose it when done.</returns>
    /// <exception cref="Base58CheckFormatException">The text is not a valid WIF key of the network (see <see cref="Wif.Decode"/> for the subtypes).</exception>
    public static WifKeySigner FromWif(string wif, UtxoNetwork network)
    {
        var key = Wif.Decode(wif, network, out bool compressed);
        return new WifKeySigner(key, compressed);
    }

    /// <summary>The P2PKH address of this signer's public key on <paramref name="network"/>.</summary>
    /// <param name="network">The network.</param>
    /// <returns>The address.</returns>
    public UtxoAddress GetAddress(UtxoNetwork network) => UtxoAddress.FromPublicKey(_publicKey, network);

    /// <summary>Exports the key as WIF for <paramref name="network"/>. The result is a secret: never log it.</summary>
    /// <param name="network">The network.</param>
    /// <returns>The WIF text.</returns>
    /// <exception cref="ObjectDisposedException">The signer has been disposed.</exception>
    public string ToWif(UtxoNetwork network) => Wif.Encode(_key, IsCompressed, network);

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

    /// <summary>Returns the public key's hash only.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"WifKeySigner(hash160 {Hex.Encode(Hash160.Hash(_publicKey))})";
}
