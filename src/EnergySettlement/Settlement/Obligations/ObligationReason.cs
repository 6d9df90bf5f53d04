namespace EnergySettlement.Settlement;

/// <summary>Why an <see cref="Obligation"/> is owed. An adjustment keeps the reason of what it corrects.</summary>
public enum ObligationReason
{
    /// <summary>Energy delivered on a trade: price × delivered energy, owed by the buyer to the seller
    /// (by the seller to the buyer when the price is negative).</summary>
    Trade = 0,

    /// <summary>The market's grid fee (<see cref="MarketDefinition.GridFeePerKilowattHour"/>) per kWh delivered to a buyer
    /// in the period (all its delivered trades, rounded once), owed by the buyer to the market's grid operator.</summary>
    GridFee = 1,

    /// <summary>The trade's network fee (<see cref="Trading.Trade.NetworkFee"/>) per kWh delivered, for carrying energy
    /// between zones, summed over a buyer's delivered trades in the period and rounded once, owed by the buyer to the
    /// market's grid operator.</summary>
    NetworkFee = 2,

    /// <summary>Energy a participant imported beyond what was delivered to it on its trades in the period, bought from the
    /// balancing party (the grid operator) at the market's shortfall price.</summary>
    ImbalanceShortfall = 3,

    /// <summary>Energy a participant exported beyond what it delivered on its trades in the period, bought by the
    /// balancing party (the grid operator) at the market's surplus price.</summary>
    ImbalanceSurplus = 4,
}
