using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EnergySettlement.Crypto;

/// <summary>Scalar multiplication on secp256k1.</summary>
internal static class PointMultiplication
{
    /// <summary>Width of the wNAF digits for an arbitrary point.</summary>
    private const int PointWindowWidth = 5;

    /// <summary>
    /// k·G in constant time: one complete mixed addition per 6-bit window of k, each reading the whole
    /// 64-entry table row with masks (no secret-dependent branch or index).
    /// </summary>
    [SkipLocalsInit]
    public static ProjectivePoint MultiplyGenerator(in Scalar k)
    {
        ulong[] table = GeneratorTables.Comb;
        ProjectivePoint acc = ProjectivePoint.Infinity;
        for (int i = 0; i < GeneratorTables.Windows; i++)
        {
            uint digit = (uint)k.Bits(i * GeneratorTables.CombWidth, GeneratorTables.CombWidth);
            ref ulong row = ref table[i * GeneratorTables.CombEntries * 8];
            Vector256<ulong> x = Vector256<ulong>.Zero;
            Vector256<ulong> y = Vector256<ulong>.Zero;
            for (int j = 0; j < GeneratorTables.CombEntries; j++)
            {
                // All ones when j == digit: (0 - 1) >> 31 is 1, any other difference gives 0.
                var mask = Vector256.Create(0 - (ulong)((((uint)j ^ digit) - 1) >> 31));
                ref ulong entry = ref Unsafe.Add(ref row, j * 8);
                x |= Vector256.LoadUnsafe(ref entry) & mask;
                y |= Vector256.LoadUnsafe(ref entry, 4) & mask;
            }

            ProjectivePoint sum = ProjectivePoint.AddAffine(
                acc,
                new FieldElement(x.GetElement(0), x.GetElement(1), x.GetElement(2), x.GetElement(3)),
                new FieldElement(y.GetElement(0), y.GetElement(1), y.GetElement(2), y.GetElement(3)));
            ulong nonZero = 0 - (ulong)((0 - digit) >> 31);
            acc = ProjectivePoint.Select(acc, sum, nonZero);
        }

        return acc;
    }

    /// <summary>
    /// a·G + b·P, variable time (for public scalars only): both scalars are split with the GLV endomorphism into
    /// halves of about 128 bits, and the four half-length products share one chain of doublings (Shamir's trick)
    /// over width-w NAF digits.
    /// </summary>
    [SkipLocalsInit]
    public static JacobianPoint MultiplyGeneratorAndPointVariableTime(in Scalar a, in AffinePoint p, in Scalar b)
    {
        Endomorphism.Split(a, out Scalar a1, out bool negA1, out Scalar a2, out bool negA2);
        Endomorphism.Split(b, out Scalar b1, out bool negB1, out Scalar b2, out bool negB2);

        Span<short> a1Digits = stackalloc short[DigitCapacity];
        Span<short> a2Digits = stackalloc short[DigitCapacity];
        Span<short> b1Digits = stackalloc short[DigitCapacity];
        Span<short> b2Digits = stackalloc short[DigitCapacity];
        int a1Length = ToWnaf(a1, GeneratorWnafTables.WindowWidth, a1Digits);
        int a2Length = ToWnaf(a2, GeneratorWnafTables.WindowWidth, a2Digits);
        int b1Length = ToWnaf(b1, PointWindowWidth, b1Digits);
        int b2Length = ToWnaf(b2, PointWindowWidth, b2Digits);

        Span<AffinePoint> pMultiples = stackalloc AffinePoint[1 << (PointWindowWidth - 2)];
        Span<AffinePoint> phiMultiples = stackalloc AffinePoint[1 << (PointWindowWidth - 2)];
        if (b1Length + b2Length > 0)
        {
            BuildOddMultiples(p, pMultiples, phiMultiples);
        }

        AffinePoint[] gMultiples = GeneratorWnafTables.OddMultiples;
        AffinePoint[] lambdaGMultiples = GeneratorWnafTables.OddMultiplesLambda;
        JacobianPoint acc = JacobianPoint.Infinity;
        bool started = false;
        int top = Math.Max(Math.Max(a1Length, a2Length), Math.Max(b1Length, b2Length));
        for (int i = top - 1; i >= 0; i--)
        {
            if (started)
            {
                acc = JacobianPoint.Double(acc);
            }

            started |= AddDigit(ref acc, a1Digits[i], negA1, gMultiples);
            started |= AddDigit(ref acc, a2Digits[i], negA2, lambdaGMultiples);
            started |= AddDigit(ref acc, b1Digits[i], negB1, pMultiples);
            started |= AddDigit(ref acc, b2Digits[i], negB2, phiMultiples);
        }

        return acc;
    }

    private const int DigitCapacity = 260;

    /// <summary>
    /// Writes the affine odd multiples P, 3P, 5P, … and their images under φ: the multiples are built in Jacobian
    /// coordinates and normalised together with one variable-time inversion, so that every addition in the main loop
    /// is a cheaper mixed one.
    /// </summary>
    [SkipLocalsInit]
    private static void BuildOddMultiples(in AffinePoint p, Span<AffinePoint> multiples, Span<AffinePoint> phiMultiples)
    {
        Span<JacobianPoint> jacobian = stackalloc JacobianPoint[multiples.Length];
        Span<FieldElement> prefix = stackalloc FieldElement[multiples.Length];
        JacobianPoint twice = JacobianPoint.Double(JacobianPoint.FromAffine(p));
        jacobian[0] = JacobianPoint.FromAffine(p);
        for (int i = 1; i < jacobian.Length; i++)
        {
            // Never a special case: the multiples of a point of prime order n are distinct and finite up to n - 1.
            jacobian[i] = JacobianPoint.Add(jacobian[i - 1], twice);
        }

        FieldElement product = FieldElement.One;
        for (int i = 0; i < jacobian.Length; i++)
        {
            prefix[i] = product;
            product = FieldElement.Multiply(product, jacobian[i].Z);
        }

        FieldElement inverse = FieldElement.InvertVariableTime(product);
        for (int i = jacobian.Length - 1; i >= 0; i--)
        {
            FieldElement zInverse = FieldElement.Multiply(inverse, prefix[i]);
            inverse = FieldElement.Multiply(inverse, jacobian[i].Z);
            FieldElement zInverse2 = FieldElement.Square(zInverse);
            multiples[i] = new AffinePoint(
                FieldElement.Multiply(jacobian[i].X, zInverse2),
                FieldElement.Multiply(jacobian[i].Y, FieldElement.Multiply(zInverse2, zInverse)));
            phiMultiples[i] = Endomorphism.Apply(multiples[i]);
        }
    }

    private static bool AddDigit(ref JacobianPoint acc, int digit, bool negate, ReadOnlySpan<AffinePoint> table)
    {
        if (digit == 0)
        {
            return false;
        }

        AffinePoint q = table[(Math.Abs(digit) - 1) / 2];
        acc = JacobianPoint.AddAffine(acc, (digit > 0) != negate ? q : q.Negate());
        return true;
    }

    /// <summary>
    /// Writes the width-w non-adjacent form of k (digits odd or zero, |digit| &lt; 2^(w-1), least significant
    /// first) and returns the number of digits. Variable time.
    /// </summary>
    internal static int ToWnaf(in Scalar k, int w, Span<short> digits)
    {
        digits.Clear();
        ulong l0 = k.L0, l1 = k.L1, l2 = k.L2, l3 = k.L3, l4 = 0;
        int window = 1 << w;
        int half = window >> 1;
        int length = 0;
        int i = 0;
        while ((l0 | l1 | l2 | l3 | l4) != 0)
        {
            if ((l0 & 1) != 0)
            {
                int d = (int)(l0 & (ulong)(window - 1));
                if (d >= half)
                {
                    d -= window;
                }

                digits[i] = (short)d;
                length = i + 1;

                // k -= d (d is small; for negative d this adds |d|).
                if (d > 0)
                {
                    ulong borrow = 0;
                    l0 = U256.SubtractWithBorrow(l0, (ulong)d, ref borrow);
                    l1 = U256.SubtractWithBorrow(l1, 0, ref borrow);
                    l2 = U256.SubtractWithBorrow(l2, 0, ref borrow);
                    l3 = U256.SubtractWithBorrow(l3, 0, ref borrow);
                    l4 -= borrow;
                }
                else
                {
                    ulong carry = 0;
                    l0 = FieldElement.AddCarry(l0, (ulong)(-d), ref carry);
                    l1 = FieldElement.AddCarry(l1, 0, ref carry);
                    l2 = FieldElement.AddCarry(l2, 0, ref carry);
                    l3 = FieldElement.AddCarry(l3, 0, ref carry);
                    l4 += carry;
                }
            }

            l0 = (l0 >> 1) | (l1 << 63);
            l1 = (l1 >> 1) | (l2 << 63);
            l2 = (l2 >> 1) | (l3 << 63);
            l3 = (l3 >> 1) | (l4 << 63);
            l4 >>= 1;
            i++;
        }

        return length;
    }
}
