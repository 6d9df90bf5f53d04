using EnergySettlement.Matching;

namespace EnergySettlement.Trading;

/// <summary>
/// A participant's bid or offer for energy delivered in one period of one market. Maps one-to-one onto the matching
/// engine's compact <see cref="Command"/> through <see cref="MarketBookMapping"/>.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Order
{
    /// <summary>Gets the order id.</summary>
    public required OrderId Id { get; init; }

    /// <summary>Gets the market.</summary>
    public required MarketId Market { get; init; }

    /// <summary>Gets the delivery period.</summary>
    public required DeliveryPeriod Period { get; init; }

    /// <summary>Gets who places the order.</summary>
    public required ParticipantId Participant { get; init; }

    /// <summary>Gets whether the participant buys or sells.</summary>
    public required Side Side { get; init; }

    /// <summary>Gets the order type.</summary>
    /// <value>The default is <see cref="OrderType.Limit"/> (good till gate closure).</value>
    public OrderType Type { get; init; } = OrderType.Limit;

    /// <summary>Gets the limit price; required except for <see cref="OrderType.Market"/> orders, which take the market's max (buy) or min (sell) price.</summary>
    public Price? LimitPrice { get; init; }

    /// <summary>Gets the energy wanted or offered; positive.</summary>
    public required Energy Quantity { get; init; }

    /// <summary>Gets when the order was submitted (from the host's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>Gets the participant's grid zone when the order was placed, in a market with a <see cref="MarketDefinition.Grid"/>.</summary>
    public ZoneId? Zone { get; init; }

    /// <summary>Gets what the order is, as host-defined flags (see <see cref="OrderRequest.AttributeFlags"/>).</summary>
    public int AttributeFlags { get; init; }

    /// <summary>Gets the flags a counterparty must carry (see <see cref="OrderRequest.RequiredFlags"/>).</summary>
    public int RequiredFlags { get; init; }
}
