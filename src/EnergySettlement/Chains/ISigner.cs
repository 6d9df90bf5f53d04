namespace EnergySettlement.Chains;

/// <summary>
/// Signs message digests with a key the SDK may never see: an in-process key, a hardware security module, or a cloud
/// KMS. Chain adapters build and hash transactions and ask the signer only for the signature.
/// </summary>
/// <remarks>Implementations must be thread-safe and must never log or expose key material.</remarks>
public interface ISigner
{
    /// <summary>Gets the signature algorithm (for example <see cref="SignatureAlgorithm.Secp256k1"/>).</summary>
    SignatureAlgorithm Algorithm { get; }

    /// <summary>Gets the public key in SEC1 encoding (33-byte compressed or 65-byte uncompressed).</summary>
    ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>Signs a digest.</summary>
    /// <param name="digest">The message digest (32 bytes for the built-in chains).</param>
    /// <param name="cancellationToken">Cancels the request to a remote signer.</param>
    /// <returns>The signature; possibly without recovery id and possibly high-S (adapters normalise).</returns>
    /// <exception cref="EnergySettlementException">The signer is unavailable (transient) or refused.</exception>
    ValueTask<DigestSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default);
}
