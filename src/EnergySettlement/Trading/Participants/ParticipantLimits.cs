namespace EnergySettlement.Trading;

/// <summary>
/// What one participant may do in one market, checked by the market operator before the matching engine sees an
/// order: how many orders may rest at once, how large one order may be, and how many orders one delivery period may take.
/// </summary>
/// <remarks>
/// A market's defaults are <see cref="MarketOperatorOptions.Limits"/>; a <see cref="ParticipantRegistration.Limits"/>
/// replaces them for one participant. No limit may exceed <see cref="MaxOrderQuantityCeiling"/>, so even a book filled
/// to the engine's largest capacity cannot add its open quantities up beyond 2^62 Wh.
/// Configure at start-up; not thread-safe to change while a market runs.
/// </remarks>
public sealed class ParticipantLimits
{
    /// <summary>
    /// The largest <see cref="MaxOrderQuantity"/> allowed: 2^34 Wh (about 17.2 GWh, a 68 GW plant for a quarter hour).
    /// Times the engine's largest book capacity (2^28 orders) that is 2^62 Wh, half the engine's 64-bit range, so no sum
    /// over a book's orders can overflow.
    /// </summary>
    public static readonly Energy MaxOrderQuantityCeiling = new(1L << 34);

    /// <summary>Gets or sets the most orders the participant may have open (resting or on their way to the book) in the market at once, over all periods.</summary>
    /// <value>The default is 200. Must be positive.</value>
    public int MaxRestingOrders { get; set; } = 200;

    /// <summary>Gets or sets the most energy one order may ask for or offer.</summary>
    /// <value>The default is 1 MWh. Must be positive and at most <see cref="MaxOrderQuantityCeiling"/>.</value>
    public Energy MaxOrderQuantity { get; set; } = Energy.FromKilowattHours(1_000);

    /// <summary>Gets or sets the most orders the participant may place in one delivery period's book (every placed order counts, whatever became of it).</summary>
    /// <value>The default is 1,000. Must be positive.</value>
    public int MaxOrdersPerPeriod { get; set; } = 1_000;

    /// <summary>Checks the limits and returns every problem found (empty when valid).</summary>
    /// <returns>The problems, each naming the property.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxRestingOrders <= 0)
        {
            errors.Add($"MaxRestingOrders must be positive; found {MaxRestingOrders}.");
        }

        if (MaxOrderQuantity.WattHours <= 0 || MaxOrderQuantity > MaxOrderQuantityCeiling)
        {
            errors.Add($"MaxOrderQuantity must be positive and at most {MaxOrderQuantityCeiling}; found {MaxOrderQuantity}.");
        }

        if (MaxOrdersPerPeriod <= 0)
        {
            errors.Add($"MaxOrdersPerPeriod must be positive; found {MaxOrdersPerPeriod}.");
        }

        return errors;
    }
}
