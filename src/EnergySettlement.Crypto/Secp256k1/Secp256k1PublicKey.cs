using System.Runtime.InteropServices;

namespace EnergySettlement.Crypto;

/// <summary>
/// A secp256k1 public key: a point (X, Y) on the curve y² = x³ + 7 over the field of p = 2^256 - 2^32 - 977,
/// other than the point at infinity.
/// </summary>
/// <remarks>
/// <para>
/// Immutable and thread-safe; every instance made by <see cref="Parse"/>, <see cref="TryParse"/>,
/// <see cref="TryRecover"/> or <see cref="Secp256k1PrivateKey.PublicKey"/> is a valid curve point.
/// <c>default(Secp256k1PublicKey)</c> is not a key: its members throw <see cref="InvalidOperationException"/>
/// (and <see cref="Verify"/> returns <see langword="false"/>).
/// </para>
/// <para>Encodings follow SEC 1 §2.3.3: compressed <c>02|03 ‖ X</c> (33 bytes), uncompressed <c>04 ‖ X ‖ Y</c> (65 bytes).</para>
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly struct Secp256k1PublicKey : IEquatable<Secp256k1PublicKey>
{
    /// <summary>The length of the compressed SEC 1 encoding: 33 bytes.</summary>
    public const int CompressedLength = 33;

    /// <summary>The length of the uncompressed SEC 1 encoding: 65 bytes.</summary>
    public const int UncompressedLength = 65;

    private readonly U256 _x;
    private readonly U256 _y;

    internal Secp256k1PublicKey(U256 x, U256 y)
    {
        _x = x;
        _y = y;
    }

    internal U256 X => _x;

    internal U256 Y => _y;

    private bool IsDefault => _x.IsZero && _y.IsZero;

    /// <summary>Parses a SEC 1 public key, compressed (33 bytes) or uncompressed (65 bytes), and checks it is on the curve.</summary>
    /// <param name="sec1">The encoded key.</param>
    /// <returns>The public key.</returns>
    /// <exception cref="FormatException">
    /// The length or prefix byte is wrong, a coordinate is not below p, or the point is not on the curve.
    /// </exception>
    public static Secp256k1PublicKey Parse(ReadOnlySpan<byte> sec1) =>
        TryParse(sec1, out Secp256k1PublicKey key)
            ? key
            : throw new FormatException(
                "The bytes are not a valid SEC 1 secp256k1 public key (33 bytes with prefix 02/03 or 65 bytes with prefix 04, on the curve).");

    /// <summary>Tries to parse a SEC 1 public key (see <see cref="Parse"/>).</summary>
    /// <param name="sec1">The encoded key.</param>
    /// <param name="publicKey">The key, or <c>default</c> on failure.</param>
    /// <returns><see langword="true"/> when the input is a valid compressed or uncompressed key.</returns>
    public static bool TryParse(ReadOnlySpan<byte> sec1, out Secp256k1PublicKey publicKey)
    {
        publicKey = default;
        if (sec1.Length == CompressedLength && (sec1[0] == 0x02 || sec1[0] == 0x03))
        {
            var x = U256.FromBigEndian(sec1[1..]);
            if (!Secp256k1Engine.TryLiftX(x, sec1[0] == 0x03, out U256 y))
            {
                return false;
            }

            publicKey = new Secp256k1PublicKey(x, y);
            return true;
        }

        if (sec1.Length == UncompressedLength && sec1[0] == 0x04)
        {
            var x = U256.FromBigEndian(sec1[1..33]);
            var y = U256.FromBigEndian(sec1[33..]);
            if (!Secp256k1Engine.IsOnCurve(x, y))
            {
                return false;
            }

            publicKey = new Secp256k1PublicKey(x, y);
            return true;
        }

        return false;
    }

    /// <summary>Writes the compressed SEC 1 encoding <c>02|03 ‖ X</c> (prefix 03 when Y is odd).</summary>
    /// <param name="destination33">Receives 33 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination33"/> is shorter than 33 bytes.</exception>
    /// <exception cref="InvalidOperationException">This is <c>default(Secp256k1PublicKey)</c>.</exception>
    public void WriteCompressed(Span<byte> destination33)
    {
        ThrowIfDefault();
        if (destination33.Length < CompressedLength)
        {
            throw new ArgumentException("The destination must hold 33 bytes.", nameof(destination33));
        }

        destination33[0] = (byte)(0x02 | (int)(_y.L0 & 1));
        _x.WriteBigEndian(destination33[1..]);
    }

    /// <summary>Writes the uncompressed SEC 1 encoding <c>04 ‖ X ‖ Y</c>.</summary>
    /// <param name="destination65">Receives 65 bytes. Ethereum addresses hash bytes 1 to 64 (X ‖ Y).</param>
    /// <exception cref="ArgumentException"><paramref name="destination65"/> is shorter than 65 bytes.</exception>
    /// <exception cref="InvalidOperationException">This is <c>default(Secp256k1PublicKey)</c>.</exception>
    public void WriteUncompressed(Span<byte> destination65)
    {
        ThrowIfDefault();
        if (destination65.Length < UncompressedLength)
        {
            throw new ArgumentException("The destination must hold 65 bytes.", nameof(destination65));
        }

        destination65[0] = 0x04;
        _x.WriteBigEndian(destination65[1..]);
        _y.WriteBigEndian(destination65[33..]);
    }

    /// <summary>
    /// Verifies an ECDSA signature over a 32-byte message hash. Both low-S and high-S signatures are accepted
    /// (plain ECDSA); check <see cref="EcdsaSignature.IsLowS"/> where policy requires low-S.
    /// </summary>
    /// <param name="messageHash32">The 32-byte hash that was signed.</param>
    /// <param name="signature">The signature.</param>
    /// <returns>
    /// <see langword="true"/> when the signature is valid for this key and hash; <see langword="false"/> otherwise,
    /// including when the hash is not 32 bytes or this is <c>default(Secp256k1PublicKey)</c>.
    /// </returns>
    /// <remarks>Runs in variable time (it handles only public data).</remarks>
    public bool Verify(ReadOnlySpan<byte> messageHash32, EcdsaSignature signature)
    {
        if (messageHash32.Length != 32 || IsDefault)
        {
            return false;
        }

        return Secp256k1Engine.Verify(_x, _y, messageHash32, signature.R, signature.S);
    }

    /// <summary>Recovers the public key that made <paramref name="signature"/> over <paramref name="messageHash32"/>.</summary>
    /// <param name="messageHash32">The 32-byte hash that was signed.</param>
    /// <param name="signature">The signature with its recovery id.</param>
    /// <param name="publicKey">The signer's key, or <c>default</c> on failure.</param>
    /// <returns>
    /// <see langword="true"/> when a key was recovered; <see langword="false"/> when the hash is not 32 bytes,
    /// r or s is out of range, or no curve point matches r and the recovery id.
    /// </returns>
    /// <remarks>
    /// Any valid (r, s, recovery id) yields some key: compare the result with the expected key or address.
    /// Runs in variable time.
    /// </remarks>
    public static bool TryRecover(ReadOnlySpan<byte> messageHash32, RecoverableSignature signature, out Secp256k1PublicKey publicKey)
    {
        publicKey = default;
        if (messageHash32.Length != 32)
        {
            return false;
        }

        EcdsaSignature rs = signature.Signature;
        if (!Secp256k1Engine.Recover(messageHash32, rs.R, rs.S, signature.RecoveryId, out U256 x, out U256 y))
        {
            return false;
        }

        publicKey = new Secp256k1PublicKey(x, y);
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(Secp256k1PublicKey other) => _x.Equals(other._x) && _y.Equals(other._y);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Secp256k1PublicKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_x, _y);

    /// <summary>Returns the compressed encoding as lower-case hex (or a marker for the default value).</summary>
    /// <returns>66 hex digits.</returns>
    public override string ToString()
    {
        if (IsDefault)
        {
            return "Secp256k1PublicKey(default)";
        }

        Span<byte> compressed = stackalloc byte[CompressedLength];
        WriteCompressed(compressed);
        return Hex.Encode(compressed);
    }

    /// <summary>Compares two public keys for equality.</summary>
    /// <param name="left">The first key.</param>
    /// <param name="right">The second key.</param>
    /// <returns><see langword="true"/> when both are the same point.</returns>
    public static bool operator ==(Secp256k1PublicKey left, Secp256k1PublicKey right) => left.Equals(right);

    /// <summary>Compares two public keys for inequality.</summary>
    /// <param name="left">The first key.</param>
    /// <param name="right">The second key.</param>
    /// <returns><see langword="true"/> when the points differ.</returns>
    public static bool operator !=(Secp256k1PublicKey left, Secp256k1PublicKey right) => !left.Equals(right);

    private void ThrowIfDefault()
    {
        if (IsDefault)
        {
            throw new InvalidOperationException("This is default(Secp256k1PublicKey), not a key; use Parse, TryRecover or a private key's PublicKey.");
        }
    }
}
