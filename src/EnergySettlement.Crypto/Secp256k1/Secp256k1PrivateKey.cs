using System.Security.Cryptography;

namespace EnergySettlement.Crypto;

/// <summary>
/// A secp256k1 private key: a secret scalar d in [1, n - 1], held in a pinned buffer this object owns and wipes
/// on <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// <para>
/// Key hygiene: the key bytes never appear in <see cref="ToString"/> or in exception messages, and leave the
/// object only through the explicit <see cref="WriteBytes"/>. Dispose the key as soon as it is no longer needed;
/// afterwards every member except <see cref="ToString"/> and <see cref="Dispose"/> throws
/// <see cref="ObjectDisposedException"/>.
/// </para>
/// <para>
/// Thread-safety: <see cref="Sign"/>, <see cref="PublicKey"/> and <see cref="WriteBytes"/> may be called
/// concurrently; do not call <see cref="Dispose"/> while another thread still uses the key.
/// </para>
/// </remarks>
public sealed class Secp256k1PrivateKey : IDisposable
{
    /// <summary>The length of a private key: 32 bytes.</summary>
    public const int KeyLength = 32;

    private readonly byte[] _key;
    private readonly Secp256k1PublicKey _publicKey;
    private volatile bool _disposed;

    private Secp256k1PrivateKey(byte[] pinnedKey)
    {
        _key = pinnedKey;
        Secp256k1Engine.ComputePublicKey(_key, out U256 x, out U256 y);
        _publicKey = new Secp256k1PublicKey(x, y);
    }

    /// <summary>The public key Q = d·G.</summary>
    /// <exception cref="ObjectDisposedException">The key has been disposed.</exception>
    public Secp256k1PublicKey PublicKey
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _publicKey;
        }
    }

    /// <summary>Creates a key from its 32-byte big-endian encoding. The bytes are copied; the caller should wipe its copy.</summary>
    /// <param name="key32">The key bytes: an integer in [1, n - 1].</param>
    /// <returns>The key; dispose it when done.</returns>
    /// <exception cref="ArgumentException">
    /// The input is not 32 bytes, or the value is 0 or not below the group order n. The message never contains the bytes.
    /// </exception>
    public static Secp256k1PrivateKey FromBytes(ReadOnlySpan<byte> key32)
    {
        if (key32.Length != KeyLength)
        {
            throw new ArgumentException("A secp256k1 private key is 32 bytes.", nameof(key32));
        }

        if (!U256.IsValidScalar(U256.FromBigEndian(key32)))
        {
            throw new ArgumentException("The bytes are not a valid secp256k1 private key: the value must be between 1 and n - 1.", nameof(key32));
        }

        byte[] buffer = GC.AllocateUninitializedArray<byte>(KeyLength, pinned: true);
        key32.CopyTo(buffer);
        return new Secp256k1PrivateKey(buffer);
    }

    /// <summary>Generates a new random key with the operating system's cryptographic random number generator.</summary>
    /// <returns>The key; dispose it when done.</returns>
    public static Secp256k1PrivateKey Generate()
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(KeyLength, pinned: true);
        do
        {
            RandomNumberGenerator.Fill(buffer);
        }
        while (!U256.IsValidScalar(U256.FromBigEndian(buffer)));

        return new Secp256k1PrivateKey(buffer);
    }

    /// <summary>
    /// Signs a 32-byte message hash with a deterministic nonce (RFC 6979, HMAC-SHA256) and returns the low-S
    /// signature with its recovery id (adjusted for the normalisation).
    /// </summary>
    /// <param name="messageHash32">The 32-byte hash to sign (for example a Keccak-256 or SHA-256d digest).</param>
    /// <returns>The signature; the same key and hash always give the same signature.</returns>
    /// <exception cref="ArgumentException"><paramref name="messageHash32"/> is not 32 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The key has been disposed.</exception>
    public RecoverableSignature Sign(ReadOnlySpan<byte> messageHash32)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (messageHash32.Length != 32)
        {
            throw new ArgumentException("The message hash must be 32 bytes.", nameof(messageHash32));
        }

        Secp256k1Engine.Sign(_key, messageHash32, out U256 r, out U256 s, out byte recoveryId);
        return new RecoverableSignature(new EcdsaSignature(r, s), recoveryId);
    }

    /// <summary>Exports the key as 32 big-endian bytes. Wipe the destination when done.</summary>
    /// <param name="destination32">Receives the 32 key bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination32"/> is shorter than 32 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The key has been disposed.</exception>
    public void WriteBytes(Span<byte> destination32)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination32.Length < KeyLength)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination32));
        }

        _key.CopyTo(destination32);
    }

    /// <summary>Returns a redacted text that never contains the key.</summary>
    /// <returns><c>Secp256k1PrivateKey(redacted)</c>.</returns>
    public override string ToString() => "Secp256k1PrivateKey(redacted)";

    /// <summary>Wipes the key bytes. Calling it again does nothing.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_key);
    }

    /// <summary>Whether every byte of the key buffer is zero (for tests of <see cref="Dispose"/>).</summary>
    internal bool IsWiped()
    {
        foreach (byte b in _key)
        {
            if (b != 0)
            {
                return false;
            }
        }

        return true;
    }
}
