using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace EnergySettlement.Crypto;

/// <summary>
/// A 256-bit unsigned integer in four 64-bit limbs, least significant first: the storage of coordinates,
/// scalars and signature values. Comparisons here run in constant time.
/// </summary>
internal readonly struct U256 : IEquatable<U256>
{
    /// <summary>The group order n of secp256k1.</summary>
    public static readonly U256 N = new(0xBFD25E8CD0364141, 0xBAAEDCE6AF48A03B, 0xFFFFFFFFFFFFFFFE, 0xFFFFFFFFFFFFFFFF);

    /// <summary>floor(n / 2): the largest low-S value.</summary>
    public static readonly U256 HalfN = new(0xDFE92F46681B20A0, 0x5D576E7357A4501D, 0xFFFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF);

    /// <summary>The field prime p = 2^256 - 2^32 - 977.</summary>
    public static readonly U256 P = new(0xFFFFFFFEFFFFFC2F, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF);

    public readonly ulong L0;
    public readonly ulong L1;
    public readonly ulong L2;
    public readonly ulong L3;

    public U256(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    public bool IsZero => (L0 | L1 | L2 | L3) == 0;

    /// <summary>Reads 32 big-endian bytes.</summary>
    public static U256 FromBigEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
        {
            throw new ArgumentException("A 256-bit value is 32 bytes.", nameof(bytes));
        }

        return new U256(
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes));
    }

    /// <summary>Writes the value as 32 big-endian bytes.</summary>
    public void WriteBigEndian(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, L3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], L2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], L1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], L0);
    }

    /// <summary>Returns 1 when <paramref name="a"/> &lt; <paramref name="b"/>, otherwise 0, in constant time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LessThan(in U256 a, in U256 b)
    {
        ulong borrow = 0;
        _ = SubtractWithBorrow(a.L0, b.L0, ref borrow);
        _ = SubtractWithBorrow(a.L1, b.L1, ref borrow);
        _ = SubtractWithBorrow(a.L2, b.L2, ref borrow);
        _ = SubtractWithBorrow(a.L3, b.L3, ref borrow);
        return borrow;
    }

    /// <summary>a - b mod 2^256 (the caller knows the sign).</summary>
    public static U256 Subtract(in U256 a, in U256 b)
    {
        ulong borrow = 0;
        ulong r0 = SubtractWithBorrow(a.L0, b.L0, ref borrow);
        ulong r1 = SubtractWithBorrow(a.L1, b.L1, ref borrow);
        ulong r2 = SubtractWithBorrow(a.L2, b.L2, ref borrow);
        ulong r3 = SubtractWithBorrow(a.L3, b.L3, ref borrow);
        return new U256(r0, r1, r2, r3);
    }

    /// <summary>Whether 1 &lt;= value &lt; n (a valid scalar), in constant time.</summary>
    public static bool IsValidScalar(in U256 value) =>
        ((LessThan(value, N) & (value.IsZeroMask() ^ 1)) != 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SubtractWithBorrow(ulong a, ulong b, ref ulong borrow)
    {
        ulong d = a - b - borrow;
        borrow = ((~a & b) | (~(a ^ b) & d)) >> 63;
        return d;
    }

    public bool Equals(U256 other) => ((L0 ^ other.L0) | (L1 ^ other.L1) | (L2 ^ other.L2) | (L3 ^ other.L3)) == 0;

    public override bool Equals(object? obj) => obj is U256 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(L0, L1, L2, L3);

    /// <summary>1 when the value is zero, otherwise 0, in constant time.</summary>
    private ulong IsZeroMask()
    {
        ulong x = L0 | L1 | L2 | L3;
        return ((x | (0 - x)) >> 63) ^ 1;
    }
}
