using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace EnergySettlement.Crypto;

/// <summary>
/// An integer modulo the group order n of secp256k1, as four 64-bit limbs (least significant first), always
/// fully reduced. Multiplication uses Montgomery's method (CIOS); every operation runs in constant time.
/// </summary>
internal readonly struct Scalar
{
    public static readonly Scalar Zero;
    public static readonly Scalar One = new(1, 0, 0, 0);

    private const ulong N0 = 0xBFD25E8CD0364141;
    private const ulong N1 = 0xBAAEDCE6AF48A03B;
    private const ulong N2 = 0xFFFFFFFFFFFFFFFE;
    private const ulong N3 = 0xFFFFFFFFFFFFFFFF;

    /// <summary>-n^-1 mod 2^64.</summary>
    private static readonly ulong NInv = ComputeNInv();

    /// <summary>2^512 mod n, to enter the Montgomery domain.</summary>
    private static readonly Scalar R2 = ComputeR2();

    public readonly ulong L0;
    public readonly ulong L1;
    public readonly ulong L2;
    public readonly ulong L3;

    public Scalar(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    public bool IsZero => (L0 | L1 | L2 | L3) == 0;

    public U256 ToU256() => new(L0, L1, L2, L3);

    /// <summary>Reads 32 big-endian bytes and reduces them modulo n (one conditional subtraction; constant time).</summary>
    public static Scalar FromBigEndianReduced(ReadOnlySpan<byte> bytes32)
    {
        ulong l3 = BinaryPrimitives.ReadUInt64BigEndian(bytes32);
        ulong l2 = BinaryPrimitives.ReadUInt64BigEndian(bytes32[8..]);
        ulong l1 = BinaryPrimitives.ReadUInt64BigEndian(bytes32[16..]);
        ulong l0 = BinaryPrimitives.ReadUInt64BigEndian(bytes32[24..]);
        return ReduceOnce(l0, l1, l2, l3, 0);
    }

    /// <summary>Converts a value known to be below n.</summary>
    public static Scalar FromU256(in U256 value) => new(value.L0, value.L1, value.L2, value.L3);

    /// <summary>Reduces a value below 2^256 modulo n (constant time).</summary>
    public static Scalar Reduce(in U256 value) => ReduceOnce(value.L0, value.L1, value.L2, value.L3, 0);

    public void WriteBigEndian(Span<byte> destination) => ToU256().WriteBigEndian(destination);

    public static Scalar Add(in Scalar a, in Scalar b)
    {
        ulong carry = 0;
        ulong s0 = FieldElement.AddCarry(a.L0, b.L0, ref carry);
        ulong s1 = FieldElement.AddCarry(a.L1, b.L1, ref carry);
        ulong s2 = FieldElement.AddCarry(a.L2, b.L2, ref carry);
        ulong s3 = FieldElement.AddCarry(a.L3, b.L3, ref carry);
        return ReduceOnce(s0, s1, s2, s3, carry);
    }

    /// <summary>n - a for a ≠ 0, and 0 for 0 (constant time).</summary>
    public static Scalar Negate(in Scalar a)
    {
        ulong borrow = 0;
        ulong d0 = U256.SubtractWithBorrow(N0, a.L0, ref borrow);
        ulong d1 = U256.SubtractWithBorrow(N1, a.L1, ref borrow);
        ulong d2 = U256.SubtractWithBorrow(N2, a.L2, ref borrow);
        ulong d3 = U256.SubtractWithBorrow(N3, a.L3, ref borrow);
        ulong x = a.L0 | a.L1 | a.L2 | a.L3;
        ulong nonZero = 0 - ((x | (0 - x)) >> 63);
        return new Scalar(d0 & nonZero, d1 & nonZero, d2 & nonZero, d3 & nonZero);
    }

    /// <summary>a · b mod n.</summary>
    public static Scalar Multiply(in Scalar a, in Scalar b) => MontgomeryMultiply(MontgomeryMultiply(a, b), R2);

    /// <summary>a^-1 mod n (0 for 0) by Fermat's little theorem with a fixed window over the public exponent n - 2: constant time.</summary>
    [SkipLocalsInit]
    public static Scalar Invert(in Scalar a)
    {
        Span<Scalar> powers = stackalloc Scalar[16];
        powers[0] = MontgomeryMultiply(One, R2);
        powers[1] = MontgomeryMultiply(a, R2);
        for (int i = 2; i < 16; i++)
        {
            powers[i] = MontgomeryMultiply(powers[i - 1], powers[1]);
        }

        // n - 2, most significant limb first.
        Span<ulong> exponent = stackalloc ulong[4];
        (exponent[0], exponent[1], exponent[2], exponent[3]) = (N3, N2, N1, N0 - 2);
        Scalar acc = powers[0];
        for (int limb = 0; limb < 4; limb++)
        {
            for (int shift = 60; shift >= 0; shift -= 4)
            {
                acc = MontgomeryMultiply(acc, acc);
                acc = MontgomeryMultiply(acc, acc);
                acc = MontgomeryMultiply(acc, acc);
                acc = MontgomeryMultiply(acc, acc);
                acc = MontgomeryMultiply(acc, powers[(int)((exponent[limb] >> shift) & 0xF)]);
            }
        }

        Scalar result = MontgomeryMultiply(acc, One);
        powers.Clear();
        return result;
    }

    /// <summary>a^-1 mod n (0 for 0) by batched divsteps (<see cref="ModularInverse"/>). Variable time: for public values only (verification, recovery).</summary>
    public static Scalar InvertVariableTime(in Scalar a) =>
        FromU256(ModularInverse.InvertVariableTime(a.ToU256(), ModularInverse.N));

    /// <summary>Whether the value is above n / 2 (constant time), as a 0/1 word.</summary>
    public ulong IsHigh() => U256.LessThan(U256.HalfN, ToU256());

    /// <summary>Returns <paramref name="b"/> where <paramref name="mask"/> is all ones, otherwise <paramref name="a"/>.</summary>
    public static Scalar Select(in Scalar a, in Scalar b, ulong mask) =>
        new(a.L0 ^ ((a.L0 ^ b.L0) & mask), a.L1 ^ ((a.L1 ^ b.L1) & mask), a.L2 ^ ((a.L2 ^ b.L2) & mask), a.L3 ^ ((a.L3 ^ b.L3) & mask));

    /// <summary>Bits [offset, offset + count) of the value (count &lt;= 32; offset and count are public).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Bits(int offset, int count)
    {
        int index = offset >> 6;
        int shift = offset & 63;
        ulong value = Limb(index) >> shift;
        if (shift + count > 64 && index < 3)
        {
            value |= Limb(index + 1) << (64 - shift);
        }

        return (int)(value & ((1UL << count) - 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Limb(int index) => index switch
    {
        0 => L0,
        1 => L1,
        2 => L2,
        _ => L3,
    };

    /// <summary>a · b · 2^-256 mod n (CIOS Montgomery multiplication, unrolled; inputs below n).</summary>
    [SkipLocalsInit]
    private static Scalar MontgomeryMultiply(in Scalar a, in Scalar b)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5, m, c, cc;
        // Round 0: t += a·b0, then add m·n so the low word vanishes and shift down one word.
        ulong b0 = b.L0;
        c = 0;
        t0 = FieldElement.MulAdd(a0, b0, t0, ref c);
        t1 = FieldElement.MulAdd(a1, b0, t1, ref c);
        t2 = FieldElement.MulAdd(a2, b0, t2, ref c);
        t3 = FieldElement.MulAdd(a3, b0, t3, ref c);
        cc = 0;
        t4 = FieldElement.AddCarry(t4, c, ref cc);
        t5 = cc;
        m = t0 * NInv;
        c = 0;
        _ = FieldElement.MulAdd(m, N0, t0, ref c);
        t0 = FieldElement.MulAdd(m, N1, t1, ref c);
        t1 = FieldElement.MulAdd(m, N2, t2, ref c);
        t2 = FieldElement.MulAdd(m, N3, t3, ref c);
        cc = 0;
        t3 = FieldElement.AddCarry(t4, c, ref cc);
        t4 = t5 + cc;
        // Round 1: t += a·b1, then add m·n so the low word vanishes and shift down one word.
        ulong b1 = b.L1;
        c = 0;
        t0 = FieldElement.MulAdd(a0, b1, t0, ref c);
        t1 = FieldElement.MulAdd(a1, b1, t1, ref c);
        t2 = FieldElement.MulAdd(a2, b1, t2, ref c);
        t3 = FieldElement.MulAdd(a3, b1, t3, ref c);
        cc = 0;
        t4 = FieldElement.AddCarry(t4, c, ref cc);
        t5 = cc;
        m = t0 * NInv;
        c = 0;
        _ = FieldElement.MulAdd(m, N0, t0, ref c);
        t0 = FieldElement.MulAdd(m, N1, t1, ref c);
        t1 = FieldElement.MulAdd(m, N2, t2, ref c);
        t2 = FieldElement.MulAdd(m, N3, t3, ref c);
        cc = 0;
        t3 = FieldElement.AddCarry(t4, c, ref cc);
        t4 = t5 + cc;
        // Round 2: t += a·b2, then add m·n so the low word vanishes and shift down one word.
        ulong b2 = b.L2;
        c = 0;
        t0 = FieldElement.MulAdd(a0, b2, t0, ref c);
        t1 = FieldElement.MulAdd(a1, b2, t1, ref c);
        t2 = FieldElement.MulAdd(a2, b2, t2, ref c);
        t3 = FieldElement.MulAdd(a3, b2, t3, ref c);
        cc = 0;
        t4 = FieldElement.AddCarry(t4, c, ref cc);
        t5 = cc;
        m = t0 * NInv;
        c = 0;
        _ = FieldElement.MulAdd(m, N0, t0, ref c);
        t0 = FieldElement.MulAdd(m, N1, t1, ref c);
        t1 = FieldElement.MulAdd(m, N2, t2, ref c);
        t2 = FieldElement.MulAdd(m, N3, t3, ref c);
        cc = 0;
        t3 = FieldElement.AddCarry(t4, c, ref cc);
        t4 = t5 + cc;
        // Round 3: t += a·b3, then add m·n so the low word vanishes and shift down one word.
        ulong b3 = b.L3;
        c = 0;
        t0 = FieldElement.MulAdd(a0, b3, t0, ref c);
        t1 = FieldElement.MulAdd(a1, b3, t1, ref c);
        t2 = FieldElement.MulAdd(a2, b3, t2, ref c);
        t3 = FieldElement.MulAdd(a3, b3, t3, ref c);
        cc = 0;
        t4 = FieldElement.AddCarry(t4, c, ref cc);
        t5 = cc;
        m = t0 * NInv;
        c = 0;
        _ = FieldElement.MulAdd(m, N0, t0, ref c);
        t0 = FieldElement.MulAdd(m, N1, t1, ref c);
        t1 = FieldElement.MulAdd(m, N2, t2, ref c);
        t2 = FieldElement.MulAdd(m, N3, t3, ref c);
        cc = 0;
        t3 = FieldElement.AddCarry(t4, c, ref cc);
        t4 = t5 + cc;
        return ReduceOnce(t0, t1, t2, t3, t4);
    }

    /// <summary>Reduces carry·2^256 + r (&lt; 2n) to below n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Scalar ReduceOnce(ulong r0, ulong r1, ulong r2, ulong r3, ulong carry)
    {
        ulong borrow = 0;
        ulong d0 = U256.SubtractWithBorrow(r0, N0, ref borrow);
        ulong d1 = U256.SubtractWithBorrow(r1, N1, ref borrow);
        ulong d2 = U256.SubtractWithBorrow(r2, N2, ref borrow);
        ulong d3 = U256.SubtractWithBorrow(r3, N3, ref borrow);
        ulong mask = 0 - (carry | (borrow ^ 1));
        return new Scalar(
            r0 ^ ((r0 ^ d0) & mask),
            r1 ^ ((r1 ^ d1) & mask),
            r2 ^ ((r2 ^ d2) & mask),
            r3 ^ ((r3 ^ d3) & mask));
    }

    private static ulong ComputeNInv()
    {
        // Newton's iteration doubles the correct low bits each time: 1 → 64 bits in 6 steps.
        ulong inverse = 1;
        for (int i = 0; i < 6; i++)
        {
            inverse *= 2 - (N0 * inverse);
        }

        return 0 - inverse;
    }

    private static Scalar ComputeR2()
    {
        Scalar value = One;
        for (int i = 0; i < 512; i++)
        {
            value = Add(value, value);
        }

        return value;
    }
}
