namespace EnergySettlement.Trading;

/// <summary>An order's id, chosen by the caller and unique among a book's resting orders (the engine's compact form is this <see cref="long"/>).</summary>
/// <param name="Value">The id.</param>
public readonly record struct OrderId(long Value)
{
    /// <summary>Returns the id as decimal text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
