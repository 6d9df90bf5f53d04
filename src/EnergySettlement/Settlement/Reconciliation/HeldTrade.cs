using EnergySettlement.Trading;

namespace EnergySettlement.Settlement;

/// <summary>A trade that is not settled yet because a reading it needs is missing (see <see cref="MissingReadingPolicy.Hold"/>).
/// Give its period to a later plan as a reopened period, with the trade and the readings that have arrived.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Trade">The trade.</param>
/// <param name="Reason">Which reading is missing.</param>
public sealed record HeldTrade(Trade Trade, HoldReason Reason)
{
    /// <summary>Gets the delivery period of the trade.</summary>
    public DeliveryPeriod Period => Trade.Period;

    /// <summary>Gets the participants whose reading is missing.</summary>
    public IEnumerable<ParticipantId> WaitingFor => Reason switch
    {
        HoldReason.SellerReadingMissing => [Trade.Seller],
        HoldReason.BuyerReadingMissing => [Trade.Buyer],
        _ => [Trade.Seller, Trade.Buyer],
    };
}
