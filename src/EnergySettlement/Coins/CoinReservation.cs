using EnergySettlement.Chains;

namespace EnergySettlement.Coins;

/// <summary>The coins one settlement batch's transaction spends, reserved before it is signed.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record CoinReservation
{
    /// <summary>Gets the batch that holds the coins.</summary>
    public required SettlementBatchId Batch { get; init; }

    /// <summary>Gets the coins, in the order the transaction spends them.</summary>
    public required IReadOnlyList<ReservedCoin> Coins { get; init; }

    /// <summary>Gets when the reservation was made (from the caller's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset ReservedAt { get; init; }

    /// <summary>Gets whether the batch's transaction is final, so the coins are spent on chain for good. Spent coins stay
    /// recorded, so a backend that still lists them as unspent (it lags) never gets them selected again.</summary>
    public bool IsSpent { get; init; }
}
