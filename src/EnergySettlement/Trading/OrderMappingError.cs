namespace EnergySettlement.Trading;

/// <summary>Why an <see cref="Order"/> has no compact form for a market's book. Such an order is rejected before it reaches the engine.</summary>
public enum OrderMappingError
{
    /// <summary>The order maps.</summary>
    None = 0,

    /// <summary>The order is for another market.</summary>
    WrongMarket = 1,

    /// <summary>The order's delivery period has another length than the market's.</summary>
    WrongPeriodLength = 2,

    /// <summary>A limit, IOC or FOK order has no limit price.</summary>
    MissingLimitPrice = 3,

    /// <summary>A market order carries a limit price.</summary>
    UnexpectedLimitPrice = 4,

    /// <summary>The limit price is in another asset than the market's quote asset.</summary>
    WrongAsset = 5,

    /// <summary>The limit price is not a whole number of ticks.</summary>
    PriceOffTickGrid = 6,

    /// <summary>The limit price in ticks does not fit the engine's range.</summary>
    PriceOutOfRange = 7,
}
