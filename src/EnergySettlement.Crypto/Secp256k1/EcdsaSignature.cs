using System.Runtime.InteropServices;

namespace EnergySettlement.Crypto;

/// <summary>
/// An ECDSA signature on secp256k1: the pair (r, s), each an integer in [1, n - 1] held as 32 big-endian bytes.
/// </summary>
/// <remarks>
/// <para>
/// Immutable and thread-safe. Signatures made by <see cref="Secp256k1PrivateKey.Sign"/> are low-S
/// (s &lt;= n / 2), as Bitcoin-family policy and Ethereum transactions require; <see cref="NormalizeS"/> turns a
/// high-S signature (for example from a KMS) into its low-S twin. <c>default(EcdsaSignature)</c> has r = s = 0
/// and never verifies.
/// </para>
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly struct EcdsaSignature : IEquatable<EcdsaSignature>
{
    /// <summary>The length of the compact form r ‖ s: 64 bytes.</summary>
    public const int CompactLength = 64;

    /// <summary>The longest strict DER encoding of a secp256k1 signature: 72 bytes.</summary>
    public const int MaxDerLength = 72;

    private readonly U256 _r;
    private readonly U256 _s;

    internal EcdsaSignature(U256 r, U256 s)
    {
        _r = r;
        _s = s;
    }

    internal U256 R => _r;

    internal U256 S => _s;

    /// <summary>Whether s &lt;= n / 2 (the canonical, low-S form).</summary>
    public bool IsLowS => U256.LessThan(U256.HalfN, _s) == 0;

    /// <summary>Reads the compact 64-byte form r ‖ s (each 32 bytes big-endian), as in Ethereum signatures.</summary>
    /// <param name="rs64">Exactly 64 bytes.</param>
    /// <returns>The signature.</returns>
    /// <exception cref="ArgumentException">The input is not 64 bytes, or r or s is 0 or not below the group order n.</exception>
    public static EcdsaSignature FromCompact(ReadOnlySpan<byte> rs64)
    {
        if (rs64.Length != CompactLength)
        {
            throw new ArgumentException("A compact signature is 64 bytes (r ‖ s).", nameof(rs64));
        }

        return TryFromCompact(rs64, out EcdsaSignature signature)
            ? signature
            : throw new ArgumentException("A signature's r and s must each be between 1 and n - 1.", nameof(rs64));
    }

    /// <summary>Tries to read the compact 64-byte form r ‖ s.</summary>
    /// <param name="rs64">The input; must be exactly 64 bytes.</param>
    /// <param name="signature">The signature, or <c>default</c> on failure.</param>
    /// <returns><see langword="true"/> when the input is 64 bytes and r and s are both in [1, n - 1].</returns>
    public static bool TryFromCompact(ReadOnlySpan<byte> rs64, out EcdsaSignature signature)
    {
        signature = default;
        if (rs64.Length != CompactLength)
        {
            return false;
        }

        var r = U256.FromBigEndian(rs64[..32]);
        var s = U256.FromBigEndian(rs64[32..]);
        if (!U256.IsValidScalar(r) || !U256.IsValidScalar(s))
        {
            return false;
        }

        signature = new EcdsaSignature(r, s);
        return true;
    }

    /// <summary>Writes the compact 64-byte form r ‖ s (each 32 bytes big-endian).</summary>
    /// <param name="destination64">Receives the 64 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination64"/> is shorter than 64 bytes.</exception>
    public void WriteCompact(Span<byte> destination64)
    {
        if (destination64.Length < CompactLength)
        {
            throw new ArgumentException("The destination must hold 64 bytes.", nameof(destination64));
        }

        _r.WriteBigEndian(destination64);
        _s.WriteBigEndian(destination64[32..]);
    }

    /// <summary>Returns the low-S form of this signature: itself when already low-S, otherwise (r, n - s).</summary>
    /// <returns>A signature that verifies for the same key and message, with s &lt;= n / 2.</returns>
    public EcdsaSignature NormalizeS() => IsLowS ? this : new EcdsaSignature(_r, U256.Subtract(U256.N, _s));

    /// <summary>
    /// Reads a strict DER signature (BIP 66 rules): <c>30 len 02 rlen r 02 slen s</c> with minimal,
    /// non-negative integers, no trailing bytes, and r, s in [1, n - 1].
    /// </summary>
    /// <param name="der">The DER bytes (without any sighash byte).</param>
    /// <returns>The signature.</returns>
    /// <exception cref="FormatException">The input is not a strict DER encoding of a valid signature.</exception>
    public static EcdsaSignature FromDer(ReadOnlySpan<byte> der) =>
        TryFromDer(der, out EcdsaSignature signature)
            ? signature
            : throw new FormatException("The bytes are not a strict DER encoding of a secp256k1 ECDSA signature.");

    /// <summary>Tries to read a strict DER signature (see <see cref="FromDer"/>).</summary>
    /// <param name="der">The DER bytes.</param>
    /// <param name="signature">The signature, or <c>default</c> on failure.</param>
    /// <returns><see langword="true"/> when the input is a strict DER encoding of a valid signature.</returns>
    public static bool TryFromDer(ReadOnlySpan<byte> der, out EcdsaSignature signature)
    {
        signature = default;
        if (der.Length < 8 || der.Length > MaxDerLength || der[0] != 0x30 || der[1] != der.Length - 2)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = der[2..];
        if (!TryReadInteger(ref rest, out U256 r) || !TryReadInteger(ref rest, out U256 s) || !rest.IsEmpty)
        {
            return false;
        }

        if (!U256.IsValidScalar(r) || !U256.IsValidScalar(s))
        {
            return false;
        }

        signature = new EcdsaSignature(r, s);
        return true;
    }

    /// <summary>Writes the strict DER encoding of this signature.</summary>
    /// <param name="destination">Receives the encoding; <see cref="MaxDerLength"/> bytes are always enough.</param>
    /// <returns>The number of bytes written (8 to 72).</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short for the encoding.</exception>
    public int WriteDer(Span<byte> destination)
    {
        Span<byte> r = stackalloc byte[33];
        Span<byte> s = stackalloc byte[33];
        ReadOnlySpan<byte> rInt = MinimalInteger(_r, r);
        ReadOnlySpan<byte> sInt = MinimalInteger(_s, s);
        int length = 6 + rInt.Length + sInt.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination must hold {length} bytes.", nameof(destination));
        }

        destination[0] = 0x30;
        destination[1] = (byte)(length - 2);
        destination[2] = 0x02;
        destination[3] = (byte)rInt.Length;
        rInt.CopyTo(destination[4..]);
        int at = 4 + rInt.Length;
        destination[at] = 0x02;
        destination[at + 1] = (byte)sInt.Length;
        sInt.CopyTo(destination[(at + 2)..]);
        return length;
    }

    /// <summary>Returns the strict DER encoding of this signature in a new array.</summary>
    /// <returns>The DER bytes.</returns>
    public byte[] ToDer()
    {
        Span<byte> buffer = stackalloc byte[MaxDerLength];
        int length = WriteDer(buffer);
        return buffer[..length].ToArray();
    }

    /// <inheritdoc/>
    public bool Equals(EcdsaSignature other) => _r.Equals(other._r) && _s.Equals(other._s);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EcdsaSignature other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_r, _s);

    /// <summary>Returns the compact form r ‖ s as lower-case hex.</summary>
    /// <returns>128 hex digits.</returns>
    public override string ToString()
    {
        Span<byte> compact = stackalloc byte[CompactLength];
        WriteCompact(compact);
        return Hex.Encode(compact);
    }

    /// <summary>Compares two signatures for equality of r and s.</summary>
    /// <param name="left">The first signature.</param>
    /// <param name="right">The second signature.</param>
    /// <returns><see langword="true"/> when both r and s are equal.</returns>
    public static bool operator ==(EcdsaSignature left, EcdsaSignature right) => left.Equals(right);

    /// <summary>Compares two signatures for inequality.</summary>
    /// <param name="left">The first signature.</param>
    /// <param name="right">The second signature.</param>
    /// <returns><see langword="true"/> when r or s differ.</returns>
    public static bool operator !=(EcdsaSignature left, EcdsaSignature right) => !left.Equals(right);

    private static bool TryReadInteger(ref ReadOnlySpan<byte> rest, out U256 value)
    {
        value = default;
        if (rest.Length < 2 || rest[0] != 0x02)
        {
            return false;
        }

        int length = rest[1];
        if (length == 0 || length > 33 || rest.Length < 2 + length)
        {
            return false;
        }

        ReadOnlySpan<byte> content = rest.Slice(2, length);
        if ((content[0] & 0x80) != 0)
        {
            return false; // negative
        }

        if (length > 1 && content[0] == 0 && (content[1] & 0x80) == 0)
        {
            return false; // not minimal
        }

        if (length == 33)
        {
            content = content[1..];
        }

        Span<byte> padded = stackalloc byte[32];
        padded.Clear();
        content.CopyTo(padded[(32 - content.Length)..]);
        value = U256.FromBigEndian(padded);
        rest = rest[(2 + length)..];
        return true;
    }

    private static ReadOnlySpan<byte> MinimalInteger(in U256 value, Span<byte> buffer33)
    {
        buffer33[0] = 0;
        value.WriteBigEndian(buffer33[1..]);
        int start = 1;
        while (start < 32 && buffer33[start] == 0)
        {
            start++;
        }

        if ((buffer33[start] & 0x80) != 0)
        {
            start--;
        }

        return buffer33[start..];
    }
}
