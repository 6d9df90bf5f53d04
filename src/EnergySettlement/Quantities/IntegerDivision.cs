namespace EnergySettlement;

/// <summary>Integer division of <see cref="Int128"/> values with an explicit <see cref="RoundingMode"/>.</summary>
internal static class IntegerDivision
{
    public static Int128 Divide(Int128 numerator, Int128 denominator, RoundingMode mode)
    {
        if (denominator == Int128.Zero)
        {
            throw new DivideByZeroException("Cannot divide money or energy by zero.");
        }

        var (quotient, remainder) = Int128.DivRem(numerator, denominator);
        if (remainder == Int128.Zero)
        {
            return quotient;
        }

        // The exact result lies between quotient and quotient + direction.
        var direction = (numerator < 0) == (denominator < 0) ? Int128.One : Int128.NegativeOne;
        var twiceRemainder = Int128.Abs(remainder) * 2;
        var absDenominator = Int128.Abs(denominator);
        var awayFromZero = mode switch
        {
            RoundingMode.TowardZero => false,
            RoundingMode.AwayFromZero => true,
            RoundingMode.Floor => direction < 0,
            RoundingMode.Ceiling => direction > 0,
            RoundingMode.HalfAwayFromZero => twiceRemainder >= absDenominator,
            RoundingMode.HalfToEven => twiceRemainder > absDenominator || (twiceRemainder == absDenominator && !Int128.IsEvenInteger(quotient)),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown rounding mode."),
        };

        return awayFromZero ? checked(quotient + direction) : quotient;
    }
}
