using EnergySettlement.Chains;

namespace EnergySettlement.Coins;

/// <summary>One coin a <see cref="CoinReservation"/> holds: where it is, whose it is, and what it is worth.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ReservedCoin
{
    /// <summary>Gets the address that owns the coin (the payer the batch spends from).</summary>
    public required SettlementAccount Owner { get; init; }

    /// <summary>Gets the coin.</summary>
    public required OutPoint OutPoint { get; init; }

    /// <summary>Gets the coin's value, in the chain's native asset.</summary>
    public required Money Amount { get; init; }
}
