namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// Energy a zonal clearing moves from one zone of the grid to another: the sellers of <see cref="FromZone"/> deliver
/// <see cref="Quantity"/> Wh more than its buyers take, and the buyers of <see cref="ToZone"/> take that much more than
/// its sellers deliver (or the energy passes on through further transfers).
/// </summary>
/// <remarks>
/// The grid operator is owed <see cref="Quantity"/> × the network fee from <see cref="FromZone"/> to <see cref="ToZone"/>
/// (<see cref="ZoneNetwork.GetNetworkFee"/>, tick·Wh). Thread-safe (immutable).
/// </remarks>
public readonly struct ZoneTransfer : IEquatable<ZoneTransfer>
{
    /// <summary>Creates a transfer.</summary>
    /// <param name="fromZone">The zone the energy leaves.</param>
    /// <param name="toZone">The zone the energy enters.</param>
    /// <param name="quantity">The energy in Wh; positive.</param>
    public ZoneTransfer(int fromZone, int toZone, long quantity)
    {
        FromZone = fromZone;
        ToZone = toZone;
        Quantity = quantity;
    }

    /// <summary>Gets the zone the energy leaves.</summary>
    public int FromZone { get; }

    /// <summary>Gets the zone the energy enters.</summary>
    public int ToZone { get; }

    /// <summary>Gets the energy in Wh.</summary>
    public long Quantity { get; }

    /// <summary>Compares two transfers field by field.</summary>
    /// <param name="left">The first transfer.</param>
    /// <param name="right">The second transfer.</param>
    /// <returns><see langword="true"/> when every field is equal.</returns>
    public static bool operator ==(ZoneTransfer left, ZoneTransfer right) => left.Equals(right);

    /// <summary>Compares two transfers field by field.</summary>
    /// <param name="left">The first transfer.</param>
    /// <param name="right">The second transfer.</param>
    /// <returns><see langword="true"/> when any field differs.</returns>
    public static bool operator !=(ZoneTransfer left, ZoneTransfer right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(ZoneTransfer other) => FromZone == other.FromZone && ToZone == other.ToZone && Quantity == other.Quantity;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ZoneTransfer other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(FromZone, ToZone, Quantity);

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"zone {FromZone} → zone {ToZone}: {Quantity} Wh");
}
