using System.Numerics;
using System.Runtime.CompilerServices;

namespace EnergySettlement.Crypto;

/// <summary>
/// Variable-time modular inversion for an odd 256-bit modulus (p or n of secp256k1) by Bernstein and Yang's
/// divsteps ("Fast constant-time gcd computation and modular inversion", 2019), run in batches of 62 steps on
/// machine words with early exit: for public values only (verification, recovery, affine conversion).
/// </summary>
/// <remarks>
/// <para>
/// The state is (η, f, g) with f odd, starting at (−1, m, x), where η = −δ of the paper. One divstep: when g is odd
/// and η &lt; 0, (f, g) becomes (g, −f) and η becomes −η; then when g is odd, g becomes g + f; finally g is halved
/// and η decremented. gcd(f, g) never changes and g reaches 0 with f = ±1.
/// </para>
/// <para>
/// 62 steps depend only on the low 62 bits of f and g, so they run on one word each while a matrix
/// [u v; q r] records them: 2^62·(f', g') = (u·f + v·g, q·f + r·g), with |u| + |v| ≤ 2^62 and |q| + |r| ≤ 2^62.
/// Inside a batch, runs of even g are skipped with one trailing-zero count, and while η stays non-negative up to
/// six plain steps are merged into one addition g + w·f with w = −g/f mod 2^k (k ≤ min(η + 1, 6)): that is exactly
/// what the single steps would have added, because none of them could have swapped.
/// </para>
/// <para>
/// The matrix is then applied to the full values, held as five signed 62-bit limbs so that every limb product sum fits
/// in 128 bits. Alongside, d and e with f ≡ d·x and g ≡ e·x (mod m) get the same matrix; the division by 2^62 is made
/// exact by adding md·m with md = −(u·d + v·e)·m^−1 mod 2^62, and d, e are brought back into [0, m) after each batch.
/// At the end x^−1 = d·f mod m.
/// </para>
/// </remarks>
internal static class ModularInverse
{
    private const long Mask62 = (1L << 62) - 1;

    /// <summary>The field prime p as an inversion modulus.</summary>
    public static readonly Modulus P = new(U256.P);

    /// <summary>The group order n as an inversion modulus.</summary>
    public static readonly Modulus N = new(U256.N);

    /// <summary>
    /// x^−1 mod m for 0 &lt; x &lt; m with gcd(x, m) = 1 (always true for the primes p and n); 0 for x = 0.
    /// Variable time.
    /// </summary>
    [SkipLocalsInit]
    public static U256 InvertVariableTime(in U256 x, Modulus m)
    {
        if (x.IsZero)
        {
            return default;
        }

        Signed62 f = m.Value;
        Signed62 g = Signed62.From(x);
        Signed62 d = default;
        Signed62 e = default;
        e.L0 = 1;
        long eta = -1;
        while (true)
        {
            eta = Divsteps62(eta, (ulong)f.L0, (ulong)g.L0, out Matrix t);
            UpdateDE(ref d, ref e, t, m);
            UpdateFG(ref f, ref g, t);
            if ((g.L0 | g.L1 | g.L2 | g.L3 | g.L4) == 0)
            {
                break;
            }
        }

        // f = ±1, d·x ≡ f.
        if (f.L4 < 0)
        {
            d = Negate(d);
            if (d.L4 < 0)
            {
                d = Add(d, m.Value);
            }
        }

        return d.ToU256();
    }

    /// <summary>
    /// Runs 62 divsteps on the low words of f and g, returns the new η and the transition matrix (scaled by 2^62).
    /// </summary>
    private static long Divsteps62(long eta, ulong f, ulong g, out Matrix t)
    {
        // All four entries are tracked modulo 2^64; their true values stay within ±2^62.
        ulong u = 1, v = 0, q = 0, r = 1;
        int remaining = 62;
        while (true)
        {
            // Halve g while it is even (at most the remaining steps): u and v double instead.
            int zeros = BitOperations.TrailingZeroCount(g | (ulong.MaxValue << remaining));
            g >>= zeros;
            u <<= zeros;
            v <<= zeros;
            eta -= zeros;
            remaining -= zeros;
            if (remaining == 0)
            {
                break;
            }

            // g is odd.
            if (eta < 0)
            {
                eta = -eta;
                (f, g) = (g, 0 - f);
                (u, q) = (q, 0 - u);
                (v, r) = (r, 0 - v);
            }

            // Merge k = min(η + 1, remaining, 6) steps: add w·f with w ≡ −g/f (mod 2^k); f^−1 mod 64 = f·(2 − f²).
            int k = (int)Math.Min(Math.Min(eta + 1, remaining), 6);
            ulong w = (0 - (g * f * (2 - (f * f)))) & ((1UL << k) - 1);
            g += f * w;
            q += u * w;
            r += v * w;
        }

        t = new Matrix((long)u, (long)v, (long)q, (long)r);
        return eta;
    }

    /// <summary>(f, g) = ((u·f + v·g) / 2^62, (q·f + r·g) / 2^62); both divisions are exact.</summary>
    private static void UpdateFG(ref Signed62 f, ref Signed62 g, in Matrix t)
    {
        var cf = default(Accumulator);
        var cg = default(Accumulator);
        cf.AddUnsigned(t.U, (ulong)f.L0);
        cf.AddUnsigned(t.V, (ulong)g.L0);
        cg.AddUnsigned(t.Q, (ulong)f.L0);
        cg.AddUnsigned(t.R, (ulong)g.L0);
        cf.Shift();
        cg.Shift();

        cf.AddUnsigned(t.U, (ulong)f.L1);
        cf.AddUnsigned(t.V, (ulong)g.L1);
        cg.AddUnsigned(t.Q, (ulong)f.L1);
        cg.AddUnsigned(t.R, (ulong)g.L1);
        long f0 = cf.TakeLimb();
        long g0 = cg.TakeLimb();

        cf.AddUnsigned(t.U, (ulong)f.L2);
        cf.AddUnsigned(t.V, (ulong)g.L2);
        cg.AddUnsigned(t.Q, (ulong)f.L2);
        cg.AddUnsigned(t.R, (ulong)g.L2);
        long f1 = cf.TakeLimb();
        long g1 = cg.TakeLimb();

        cf.AddUnsigned(t.U, (ulong)f.L3);
        cf.AddUnsigned(t.V, (ulong)g.L3);
        cg.AddUnsigned(t.Q, (ulong)f.L3);
        cg.AddUnsigned(t.R, (ulong)g.L3);
        long f2 = cf.TakeLimb();
        long g2 = cg.TakeLimb();

        cf.Add(t.U, f.L4);
        cf.Add(t.V, g.L4);
        cg.Add(t.Q, f.L4);
        cg.Add(t.R, g.L4);
        long f3 = cf.TakeLimb();
        long g3 = cg.TakeLimb();

        f = new Signed62(f0, f1, f2, f3, (long)cf.Low);
        g = new Signed62(g0, g1, g2, g3, (long)cg.Low);
    }

    /// <summary>
    /// (d, e) = ((u·d + v·e + md·m) / 2^62, (q·d + r·e + me·m) / 2^62) with md, me chosen to make the divisions exact;
    /// d and e in [0, m) on entry and on exit.
    /// </summary>
    private static void UpdateDE(ref Signed62 d, ref Signed62 e, in Matrix t, Modulus m)
    {
        long md = (long)((0 - (((ulong)t.U * (ulong)d.L0) + ((ulong)t.V * (ulong)e.L0))) * m.Inverse62) & Mask62;
        long me = (long)((0 - (((ulong)t.Q * (ulong)d.L0) + ((ulong)t.R * (ulong)e.L0))) * m.Inverse62) & Mask62;
        Signed62 mv = m.Value;

        var cd = default(Accumulator);
        var ce = default(Accumulator);
        cd.AddUnsigned(t.U, (ulong)d.L0);
        cd.AddUnsigned(t.V, (ulong)e.L0);
        cd.AddUnsigned(md, (ulong)mv.L0);
        ce.AddUnsigned(t.Q, (ulong)d.L0);
        ce.AddUnsigned(t.R, (ulong)e.L0);
        ce.AddUnsigned(me, (ulong)mv.L0);
        cd.Shift();
        ce.Shift();

        cd.AddUnsigned(t.U, (ulong)d.L1);
        cd.AddUnsigned(t.V, (ulong)e.L1);
        cd.AddUnsigned(md, (ulong)mv.L1);
        ce.AddUnsigned(t.Q, (ulong)d.L1);
        ce.AddUnsigned(t.R, (ulong)e.L1);
        ce.AddUnsigned(me, (ulong)mv.L1);
        long d0 = cd.TakeLimb();
        long e0 = ce.TakeLimb();

        cd.AddUnsigned(t.U, (ulong)d.L2);
        cd.AddUnsigned(t.V, (ulong)e.L2);
        cd.AddUnsigned(md, (ulong)mv.L2);
        ce.AddUnsigned(t.Q, (ulong)d.L2);
        ce.AddUnsigned(t.R, (ulong)e.L2);
        ce.AddUnsigned(me, (ulong)mv.L2);
        long d1 = cd.TakeLimb();
        long e1 = ce.TakeLimb();

        cd.AddUnsigned(t.U, (ulong)d.L3);
        cd.AddUnsigned(t.V, (ulong)e.L3);
        cd.AddUnsigned(md, (ulong)mv.L3);
        ce.AddUnsigned(t.Q, (ulong)d.L3);
        ce.AddUnsigned(t.R, (ulong)e.L3);
        ce.AddUnsigned(me, (ulong)mv.L3);
        long d2 = cd.TakeLimb();
        long e2 = ce.TakeLimb();

        cd.AddUnsigned(t.U, (ulong)d.L4);
        cd.AddUnsigned(t.V, (ulong)e.L4);
        cd.AddUnsigned(md, (ulong)mv.L4);
        ce.AddUnsigned(t.Q, (ulong)d.L4);
        ce.AddUnsigned(t.R, (ulong)e.L4);
        ce.AddUnsigned(me, (ulong)mv.L4);
        long d3 = cd.TakeLimb();
        long e3 = ce.TakeLimb();

        // Both results lie in (−m, 2m): one correction brings each into [0, m).
        d = Normalize(new Signed62(d0, d1, d2, d3, (long)cd.Low), m);
        e = Normalize(new Signed62(e0, e1, e2, e3, (long)ce.Low), m);
    }

    /// <summary>Maps a value in (−m, 2m) into [0, m).</summary>
    private static Signed62 Normalize(in Signed62 a, Modulus m)
    {
        if (a.L4 < 0)
        {
            return Add(a, m.Value);
        }

        Signed62 reduced = Add(a, m.Negated);
        return reduced.L4 < 0 ? a : reduced;
    }

    private static Signed62 Add(in Signed62 a, in Signed62 b)
    {
        long c = a.L0 + b.L0;
        long l0 = c & Mask62;
        c = (c >> 62) + a.L1 + b.L1;
        long l1 = c & Mask62;
        c = (c >> 62) + a.L2 + b.L2;
        long l2 = c & Mask62;
        c = (c >> 62) + a.L3 + b.L3;
        long l3 = c & Mask62;
        return new Signed62(l0, l1, l2, l3, (c >> 62) + a.L4 + b.L4);
    }

    private static Signed62 Negate(in Signed62 a)
    {
        long c = -a.L0;
        long l0 = c & Mask62;
        c = (c >> 62) - a.L1;
        long l1 = c & Mask62;
        c = (c >> 62) - a.L2;
        long l2 = c & Mask62;
        c = (c >> 62) - a.L3;
        long l3 = c & Mask62;
        return new Signed62(l0, l1, l2, l3, (c >> 62) - a.L4);
    }

    /// <summary>An odd modulus in signed 62-bit limbs with its inverse modulo 2^62.</summary>
    internal sealed class Modulus
    {
        public Modulus(in U256 value)
        {
            Value = Signed62.From(value);
            Negated = Negate(Value);

            // Newton's iteration doubles the correct low bits: 1 → 64 in 6 steps (m·m ≡ 1 mod 8 gives 3 to start).
            ulong inverse = value.L0;
            for (int i = 0; i < 5; i++)
            {
                inverse *= 2 - (value.L0 * inverse);
            }

            Inverse62 = inverse & Mask62;
        }

        public Signed62 Value { get; }

        /// <summary>−m.</summary>
        public Signed62 Negated { get; }

        /// <summary>m^−1 mod 2^62.</summary>
        public ulong Inverse62 { get; }
    }

    /// <summary>
    /// Σ L_i·2^(62·i): limbs 0..3 in [0, 2^62), the top limb signed, so any value in (−2^310, 2^310) fits.
    /// </summary>
    internal struct Signed62
    {
        public long L0;
        public long L1;
        public long L2;
        public long L3;
        public long L4;

        public Signed62(long l0, long l1, long l2, long l3, long l4)
        {
            L0 = l0;
            L1 = l1;
            L2 = l2;
            L3 = l3;
            L4 = l4;
        }

        public static Signed62 From(in U256 x) => new(
            (long)x.L0 & Mask62,
            (long)((x.L0 >> 62) | (x.L1 << 2)) & Mask62,
            (long)((x.L1 >> 60) | (x.L2 << 4)) & Mask62,
            (long)((x.L2 >> 58) | (x.L3 << 6)) & Mask62,
            (long)(x.L3 >> 56));

        /// <summary>The low 256 bits (the value must lie in [0, 2^256)).</summary>
        public readonly U256 ToU256() => new(
            (ulong)L0 | ((ulong)L1 << 62),
            ((ulong)L1 >> 2) | ((ulong)L2 << 60),
            ((ulong)L2 >> 4) | ((ulong)L3 << 58),
            ((ulong)L3 >> 6) | ((ulong)L4 << 56));
    }

    private readonly struct Matrix
    {
        public readonly long U;
        public readonly long V;
        public readonly long Q;
        public readonly long R;

        public Matrix(long u, long v, long q, long r)
        {
            U = u;
            V = v;
            Q = q;
            R = r;
        }
    }

    /// <summary>A signed 128-bit accumulator (High:Low, two's complement) for sums of 64×64-bit products.</summary>
    private struct Accumulator
    {
        public ulong Low;
        public long High;

        /// <summary>Adds a·b for signed a and b.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(long a, long b)
        {
            long high = (long)FieldElement.MultiplyHigh((ulong)a, (ulong)b) - ((a >> 63) & b) - ((b >> 63) & a);
            Accumulate(high, (ulong)(a * b));
        }

        /// <summary>Adds a·b for a signed a and a b below 2^63.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AddUnsigned(long a, ulong b)
        {
            long high = (long)FieldElement.MultiplyHigh((ulong)a, b) - ((a >> 63) & (long)b);
            Accumulate(high, (ulong)a * b);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Accumulate(long high, ulong low)
        {
            ulong sum = Low + low;
            High += high + (sum < low ? 1L : 0L);
            Low = sum;
        }

        /// <summary>Arithmetic shift right by 62.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Shift()
        {
            Low = (Low >> 62) | ((ulong)High << 2);
            High >>= 62;
        }

        /// <summary>Returns the low 62 bits and shifts them out.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long TakeLimb()
        {
            long limb = (long)Low & Mask62;
            Shift();
            return limb;
        }
    }
}
