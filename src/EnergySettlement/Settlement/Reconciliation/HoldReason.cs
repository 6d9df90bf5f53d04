namespace EnergySettlement.Settlement;

/// <summary>Why a trade is held.</summary>
public enum HoldReason
{
    /// <summary>The seller's reading for the period is missing.</summary>
    SellerReadingMissing = 0,

    /// <summary>The buyer's reading for the period is missing.</summary>
    BuyerReadingMissing = 1,

    /// <summary>Both readings are missing.</summary>
    BothReadingsMissing = 2,
}
