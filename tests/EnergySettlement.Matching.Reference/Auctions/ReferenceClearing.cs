using EnergySettlement.Matching.Auctions;

namespace EnergySettlement.Matching.Reference.Auctions;

/// <summary>The outcome of a reference clearing: the uniform price (if anything crossed) and the fills.</summary>
/// <param name="PriceTick">The clearing price, or null when nothing crossed.</param>
/// <param name="Fills">The fills in ascending order index.</param>
public sealed record ReferenceClearing(long? PriceTick, IReadOnlyList<AuctionFill> Fills);
