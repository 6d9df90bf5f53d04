namespace EnergySettlement.Crypto;

/// <summary>
/// The GLV endomorphism of secp256k1: φ(x, y) = (β·x, y) = λ·(x, y), with β a cube root of unity mod p and λ one
/// mod n. A scalar k splits into k1 + k2·λ with |k1|, |k2| &lt; 2^128, halving the doublings of a multiplication.
/// </summary>
/// <remarks>
/// The constants follow Gallant, Lambert and Vanstone (CRYPTO 2001) and the Guide to Elliptic Curve Cryptography
/// (algorithm 3.74): the short lattice basis (a1, b1), (a2, b2) of {(a, b) : a + b·λ ≡ 0 mod n} comes from the
/// extended Euclidean algorithm on (n, λ); g1 = round(2^384·b2 / n) and g2 = round(2^384·(-b1) / n) turn the
/// rounding divisions into multiplications. The tests recompute every constant with BigInteger arithmetic.
/// Used only on public scalars (verification and recovery): variable time.
/// </remarks>
internal static class Endomorphism
{
    /// <summary>β, a non-trivial cube root of unity mod p.</summary>
    public static readonly FieldElement Beta = new(0xC1396C28719501EE, 0x9CF0497512F58995, 0x6E64479EAC3434E9, 0x7AE96A2B657C0710);

    /// <summary>λ, the cube root of unity mod n with λ·P = φ(P).</summary>
    public static readonly Scalar Lambda = new(0xDF02967C1B23BD72, 0x122E22EA20816678, 0xA5261C028812645A, 0x5363AD4CC05C30E0);

    /// <summary>-b1 = 0xe4437ed6010e88286f547fa90abfe4c3.</summary>
    internal static readonly Scalar MinusB1 = new(0x6F547FA90ABFE4C3, 0xE4437ED6010E8828, 0, 0);

    /// <summary>-b2 mod n, with b2 = 0x3086d221a7d46bcde86c90e49284eb15.</summary>
    internal static readonly Scalar MinusB2 = new(0xD765CDA83DB1562C, 0x8A280AC50774346D, 0xFFFFFFFFFFFFFFFE, 0xFFFFFFFFFFFFFFFF);

    internal static readonly U256 G1 = new(0xE893209A45DBB031, 0x3DAA8A1471E8CA7F, 0xE86C90E49284EB15, 0x3086D221A7D46BCD);

    internal static readonly U256 G2 = new(0x1571B4AE8AC47F71, 0x221208AC9DF506C6, 0x6F547FA90ABFE4C4, 0xE4437ED6010E8828);

    /// <summary>
    /// Splits k into (k1, k2) with k ≡ ±|k1| ± |k2|·λ (mod n); the returned scalars are the absolute values
    /// (below 2^129) and the flags say which are negated.
    /// </summary>
    public static void Split(in Scalar k, out Scalar k1, out bool negate1, out Scalar k2, out bool negate2)
    {
        U256 value = k.ToU256();
        Scalar c1 = Scalar.FromU256(MultiplyShift384(value, G1));
        Scalar c2 = Scalar.FromU256(MultiplyShift384(value, G2));
        Scalar s2 = Scalar.Add(Scalar.Multiply(c1, MinusB1), Scalar.Multiply(c2, MinusB2));
        Scalar s1 = Scalar.Add(k, Scalar.Negate(Scalar.Multiply(s2, Lambda)));

        negate1 = s1.IsHigh() != 0;
        negate2 = s2.IsHigh() != 0;
        k1 = negate1 ? Scalar.Negate(s1) : s1;
        k2 = negate2 ? Scalar.Negate(s2) : s2;
    }

    /// <summary>φ(P) = (β·X, Y, Z) in Jacobian coordinates (x = X/Z², so β scales x).</summary>
    public static JacobianPoint Apply(in JacobianPoint p) => new(FieldElement.Multiply(p.X, Beta), p.Y, p.Z);

    /// <summary>φ(P) for an affine point.</summary>
    public static AffinePoint Apply(in AffinePoint p) => new(FieldElement.Multiply(p.X, Beta), p.Y);

    /// <summary>round(a·b / 2^384) for 256-bit a and b (the result is below 2^128).</summary>
    internal static U256 MultiplyShift384(in U256 a, in U256 b)
    {
        Span<ulong> product = stackalloc ulong[8];
        Span<ulong> x = stackalloc ulong[4];
        Span<ulong> y = stackalloc ulong[4];
        (x[0], x[1], x[2], x[3]) = (a.L0, a.L1, a.L2, a.L3);
        (y[0], y[1], y[2], y[3]) = (b.L0, b.L1, b.L2, b.L3);
        product.Clear();
        for (int i = 0; i < 4; i++)
        {
            ulong carry = 0;
            for (int j = 0; j < 4; j++)
            {
                product[i + j] = FieldElement.MulAdd(x[i], y[j], product[i + j], ref carry);
            }

            product[i + 4] = carry;
        }

        // Round: add 2^383 (bit 63 of limb 5) and keep limbs 6 and 7.
        ulong c = 0;
        _ = FieldElement.AddCarry(product[5], 1UL << 63, ref c);
        ulong low = FieldElement.AddCarry(product[6], 0, ref c);
        ulong high = FieldElement.AddCarry(product[7], 0, ref c);
        return new U256(low, high, 0, 0);
    }
}
