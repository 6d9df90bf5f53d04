namespace EnergySettlement.Crypto;

/// <summary>
/// A point of secp256k1 in homogeneous projective coordinates (X : Y : Z), x = X/Z, y = Y/Z; the point at
/// infinity is (0 : 1 : 0).
/// </summary>
/// <remarks>
/// Addition and doubling use the complete formulas of Renes, Costello and Batina ("Complete addition formulas
/// for prime order elliptic curves", EUROCRYPT 2016, algorithms 7, 8 and 9 for a = 0): they are correct for
/// every input, including the point at infinity and P = ±Q, and have no data-dependent branches.
/// </remarks>
internal readonly struct ProjectivePoint
{
    /// <summary>3·b = 21.</summary>
    private const uint B3 = 21;

    public static readonly ProjectivePoint Infinity = new(FieldElement.Zero, FieldElement.One, FieldElement.Zero);

    public readonly FieldElement X;
    public readonly FieldElement Y;
    public readonly FieldElement Z;

    public ProjectivePoint(FieldElement x, FieldElement y, FieldElement z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public static ProjectivePoint FromAffine(in AffinePoint p) => new(p.X, p.Y, FieldElement.One);

    public bool IsInfinity => Z.IsZero;

    public ProjectivePoint Negate() => new(X, FieldElement.Negate(Y), Z);

    /// <summary>Converts to affine coordinates with a constant-time inversion. Undefined for the point at infinity.</summary>
    public AffinePoint ToAffine()
    {
        FieldElement zInverse = FieldElement.Invert(Z);
        return new AffinePoint(FieldElement.Multiply(X, zInverse), FieldElement.Multiply(Y, zInverse));
    }

    /// <summary>P + Q (algorithm 7).</summary>
    public static ProjectivePoint Add(in ProjectivePoint p, in ProjectivePoint q)
    {
        FieldElement t0 = FieldElement.Multiply(p.X, q.X);
        FieldElement t1 = FieldElement.Multiply(p.Y, q.Y);
        FieldElement t2 = FieldElement.Multiply(p.Z, q.Z);
        FieldElement t3 = FieldElement.Multiply(FieldElement.Add(p.X, p.Y), FieldElement.Add(q.X, q.Y));
        FieldElement t4 = FieldElement.Add(t0, t1);
        t3 = FieldElement.Subtract(t3, t4);
        t4 = FieldElement.Multiply(FieldElement.Add(p.Y, p.Z), FieldElement.Add(q.Y, q.Z));
        FieldElement x3 = FieldElement.Add(t1, t2);
        t4 = FieldElement.Subtract(t4, x3);
        x3 = FieldElement.Multiply(FieldElement.Add(p.X, p.Z), FieldElement.Add(q.X, q.Z));
        FieldElement y3 = FieldElement.Add(t0, t2);
        y3 = FieldElement.Subtract(x3, y3);
        return Combine(t0, t1, FieldElement.MultiplySmall(t2, B3), t3, t4, y3);
    }

    /// <summary>P + Q for an affine Q (algorithm 8); Q must be a finite point.</summary>
    public static ProjectivePoint AddAffine(in ProjectivePoint p, in AffinePoint q) => AddAffine(p, q.X, q.Y);

    /// <summary>P + (qx, qy) for a finite affine point (algorithm 8).</summary>
    public static ProjectivePoint AddAffine(in ProjectivePoint p, in FieldElement qx, in FieldElement qy)
    {
        FieldElement t0 = FieldElement.Multiply(p.X, qx);
        FieldElement t1 = FieldElement.Multiply(p.Y, qy);
        FieldElement t3 = FieldElement.Multiply(FieldElement.Add(qx, qy), FieldElement.Add(p.X, p.Y));
        FieldElement t4 = FieldElement.Add(t0, t1);
        t3 = FieldElement.Subtract(t3, t4);
        t4 = FieldElement.Add(FieldElement.Multiply(qy, p.Z), p.Y);
        FieldElement y3 = FieldElement.Add(FieldElement.Multiply(qx, p.Z), p.X);
        return Combine(t0, t1, FieldElement.MultiplySmall(p.Z, B3), t3, t4, y3);
    }

    /// <summary>
    /// The common tail of algorithms 7 and 8: from the products t0 = X·X', t1 = Y·Y', t2 = 3b·Z·Z' (or 3b·Z), the
    /// cross terms t3, t4 and y3, the sum's coordinates. Branch-free, like the formulas.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ProjectivePoint Combine(FieldElement t0, FieldElement t1, FieldElement t2, FieldElement t3, FieldElement t4, FieldElement y3)
    {
        FieldElement x3 = FieldElement.Add(t0, t0);
        t0 = FieldElement.Add(x3, t0);
        FieldElement z3 = FieldElement.Add(t1, t2);
        t1 = FieldElement.Subtract(t1, t2);
        y3 = FieldElement.MultiplySmall(y3, B3);
        x3 = FieldElement.Multiply(t4, y3);
        t2 = FieldElement.Multiply(t3, t1);
        x3 = FieldElement.Subtract(t2, x3);
        y3 = FieldElement.Multiply(y3, t0);
        t1 = FieldElement.Multiply(t1, z3);
        y3 = FieldElement.Add(t1, y3);
        t0 = FieldElement.Multiply(t0, t3);
        z3 = FieldElement.Multiply(z3, t4);
        z3 = FieldElement.Add(z3, t0);
        return new ProjectivePoint(x3, y3, z3);
    }

    /// <summary>2P (algorithm 9).</summary>
    public static ProjectivePoint Double(in ProjectivePoint p)
    {
        FieldElement t0 = FieldElement.Square(p.Y);
        FieldElement z3 = FieldElement.Add(t0, t0);
        z3 = FieldElement.Add(z3, z3);
        z3 = FieldElement.Add(z3, z3);
        FieldElement t1 = FieldElement.Multiply(p.Y, p.Z);
        FieldElement t2 = FieldElement.Square(p.Z);
        t2 = FieldElement.MultiplySmall(t2, B3);
        FieldElement x3 = FieldElement.Multiply(t2, z3);
        FieldElement y3 = FieldElement.Add(t0, t2);
        z3 = FieldElement.Multiply(t1, z3);
        t1 = FieldElement.Add(t2, t2);
        t2 = FieldElement.Add(t1, t2);
        t0 = FieldElement.Subtract(t0, t2);
        y3 = FieldElement.Multiply(t0, y3);
        y3 = FieldElement.Add(x3, y3);
        t1 = FieldElement.Multiply(p.X, p.Y);
        x3 = FieldElement.Multiply(t0, t1);
        x3 = FieldElement.Add(x3, x3);
        return new ProjectivePoint(x3, y3, z3);
    }

    /// <summary>Returns <paramref name="b"/> where <paramref name="mask"/> is all ones, otherwise <paramref name="a"/>.</summary>
    public static ProjectivePoint Select(in ProjectivePoint a, in ProjectivePoint b, ulong mask) =>
        new(FieldElement.Select(a.X, b.X, mask), FieldElement.Select(a.Y, b.Y, mask), FieldElement.Select(a.Z, b.Z, mask));
}
