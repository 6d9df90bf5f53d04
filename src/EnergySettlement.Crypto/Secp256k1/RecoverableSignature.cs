using System.Runtime.InteropServices;

namespace EnergySettlement.Crypto;

/// <summary>
/// An ECDSA signature with its recovery id: enough to recover the signer's public key from the message hash
/// (Ethereum's v / yParity, Bitcoin's compact message signatures).
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Bit 0 of <see cref="RecoveryId"/> is the parity of the y coordinate of the nonce
/// point R, bit 1 says whether R's x coordinate was at least n (practically never). Ethereum's yParity is
/// <c>RecoveryId &amp; 1</c> and EIP-155 v is <c>chainId × 2 + 35 + RecoveryId</c>.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly struct RecoverableSignature : IEquatable<RecoverableSignature>
{
    /// <summary>Creates a recoverable signature.</summary>
    /// <param name="signature">The (r, s) pair.</param>
    /// <param name="recoveryId">The recovery id, 0 to 3.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="recoveryId"/> is greater than 3.</exception>
    public RecoverableSignature(EcdsaSignature signature, byte recoveryId)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recoveryId, (byte)3);
        Signature = signature;
        RecoveryId = recoveryId;
    }

    /// <summary>The (r, s) pair.</summary>
    public EcdsaSignature Signature { get; }

    /// <summary>The recovery id, 0 to 3 (see the remarks on <see cref="RecoverableSignature"/>).</summary>
    public byte RecoveryId { get; }

    /// <inheritdoc/>
    public bool Equals(RecoverableSignature other) => Signature.Equals(other.Signature) && RecoveryId == other.RecoveryId;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RecoverableSignature other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Signature, RecoveryId);

    /// <summary>Returns r ‖ s as hex followed by the recovery id.</summary>
    /// <returns>The text, for diagnostics.</returns>
    public override string ToString() => $"{Signature}/{RecoveryId}";

    /// <summary>Compares two recoverable signatures for equality.</summary>
    /// <param name="left">The first signature.</param>
    /// <param name="right">The second signature.</param>
    /// <returns><see langword="true"/> when r, s and the recovery id are equal.</returns>
    public static bool operator ==(RecoverableSignature left, RecoverableSignature right) => left.Equals(right);

    /// <summary>Compares two recoverable signatures for inequality.</summary>
    /// <param name="left">The first signature.</param>
    /// <param name="right">The second signature.</param>
    /// <returns><see langword="true"/> when r, s or the recovery id differ.</returns>
    public static bool operator !=(RecoverableSignature left, RecoverableSignature right) => !left.Equals(right);
}
