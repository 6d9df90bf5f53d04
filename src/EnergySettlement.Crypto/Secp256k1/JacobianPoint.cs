namespace EnergySettlement.Crypto;

/// <summary>
/// A point of secp256k1 in Jacobian coordinates (X, Y, Z), x = X/Z², y = Y/Z³; Z = 0 is the point at infinity.
/// For public data only: the formulas (dbl-2009-l, madd-2007-bl, add-2007-bl from the Explicit-Formulas
/// Database, a = 0) are cheaper than the complete ones but branch on the special cases (infinity, P = ±Q).
/// </summary>
internal readonly struct JacobianPoint
{
    public static readonly JacobianPoint Infinity = new(FieldElement.One, FieldElement.One, FieldElement.Zero);

    public readonly FieldElement X;
    public readonly FieldElement Y;
    public readonly FieldElement Z;

    public JacobianPoint(FieldElement x, FieldElement y, FieldElement z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public static JacobianPoint FromAffine(in AffinePoint p) => new(p.X, p.Y, FieldElement.One);

    public bool IsInfinity => Z.IsZero;

    public JacobianPoint Negate() => new(X, FieldElement.Negate(Y), Z);

    /// <summary>Converts to affine coordinates (variable-time inversion). Undefined for the point at infinity.</summary>
    public AffinePoint ToAffine()
    {
        FieldElement zInverse = FieldElement.InvertVariableTime(Z);
        FieldElement zInverse2 = FieldElement.Square(zInverse);
        return new AffinePoint(FieldElement.Multiply(X, zInverse2), FieldElement.Multiply(Y, FieldElement.Multiply(zInverse2, zInverse)));
    }

    /// <summary>2P.</summary>
    public static JacobianPoint Double(in JacobianPoint p)
    {
        if (p.IsInfinity)
        {
            return p;
        }

        FieldElement a = FieldElement.Square(p.X);
        FieldElement b = FieldElement.Square(p.Y);
        FieldElement c = FieldElement.Square(b);
        FieldElement d = FieldElement.Subtract(FieldElement.Subtract(FieldElement.Square(FieldElement.Add(p.X, b)), a), c);
        d = FieldElement.Add(d, d);
        FieldElement e = FieldElement.Add(FieldElement.Add(a, a), a);
        FieldElement f = FieldElement.Square(e);
        FieldElement x3 = FieldElement.Subtract(f, FieldElement.Add(d, d));
        FieldElement c8 = FieldElement.Add(c, c);
        c8 = FieldElement.Add(c8, c8);
        c8 = FieldElement.Add(c8, c8);
        FieldElement y3 = FieldElement.Subtract(FieldElement.Multiply(e, FieldElement.Subtract(d, x3)), c8);
        FieldElement z3 = FieldElement.Multiply(p.Y, p.Z);
        z3 = FieldElement.Add(z3, z3);
        return new JacobianPoint(x3, y3, z3);
    }

    /// <summary>P + Q for an affine Q.</summary>
    public static JacobianPoint AddAffine(in JacobianPoint p, in AffinePoint q)
    {
        if (p.IsInfinity)
        {
            return FromAffine(q);
        }

        FieldElement z1z1 = FieldElement.Square(p.Z);
        FieldElement u2 = FieldElement.Multiply(q.X, z1z1);
        FieldElement s2 = FieldElement.Multiply(q.Y, FieldElement.Multiply(p.Z, z1z1));
        FieldElement h = FieldElement.Subtract(u2, p.X);
        FieldElement r = FieldElement.Subtract(s2, p.Y);
        if (h.IsZero)
        {
            return r.IsZero ? Double(p) : Infinity;
        }

        r = FieldElement.Add(r, r);
        FieldElement hh = FieldElement.Square(h);
        FieldElement i = FieldElement.Add(hh, hh);
        i = FieldElement.Add(i, i);
        FieldElement j = FieldElement.Multiply(h, i);
        FieldElement v = FieldElement.Multiply(p.X, i);
        FieldElement x3 = FieldElement.Subtract(FieldElement.Subtract(FieldElement.Square(r), j), FieldElement.Add(v, v));
        FieldElement y1j = FieldElement.Multiply(p.Y, j);
        FieldElement y3 = FieldElement.Subtract(FieldElement.Multiply(r, FieldElement.Subtract(v, x3)), FieldElement.Add(y1j, y1j));
        FieldElement z3 = FieldElement.Subtract(FieldElement.Subtract(FieldElement.Square(FieldElement.Add(p.Z, h)), z1z1), hh);
        return new JacobianPoint(x3, y3, z3);
    }

    /// <summary>P + Q.</summary>
    public static JacobianPoint Add(in JacobianPoint p, in JacobianPoint q)
    {
        if (p.IsInfinity)
        {
            return q;
        }

        if (q.IsInfinity)
        {
            return p;
        }

        FieldElement z1z1 = FieldElement.Square(p.Z);
        FieldElement z2z2 = FieldElement.Square(q.Z);
        FieldElement u1 = FieldElement.Multiply(p.X, z2z2);
        FieldElement u2 = FieldElement.Multiply(q.X, z1z1);
        FieldElement s1 = FieldElement.Multiply(p.Y, FieldElement.Multiply(q.Z, z2z2));
        FieldElement s2 = FieldElement.Multiply(q.Y, FieldElement.Multiply(p.Z, z1z1));
        FieldElement h = FieldElement.Subtract(u2, u1);
        FieldElement r = FieldElement.Subtract(s2, s1);
        if (h.IsZero)
        {
            return r.IsZero ? Double(p) : Infinity;
        }

        r = FieldElement.Add(r, r);
        FieldElement i = FieldElement.Add(h, h);
        i = FieldElement.Square(i);
        FieldElement j = FieldElement.Multiply(h, i);
        FieldElement v = FieldElement.Multiply(u1, i);
        FieldElement x3 = FieldElement.Subtract(FieldElement.Subtract(FieldElement.Square(r), j), FieldElement.Add(v, v));
        FieldElement s1j = FieldElement.Multiply(s1, j);
        FieldElement y3 = FieldElement.Subtract(FieldElement.Multiply(r, FieldElement.Subtract(v, x3)), FieldElement.Add(s1j, s1j));
        FieldElement z3 = FieldElement.Subtract(FieldElement.Subtract(FieldElement.Square(FieldElement.Add(p.Z, q.Z)), z1z1), z2z2);
        z3 = FieldElement.Multiply(z3, h);
        return new JacobianPoint(x3, y3, z3);
    }
}
