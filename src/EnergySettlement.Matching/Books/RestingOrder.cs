using System.Runtime.InteropServices;

namespace EnergySettlement.Matching;

/// <summary>A read-only view of one order resting in a book.</summary>
/// <param name="OrderId">The caller-chosen order id.</param>
/// <param name="Participant">The participant index.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="PriceTick">The limit price in ticks.</param>
/// <param name="Remaining">The open quantity in Wh.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct RestingOrder(long OrderId, int Participant, Side Side, long PriceTick, long Remaining)
{
    /// <summary>Gets the order's zone and flags.</summary>
    /// <value>The default is <see cref="OrderAttributes.None"/>.</value>
    public OrderAttributes Attributes { get; init; }
}
