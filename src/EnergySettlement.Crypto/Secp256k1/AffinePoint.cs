namespace EnergySettlement.Crypto;

/// <summary>A finite point (x, y) of secp256k1 in affine coordinates.</summary>
internal readonly struct AffinePoint
{
    public readonly FieldElement X;
    public readonly FieldElement Y;

    public AffinePoint(FieldElement x, FieldElement y)
    {
        X = x;
        Y = y;
    }

    /// <summary>The generator G of secp256k1 (SEC 2, section 2.4.1).</summary>
    public static AffinePoint Generator { get; } = new(
        new FieldElement(0x59F2815B16F81798, 0x029BFCDB2DCE28D9, 0x55A06295CE870B07, 0x79BE667EF9DCBBAC),
        new FieldElement(0x9C47D08FFB10D4B8, 0xFD17B448A6855419, 0x5DA4FBFC0E1108A8, 0x483ADA7726A3C465));

    public AffinePoint Negate() => new(X, FieldElement.Negate(Y));

    /// <summary>Whether y² = x³ + 7.</summary>
    public bool IsOnCurve() =>
        FieldElement.Equal(FieldElement.Square(Y), FieldElement.Add(FieldElement.Multiply(FieldElement.Square(X), X), SevenField));

    internal static FieldElement SevenField { get; } = new(7, 0, 0, 0);
}
