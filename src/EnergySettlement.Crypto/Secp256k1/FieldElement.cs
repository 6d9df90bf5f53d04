using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace EnergySettlement.Crypto;

/// <summary>
/// An element of the secp256k1 base field, integers modulo p = 2^256 - 2^32 - 977, as four 64-bit limbs (least
/// significant first), always fully reduced (&lt; p).
/// </summary>
/// <remarks>
/// Every operation runs in constant time: no branches or memory indexes depend on the values. Carries are
/// computed with comparisons that the JIT turns into flag arithmetic (setb/adc), and selections with masks.
/// Reduction uses 2^256 ≡ 0x1000003D1 (mod p).
/// </remarks>
internal readonly struct FieldElement
{
    /// <summary>2^256 - p = 2^32 + 977.</summary>
    private const ulong ReductionConstant = 0x1000003D1;

    public static readonly FieldElement Zero;
    public static readonly FieldElement One = new(1, 0, 0, 0);

    public readonly ulong L0;
    public readonly ulong L1;
    public readonly ulong L2;
    public readonly ulong L3;

    public FieldElement(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    /// <summary>Converts a value known to be below p.</summary>
    public static FieldElement FromU256(in U256 value) => new(value.L0, value.L1, value.L2, value.L3);

    public U256 ToU256() => new(L0, L1, L2, L3);

    public bool IsZero => (L0 | L1 | L2 | L3) == 0;

    public bool IsOdd => (L0 & 1) != 0;

    /// <summary>All ones when the value is zero, otherwise zero.</summary>
    public ulong IsZeroMask
    {
        get
        {
            ulong x = L0 | L1 | L2 | L3;
            return ((x | (0 - x)) >> 63) - 1;
        }
    }

    public static bool Equal(in FieldElement a, in FieldElement b) =>
        ((a.L0 ^ b.L0) | (a.L1 ^ b.L1) | (a.L2 ^ b.L2) | (a.L3 ^ b.L3)) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement Add(in FieldElement a, in FieldElement b)
    {
        ulong carry = 0;
        ulong s0 = AddCarry(a.L0, b.L0, ref carry);
        ulong s1 = AddCarry(a.L1, b.L1, ref carry);
        ulong s2 = AddCarry(a.L2, b.L2, ref carry);
        ulong s3 = AddCarry(a.L3, b.L3, ref carry);
        return ReduceOnce(s0, s1, s2, s3, carry);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement Subtract(in FieldElement a, in FieldElement b)
    {
        ulong borrow = 0;
        ulong d0 = U256.SubtractWithBorrow(a.L0, b.L0, ref borrow);
        ulong d1 = U256.SubtractWithBorrow(a.L1, b.L1, ref borrow);
        ulong d2 = U256.SubtractWithBorrow(a.L2, b.L2, ref borrow);
        ulong d3 = U256.SubtractWithBorrow(a.L3, b.L3, ref borrow);

        // On borrow the limbs hold a - b + 2^256; adding p means subtracting 2^256 - p.
        ulong fix = (0 - borrow) & ReductionConstant;
        ulong b2 = 0;
        d0 = U256.SubtractWithBorrow(d0, fix, ref b2);
        d1 = U256.SubtractWithBorrow(d1, 0, ref b2);
        d2 = U256.SubtractWithBorrow(d2, 0, ref b2);
        d3 = U256.SubtractWithBorrow(d3, 0, ref b2);
        return new FieldElement(d0, d1, d2, d3);
    }

    public static FieldElement Negate(in FieldElement a) => Subtract(Zero, a);

    /// <summary>a · b mod p.</summary>
    [SkipLocalsInit]
    public static FieldElement Multiply(in FieldElement a, in FieldElement b)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong b0 = b.L0, b1 = b.L1, b2 = b.L2, b3 = b.L3;
        ulong r0, r1, r2, r3, r4, r5, r6, r7, c;

        // Row 0.
        c = 0;
        r0 = MulAdd(a0, b0, 0, ref c);
        r1 = MulAdd(a0, b1, 0, ref c);
        r2 = MulAdd(a0, b2, 0, ref c);
        r3 = MulAdd(a0, b3, 0, ref c);
        r4 = c;

        // Row 1.
        c = 0;
        r1 = MulAdd(a1, b0, r1, ref c);
        r2 = MulAdd(a1, b1, r2, ref c);
        r3 = MulAdd(a1, b2, r3, ref c);
        r4 = MulAdd(a1, b3, r4, ref c);
        r5 = c;

        // Row 2.
        c = 0;
        r2 = MulAdd(a2, b0, r2, ref c);
        r3 = MulAdd(a2, b1, r3, ref c);
        r4 = MulAdd(a2, b2, r4, ref c);
        r5 = MulAdd(a2, b3, r5, ref c);
        r6 = c;

        // Row 3.
        c = 0;
        r3 = MulAdd(a3, b0, r3, ref c);
        r4 = MulAdd(a3, b1, r4, ref c);
        r5 = MulAdd(a3, b2, r5, ref c);
        r6 = MulAdd(a3, b3, r6, ref c);
        r7 = c;

        return Reduce(r0, r1, r2, r3, r4, r5, r6, r7);
    }

    /// <summary>a² mod p.</summary>
    [SkipLocalsInit]
    public static FieldElement Square(in FieldElement a)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong r1, r2, r3, r4, r5, r6, r7, c;

        // Off-diagonal products a_i·a_j (i < j).
        c = 0;
        r1 = MulAdd(a0, a1, 0, ref c);
        r2 = MulAdd(a0, a2, 0, ref c);
        r3 = MulAdd(a0, a3, 0, ref c);
        r4 = c;
        c = 0;
        r3 = MulAdd(a1, a2, r3, ref c);
        r4 = MulAdd(a1, a3, r4, ref c);
        r5 = c;
        c = 0;
        r5 = MulAdd(a2, a3, r5, ref c);
        r6 = c;

        // Double them.
        r7 = r6 >> 63;
        r6 = (r6 << 1) | (r5 >> 63);
        r5 = (r5 << 1) | (r4 >> 63);
        r4 = (r4 << 1) | (r3 >> 63);
        r3 = (r3 << 1) | (r2 >> 63);
        r2 = (r2 << 1) | (r1 >> 63);
        r1 <<= 1;

        // Add the squares a_i².
        ulong h0 = MultiplyHigh(a0, a0), r0 = a0 * a0;
        ulong h1 = MultiplyHigh(a1, a1), l1 = a1 * a1;
        ulong h2 = MultiplyHigh(a2, a2), l2 = a2 * a2;
        ulong h3 = MultiplyHigh(a3, a3), l3 = a3 * a3;
        c = 0;
        r1 = AddCarry(r1, h0, ref c);
        r2 = AddCarry(r2, l1, ref c);
        r3 = AddCarry(r3, h1, ref c);
        r4 = AddCarry(r4, l2, ref c);
        r5 = AddCarry(r5, h2, ref c);
        r6 = AddCarry(r6, l3, ref c);
        r7 = AddCarry(r7, h3, ref c);

        return Reduce(r0, r1, r2, r3, r4, r5, r6, r7);
    }

    /// <summary>a · k mod p for a small constant k (&lt; 2^31).</summary>
    public static FieldElement MultiplySmall(in FieldElement a, uint k)
    {
        ulong c = 0;
        ulong r0 = MulAdd(a.L0, k, 0, ref c);
        ulong r1 = MulAdd(a.L1, k, 0, ref c);
        ulong r2 = MulAdd(a.L2, k, 0, ref c);
        ulong r3 = MulAdd(a.L3, k, 0, ref c);
        return ReduceSmallTop(r0, r1, r2, r3, c);
    }

    /// <summary>Squares <paramref name="a"/> <paramref name="times"/> times (public count).</summary>
    public static FieldElement SquareTimes(FieldElement a, int times)
    {
        for (int i = 0; i < times; i++)
        {
            a = Square(a);
        }

        return a;
    }

    /// <summary>a^(p-2) = a^-1 mod p (0 for 0), by a fixed addition chain: constant time.</summary>
    public static FieldElement Invert(in FieldElement a)
    {
        Chain(a, out FieldElement x2, out FieldElement x22, out FieldElement x223);

        // p - 2 = [223 ones] 0 [22 ones] 0000101101.
        FieldElement t = Multiply(SquareTimes(x223, 23), x22);
        t = Multiply(SquareTimes(t, 5), a);
        t = Multiply(SquareTimes(t, 3), x2);
        return Multiply(SquareTimes(t, 2), a);
    }

    /// <summary>a^-1 mod p (0 for 0) by batched divsteps (<see cref="ModularInverse"/>). Variable time: for public values only.</summary>
    public static FieldElement InvertVariableTime(in FieldElement a) =>
        FromU256(ModularInverse.InvertVariableTime(a.ToU256(), ModularInverse.P));

    /// <summary>
    /// Computes a^((p+1)/4), a square root of a when one exists (p ≡ 3 mod 4), and reports whether it is one.
    /// Constant time.
    /// </summary>
    public static bool TrySqrt(in FieldElement a, out FieldElement root)
    {
        Chain(a, out FieldElement x2, out FieldElement x22, out FieldElement x223);

        // (p + 1) / 4 = [223 ones] 0 [22 ones] 0000 11 00.
        FieldElement t = Multiply(SquareTimes(x223, 23), x22);
        t = Multiply(SquareTimes(t, 6), x2);
        root = SquareTimes(t, 2);
        return Equal(Square(root), a);
    }

    /// <summary>Returns <paramref name="b"/> where <paramref name="mask"/> is all ones, otherwise <paramref name="a"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement Select(in FieldElement a, in FieldElement b, ulong mask) =>
        new(a.L0 ^ ((a.L0 ^ b.L0) & mask), a.L1 ^ ((a.L1 ^ b.L1) & mask), a.L2 ^ ((a.L2 ^ b.L2) & mask), a.L3 ^ ((a.L3 ^ b.L3) & mask));

    /// <summary>Add with carry in and out (carry is 0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong AddCarry(ulong a, ulong b, ref ulong carry)
    {
        ulong t = a + carry;
        ulong c1 = t < carry ? 1UL : 0UL;
        ulong s = t + b;
        ulong c2 = s < b ? 1UL : 0UL;
        carry = c1 | c2;
        return s;
    }

    /// <summary>Returns the low word of a·b + c + carry and leaves the high word in carry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong MulAdd(ulong a, ulong b, ulong c, ref ulong carry)
    {
        ulong high = MultiplyHigh(a, b);
        ulong low = a * b;
        low += c;
        high += low < c ? 1UL : 0UL;
        low += carry;
        high += low < carry ? 1UL : 0UL;
        carry = high;
        return low;
    }

    /// <summary>
    /// The high word of the 128-bit product: mulx where available, with the low word taken by a separate multiply
    /// (Math.BigMul's out parameter makes the JIT round-trip the low word through the stack).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong MultiplyHigh(ulong a, ulong b) =>
        Bmi2.X64.IsSupported ? Bmi2.X64.MultiplyNoFlags(a, b) : Math.BigMul(a, b, out _);

    private static void Chain(in FieldElement a, out FieldElement x2, out FieldElement x22, out FieldElement x223)
    {
        // x_k = a^(2^k - 1).
        x2 = Multiply(Square(a), a);
        FieldElement x3 = Multiply(Square(x2), a);
        FieldElement x6 = Multiply(SquareTimes(x3, 3), x3);
        FieldElement x9 = Multiply(SquareTimes(x6, 3), x3);
        FieldElement x11 = Multiply(SquareTimes(x9, 2), x2);
        x22 = Multiply(SquareTimes(x11, 11), x11);
        FieldElement x44 = Multiply(SquareTimes(x22, 22), x22);
        FieldElement x88 = Multiply(SquareTimes(x44, 44), x44);
        FieldElement x176 = Multiply(SquareTimes(x88, 88), x88);
        FieldElement x220 = Multiply(SquareTimes(x176, 44), x44);
        x223 = Multiply(SquareTimes(x220, 3), x3);
    }

    /// <summary>Reduces the 512-bit value r7..r0 modulo p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement Reduce(ulong r0, ulong r1, ulong r2, ulong r3, ulong r4, ulong r5, ulong r6, ulong r7)
    {
        // value = high·2^256 + low ≡ high·0x1000003D1 + low.
        ulong c = 0;
        r0 = MulAdd(r4, ReductionConstant, r0, ref c);
        r1 = MulAdd(r5, ReductionConstant, r1, ref c);
        r2 = MulAdd(r6, ReductionConstant, r2, ref c);
        r3 = MulAdd(r7, ReductionConstant, r3, ref c);
        return ReduceSmallTop(r0, r1, r2, r3, c);
    }

    /// <summary>Reduces top·2^256 + r3..r0 (top &lt; 2^35) modulo p.</summary>
    /// <remarks>
    /// Two passes: s = r + top·0x1000003D1 (carry k), then t = s + 0x1000003D1 (carry k2). With k = 1 the value is
    /// s + 2^256 ≡ t, and s &lt; 2^67 so t is already below p; with k = 0 the value is s, which is at least p exactly
    /// when k2 = 1, and then t = s - p. So the answer is t when k | k2, otherwise s.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement ReduceSmallTop(ulong r0, ulong r1, ulong r2, ulong r3, ulong top)
    {
        ulong high = MultiplyHigh(top, ReductionConstant), low = top * ReductionConstant;
        ulong k = 0;
        r0 = AddCarry(r0, low, ref k);
        r1 = AddCarry(r1, high, ref k);
        r2 = AddCarry(r2, 0, ref k);
        r3 = AddCarry(r3, 0, ref k);
        return ReduceOnce(r0, r1, r2, r3, k);
    }

    /// <summary>Reduces carry·2^256 + r3..r0 (&lt; 2p) to below p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement ReduceOnce(ulong r0, ulong r1, ulong r2, ulong r3, ulong carry)
    {
        // r - p = r + (2^256 - p) - 2^256: it is the answer when r >= p, i.e. when the sum or r itself carries.
        ulong c = 0;
        ulong t0 = AddCarry(r0, ReductionConstant, ref c);
        ulong t1 = AddCarry(r1, 0, ref c);
        ulong t2 = AddCarry(r2, 0, ref c);
        ulong t3 = AddCarry(r3, 0, ref c);
        ulong mask = 0 - (c | carry);
        return new FieldElement(
            r0 ^ ((r0 ^ t0) & mask),
            r1 ^ ((r1 ^ t1) & mask),
            r2 ^ ((r2 ^ t2) & mask),
            r3 ^ ((r3 ^ t3) & mask));
    }
}
