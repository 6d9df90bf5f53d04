namespace EnergySettlement;

/// <summary>
/// How an integer division that does not come out exact is rounded. Every division of money or energy in the SDK
/// names one of these, so results are reproducible to the smallest unit.
/// </summary>
public enum RoundingMode
{
    /// <summary>Toward zero (truncation): 7/2 = 3, -7/2 = -3.</summary>
    TowardZero = 0,

    /// <summary>Away from zero: 7/2 = 4, -7/2 = -4.</summary>
    AwayFromZero = 1,

    /// <summary>Toward negative infinity (floor): 7/2 = 3, -7/2 = -4.</summary>
    Floor = 2,

    /// <summary>Toward positive infinity (ceiling): 7/2 = 4, -7/2 = -3.</summary>
    Ceiling = 3,

    /// <summary>To the nearest; halves to the even neighbour (banker's rounding): 5/2 = 2, 7/2 = 4.</summary>
    HalfToEven = 4,

    /// <summary>To the nearest; halves away from zero: 5/2 = 3, -5/2 = -3.</summary>
    HalfAwayFromZero = 5,
}
