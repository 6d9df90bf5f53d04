namespace EnergySettlement.Matching.Auctions;

/// <summary>
/// One fill proposed by a clearing rule: a quantity of one order traded at a price.
/// </summary>
/// <remarks>
/// A fill names its order twice, by position in the span the rule was given (<see cref="OrderIndex"/>, so the
/// engine finds it in O(1)) and by id (<see cref="OrderId"/>, so a fill cannot silently point at the wrong order);
/// <see cref="ClearingResultValidator"/> checks that both agree. Money changes hands as
/// <see cref="Quantity"/> × <see cref="PriceTick"/> (tick·Wh), which the market definition maps to money.
/// Thread-safe (immutable).
/// </remarks>
public readonly struct AuctionFill : IEquatable<AuctionFill>
{
    /// <summary>Creates a fill.</summary>
    /// <param name="orderIndex">The index of the filled order in the span given to the rule.</param>
    /// <param name="orderId">The id of the filled order.</param>
    /// <param name="quantity">The filled energy in watt-hours (Wh); positive.</param>
    /// <param name="priceTick">The price of this fill in ticks per unit of energy.</param>
    public AuctionFill(int orderIndex, long orderId, long quantity, long priceTick)
    {
        OrderIndex = orderIndex;
        OrderId = orderId;
        Quantity = quantity;
        PriceTick = priceTick;
    }

    /// <summary>Gets the index of the filled order in the span given to the rule.</summary>
    public int OrderIndex { get; }

    /// <summary>Gets the id of the filled order.</summary>
    public long OrderId { get; }

    /// <summary>Gets the filled energy in watt-hours (Wh).</summary>
    public long Quantity { get; }

    /// <summary>Gets the price of this fill in ticks (the buyer pays it, the seller receives it).</summary>
    public long PriceTick { get; }

    /// <summary>Compares two fills field by field.</summary>
    /// <param name="left">The first fill.</param>
    /// <param name="right">The second fill.</param>
    /// <returns><see langword="true"/> when every field is equal.</returns>
    public static bool operator ==(AuctionFill left, AuctionFill right) => left.Equals(right);

    /// <summary>Compares two fills field by field.</summary>
    /// <param name="left">The first fill.</param>
    /// <param name="right">The second fill.</param>
    /// <returns><see langword="true"/> when any field differs.</returns>
    public static bool operator !=(AuctionFill left, AuctionFill right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(AuctionFill other) =>
        OrderIndex == other.OrderIndex && OrderId == other.OrderId && Quantity == other.Quantity && PriceTick == other.PriceTick;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AuctionFill other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(OrderIndex, OrderId, Quantity, PriceTick);

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"[{OrderIndex}] #{OrderId} {Quantity} Wh @ {PriceTick}");
}
