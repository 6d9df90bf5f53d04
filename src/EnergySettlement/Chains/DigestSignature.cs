namespace EnergySettlement.Chains;

/// <summary>
/// An ECDSA signature over a message digest as an <see cref="ISigner"/> returns it: r and s as 32-byte big-endian
/// integers, and the public-key recovery id when the signer knows it.
/// </summary>
/// <remarks>
/// Signers backed by a KMS or HSM typically return no recovery id and may return a high-S signature: chain adapters
/// normalise S and recover the id against the signer's known public key. Immutable and thread-safe.
/// </remarks>
public readonly struct DigestSignature
{
    private readonly byte[]? _rs;

    /// <summary>Creates a signature.</summary>
    /// <param name="rs">r ‖ s, each 32 bytes big-endian (64 bytes). Copied.</param>
    /// <param name="recoveryId">The recovery id 0 to 3, or <see langword="null"/> when unknown.</param>
    /// <exception cref="ArgumentException"><paramref name="rs"/> is not 64 bytes or the recovery id is out of range.</exception>
    public DigestSignature(ReadOnlySpan<byte> rs, int? recoveryId)
    {
        if (rs.Length != 64)
        {
            throw new ArgumentException($"Expected r ‖ s of 64 bytes, found {rs.Length}.", nameof(rs));
        }

        if (recoveryId is < 0 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(recoveryId), recoveryId, "A recovery id is 0 to 3.");
        }

        _rs = rs.ToArray();
        RecoveryId = recoveryId;
    }

    /// <summary>Gets r (32 bytes, big-endian).</summary>
    public ReadOnlySpan<byte> R => Bytes.AsSpan(0, 32);

    /// <summary>Gets s (32 bytes, big-endian).</summary>
    public ReadOnlySpan<byte> S => Bytes.AsSpan(32, 32);

    /// <summary>Gets r ‖ s (64 bytes).</summary>
    public ReadOnlySpan<byte> RS => Bytes;

    /// <summary>Gets the public-key recovery id (0 to 3), or <see langword="null"/> when the signer did not provide one.</summary>
    public int? RecoveryId { get; }

    private byte[] Bytes => _rs ?? throw new InvalidOperationException("This DigestSignature is the default value and holds no signature.");
}
