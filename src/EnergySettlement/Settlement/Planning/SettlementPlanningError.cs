namespace EnergySettlement.Settlement;

/// <summary>Why a <see cref="SettlementPlanningException"/> was thrown: which rule the planning input broke.</summary>
public enum SettlementPlanningError
{
    /// <summary>A trade, reading, obligation, carried amount, grid operator or clearing agent names a participant that is
    /// not among the request's participants.</summary>
    UnknownParticipant = 0,

    /// <summary>A participant's account is on a chain that has no registered provider (no capabilities in the request).</summary>
    UnregisteredChain = 1,

    /// <summary>A participant's account asset is not one the chain's provider can pay.</summary>
    UnsupportedAsset = 2,

    /// <summary>An amount or price is in another asset than the market's quote asset.</summary>
    MixedAssets = 3,

    /// <summary>An amount that must not be negative is (a grid fee, a network fee).</summary>
    NegativeAmount = 4,

    /// <summary>A period of the window has not ended by the request's <c>AsOf</c> instant.</summary>
    PeriodNotClosed = 5,

    /// <summary>A trade, reading or obligation belongs to another market than the window's.</summary>
    OtherMarket = 6,

    /// <summary>A trade, reading or obligation is for a period neither in the window nor among the reopened periods.</summary>
    OutsideWindow = 7,

    /// <summary>The same trade appears twice, or two readings of one participant and period share a revision with different values.</summary>
    Duplicate = 8,

    /// <summary>Bilateral netting found no chain and asset both parties of a pair use, and no clearing agent to fall back on;
    /// or a participant shares none with the clearing agent.</summary>
    NoCommonAccount = 9,

    /// <summary>A leg needs a conversion for which the request has no exchange rate, or the rate is older than allowed or
    /// observed after <c>AsOf</c>.</summary>
    MissingExchangeRate = 10,

    /// <summary>The request is inconsistent with the market: another period length, a reopened period not before the
    /// window, an imbalance or grid fee without a grid operator, or a market definition that does not validate.</summary>
    InvalidRequest = 11,
}
