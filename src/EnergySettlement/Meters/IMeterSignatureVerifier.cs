using EnergySettlement.Chains;

namespace EnergySettlement.Meters;

/// <summary>Checks a meter's signature over a reading's canonical bytes, for one <see cref="SignatureAlgorithm"/>.</summary>
/// <remarks>Register more verifiers (for example secp256k1) in DI; the validator picks by the meter's algorithm. Must be thread-safe.</remarks>
public interface IMeterSignatureVerifier
{
    /// <summary>Gets the algorithm this verifier checks.</summary>
    SignatureAlgorithm Algorithm { get; }

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="message"/> with <paramref name="publicKey"/>.</summary>
    /// <param name="publicKey">The meter's public key.</param>
    /// <param name="message">The canonical encoding of the reading.</param>
    /// <param name="signature">The signature.</param>
    /// <returns><see langword="true"/> when the signature is valid; <see langword="false"/> for any malformed input.</returns>
    bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
