namespace EnergySettlement.Crypto;

/// <summary>
/// Precomputed multiples of the generator G, built once per process (about a millisecond):
/// a comb table for constant-time k·G. The wNAF tables for variable-time verification are in
/// <see cref="GeneratorWnafTables"/>, built on first use only.
/// </summary>
internal static class GeneratorTables
{
    /// <summary>Bits per comb window.</summary>
    public const int CombWidth = 6;

    /// <summary>Entries per comb window (2^<see cref="CombWidth"/>).</summary>
    public const int CombEntries = 1 << CombWidth;

    /// <summary>Number of windows covering a 256-bit scalar (the last one is partial).</summary>
    public const int Windows = (256 + CombWidth - 1) / CombWidth;

    /// <summary>
    /// For window i and digit j (1..63) the affine point j·64^i·G as x0..x3, y0..y3 at
    /// ((i·64) + j)·8; entry j = 0 holds G as a harmless dummy (its sum is discarded in constant time).
    /// </summary>
    public static readonly ulong[] Comb = BuildComb();

    private static ulong[] BuildComb()
    {
        var points = new ProjectivePoint[Windows * CombEntries];
        var basePoint = ProjectivePoint.FromAffine(AffinePoint.Generator);
        for (int i = 0; i < Windows; i++)
        {
            points[i * CombEntries] = ProjectivePoint.FromAffine(AffinePoint.Generator);
            ProjectivePoint multiple = basePoint;
            for (int j = 1; j < CombEntries; j++)
            {
                points[(i * CombEntries) + j] = multiple;
                multiple = ProjectivePoint.Add(multiple, basePoint);
            }

            basePoint = multiple; // 64·base
        }

        AffinePoint[] affine = ToAffine(points);
        ulong[] table = new ulong[affine.Length * 8];
        for (int e = 0; e < affine.Length; e++)
        {
            int at = e * 8;
            table[at] = affine[e].X.L0;
            table[at + 1] = affine[e].X.L1;
            table[at + 2] = affine[e].X.L2;
            table[at + 3] = affine[e].X.L3;
            table[at + 4] = affine[e].Y.L0;
            table[at + 5] = affine[e].Y.L1;
            table[at + 6] = affine[e].Y.L2;
            table[at + 7] = affine[e].Y.L3;
        }

        return table;
    }

    /// <summary>Converts finite points to affine with one inversion (Montgomery's batch trick).</summary>
    internal static AffinePoint[] ToAffine(ReadOnlySpan<ProjectivePoint> points)
    {
        var prefix = new FieldElement[points.Length];
        FieldElement acc = FieldElement.One;
        for (int i = 0; i < points.Length; i++)
        {
            prefix[i] = acc;
            acc = FieldElement.Multiply(acc, points[i].Z);
        }

        FieldElement inverse = FieldElement.Invert(acc);
        var result = new AffinePoint[points.Length];
        for (int i = points.Length - 1; i >= 0; i--)
        {
            FieldElement zInverse = FieldElement.Multiply(inverse, prefix[i]);
            inverse = FieldElement.Multiply(inverse, points[i].Z);
            result[i] = new AffinePoint(FieldElement.Multiply(points[i].X, zInverse), FieldElement.Multiply(points[i].Y, zInverse));
        }

        return result;
    }
}

/// <summary>
/// The odd multiples of G and of λ·G in affine coordinates for the generator's wNAF streams in variable-time
/// verification and recovery: window width 14, 4,096 points per table (512 KiB in all), built once per process on first
/// use (a few milliseconds) so that signing never pays for them.
/// </summary>
internal static class GeneratorWnafTables
{
    /// <summary>Width of the wNAF digits used with <see cref="OddMultiples"/>.</summary>
    public const int WindowWidth = 14;

    /// <summary>The affine points (2i + 1)·G for i in [0, 2^(w-2)), w = <see cref="WindowWidth"/>.</summary>
    public static readonly AffinePoint[] OddMultiples = BuildOddMultiples();

    /// <summary>φ of <see cref="OddMultiples"/>: the odd multiples of λ·G.</summary>
    public static readonly AffinePoint[] OddMultiplesLambda = Array.ConvertAll(OddMultiples, p => Endomorphism.Apply(p));

    private static AffinePoint[] BuildOddMultiples()
    {
        int count = 1 << (WindowWidth - 2);
        var points = new ProjectivePoint[count];
        var g = ProjectivePoint.FromAffine(AffinePoint.Generator);
        ProjectivePoint twice = ProjectivePoint.Double(g);
        points[0] = g;
        for (int i = 1; i < count; i++)
        {
            points[i] = ProjectivePoint.Add(points[i - 1], twice);
        }

        return GeneratorTables.ToAffine(points);
    }
}
