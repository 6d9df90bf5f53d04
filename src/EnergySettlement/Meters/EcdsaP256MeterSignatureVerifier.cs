using System.Collections.Concurrent;
using System.Security.Cryptography;
using EnergySettlement.Chains;

namespace EnergySettlement.Meters;

/// <summary>
/// Verifies ECDSA P-256 / SHA-256 signatures in IEEE P1363 form (r ‖ s, 64 bytes), as DLMS/COSEM security suite 1
/// meters produce, with the platform's cryptography. Public keys are SEC1 uncompressed (65 bytes, <c>04 ‖ X ‖ Y</c>).
/// </summary>
/// <remarks>Thread-safe. Imported keys are cached per key (meters are few and long-lived).</remarks>
public sealed class EcdsaP256MeterSignatureVerifier : IMeterSignatureVerifier, IDisposable
{
    private readonly ConcurrentDictionary<string, ECDsa?> _keys = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public SignatureAlgorithm Algorithm => SignatureAlgorithm.P256;

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 65 || publicKey[0] != 0x04 || signature.Length != 64)
        {
            return false;
        }

        var key = _keys.GetOrAdd(Convert.ToHexString(publicKey), static (_, q) => Import(q), publicKey.ToArray());
        if (key is null)
        {
            return false;
        }

        lock (key)
        {
            return key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }

    /// <summary>Releases the cached keys.</summary>
    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key?.Dispose();
        }

        _keys.Clear();
    }

    private static ECDsa? Import(byte[] q)
    {
        try
        {
            return ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = q[1..33], Y = q[33..65] },
            });
        }
        catch (CryptographicException)
        {
            // Not a point on the curve: no signature can be valid for it.
            return null;
        }
    }
}
