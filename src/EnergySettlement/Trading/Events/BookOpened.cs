using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>A delivery period's book opened: orders for the period are accepted until <see cref="GateClosure"/>.</summary>
public sealed record BookOpened : MarketEvent
{
    /// <summary>Gets whether the book matches continuously or collects orders for call auctions.</summary>
    public required BookMode Mode { get; init; }

    /// <summary>Gets when the book closes (every order still open then expires).</summary>
    public required DateTimeOffset GateClosure { get; init; }
}
