namespace EnergySettlement.Matching;

/// <summary>Which side of the market an order is on.</summary>
public enum Side : byte
{
    /// <summary>A bid: the participant wants to buy (import) energy.</summary>
    Buy = 0,

    /// <summary>An offer: the participant wants to sell (export) energy.</summary>
    Sell = 1,
}
