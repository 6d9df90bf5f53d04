namespace EnergySettlement;

/// <summary>How a market turns orders into trades over the life of a delivery period's book.</summary>
public enum MarketScheduleKind
{
    /// <summary>Continuous trading: every order matches on arrival, from the book's opening until gate closure.</summary>
    Continuous = 0,

    /// <summary>Periodic call auctions: orders collect and the book clears every <see cref="MarketSchedule.AuctionInterval"/>, and once more at gate closure.</summary>
    PeriodicAuction = 1,

    /// <summary>A day-ahead auction: orders for every period of a UTC delivery day collect and clear once, at <see cref="MarketSchedule.AuctionTime"/> on the day before, which is also their gate closure.</summary>
    DayAheadAuction = 2,
}
