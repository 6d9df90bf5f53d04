namespace EnergySettlement.Matching;

/// <summary>How a book turns orders into trades.</summary>
public enum BookMode : byte
{
    /// <summary>Continuous double auction: every order matches on arrival by price-time priority at the resting order's price.</summary>
    Continuous = 0,

    /// <summary>Call auction: limit orders collect without matching; an <see cref="CommandKind.Uncross"/> command clears them through a clearing rule.</summary>
    CallAuction = 1,
}
