namespace EnergySettlement.Matching.Sharing;

/// <summary>One participant's outcome under a community sharing rule for one period.</summary>
/// <remarks>
/// A seller (positive <see cref="NetEnergy"/>) splits its surplus into <see cref="CommunityEnergy"/> sold to neighbours
/// and <see cref="GridEnergy"/> exported; a buyer splits its deficit into energy from neighbours and imports.
/// <see cref="Amount"/> is money in the asset's smallest unit: positive when the participant receives, negative when it
/// pays. Thread-safe (immutable).
/// </remarks>
public readonly struct SharingAllocation : IEquatable<SharingAllocation>
{
    /// <summary>Creates an allocation.</summary>
    /// <param name="participant">The participant's index (its position in the input).</param>
    /// <param name="netEnergy">Net supply in Wh: positive exports, negative imports.</param>
    /// <param name="communityEnergy">Wh traded with other participants (non-negative).</param>
    /// <param name="gridEnergy">Wh traded with the grid (non-negative).</param>
    /// <param name="amount">Money received (positive) or paid (negative), smallest units.</param>
    public SharingAllocation(int participant, long netEnergy, long communityEnergy, long gridEnergy, Int128 amount)
    {
        Participant = participant;
        NetEnergy = netEnergy;
        CommunityEnergy = communityEnergy;
        GridEnergy = gridEnergy;
        Amount = amount;
    }

    /// <summary>Gets the participant's index (its position in the input span).</summary>
    public int Participant { get; }

    /// <summary>Gets the net supply in Wh for the period: positive for a seller, negative for a buyer, 0 for neither.</summary>
    public long NetEnergy { get; }

    /// <summary>Gets the Wh this participant traded with other participants.</summary>
    public long CommunityEnergy { get; }

    /// <summary>Gets the Wh this participant traded with the grid (imports for a buyer, exports for a seller).</summary>
    public long GridEnergy { get; }

    /// <summary>Gets the money received (positive) or paid (negative), in the asset's smallest unit.</summary>
    public Int128 Amount { get; }

    /// <summary>Compares two allocations.</summary>
    /// <param name="left">The first allocation.</param>
    /// <param name="right">The second allocation.</param>
    /// <returns><see langword="true"/> when every field is equal.</returns>
    public static bool operator ==(SharingAllocation left, SharingAllocation right) => left.Equals(right);

    /// <summary>Compares two allocations.</summary>
    /// <param name="left">The first allocation.</param>
    /// <param name="right">The second allocation.</param>
    /// <returns><see langword="true"/> when any field differs.</returns>
    public static bool operator !=(SharingAllocation left, SharingAllocation right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(SharingAllocation other) =>
        Participant == other.Participant && NetEnergy == other.NetEnergy && CommunityEnergy == other.CommunityEnergy &&
        GridEnergy == other.GridEnergy && Amount == other.Amount;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SharingAllocation other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Participant, NetEnergy, CommunityEnergy, GridEnergy, Amount);

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"p{Participant}: net {NetEnergy} Wh (community {CommunityEnergy}, grid {GridEnergy}), amount {Amount}");
}
