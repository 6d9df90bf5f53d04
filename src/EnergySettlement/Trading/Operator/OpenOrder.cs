namespace EnergySettlement.Trading;

/// <summary>An order that is open in a market (resting in its book, or on its way there), with what stays of it.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record OpenOrder
{
    /// <summary>Gets the order as it was accepted.</summary>
    public required Order Order { get; init; }

    /// <summary>Gets what stays open of it.</summary>
    public required Energy Remaining { get; init; }
}
